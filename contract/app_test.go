package contract_test

import (
	"context"
	"net/http"
	"sync"

	"github.com/starling-http/starling/framework"
)

// A small Starling app for the in-process tests: notes, one route guarded.

type Note struct {
	ID       int64    `json:"id"`
	Title    string   `json:"title" validate:"required,minLength=1,maxLength=20"`
	Priority int      `json:"priority" validate:"minimum=1,maximum=5"`
	Tags     []string `json:"tags" validate:"maxItems=3,dive,minLength=1,maxLength=8"`
}

type NewNote struct {
	Title    string   `json:"title" validate:"required,minLength=1,maxLength=20"`
	Priority int      `json:"priority" validate:"required,minimum=1,maximum=5"`
	Tags     []string `json:"tags,omitempty" validate:"maxItems=3,dive,minLength=1,maxLength=8"`
}

type notes struct {
	mu   sync.Mutex
	next int64
	m    map[int64]Note
}

type createNote struct {
	Body  NewNote `body:""`
	Notes *notes  `inject:""`
}

type noteByID struct {
	ID    int64  `path:"note_id" validate:"minimum=1"`
	Notes *notes `inject:""`
}

// tokenGuard wants "Authorization: Bearer t0ken".
type tokenGuard struct{}

func (tokenGuard) Check(r *http.Request, _ *framework.RouteInfo) error {
	if r.Header.Get("Authorization") != "Bearer t0ken" {
		return framework.Unauthorized("a bearer token is required")
	}
	return nil
}

func (tokenGuard) SecurityRequirement() (string, framework.SecurityScheme, []string) {
	return "bearer", framework.BearerAuth(""), nil
}

func notesApp() (*framework.App, error) {
	return framework.New(
		framework.WithInfo(framework.Info{Title: "Notes", Version: "1.0.0"}),
		framework.Dependencies(framework.Value(&notes{m: map[int64]Note{}})),
		framework.Mount(framework.Controller{
			Path: "/notes",
			Routes: []framework.Route{
				framework.Post("/", func(_ context.Context, in createNote) (Note, error) {
					in.Notes.mu.Lock()
					defer in.Notes.mu.Unlock()
					in.Notes.next++
					n := Note{ID: in.Notes.next, Title: in.Body.Title, Priority: in.Body.Priority, Tags: in.Body.Tags}
					if n.Tags == nil {
						n.Tags = []string{}
					}
					in.Notes.m[n.ID] = n
					return n, nil
				}),
				framework.Get("/{note_id:int}", func(_ context.Context, in noteByID) (Note, error) {
					in.Notes.mu.Lock()
					defer in.Notes.mu.Unlock()
					n, ok := in.Notes.m[in.ID]
					if !ok {
						return Note{}, framework.NotFound("no such note")
					}
					return n, nil
				}, framework.Raises(http.StatusNotFound)),
				framework.Delete("/{note_id:int}", func(_ context.Context, in noteByID) (framework.NoContent, error) {
					in.Notes.mu.Lock()
					defer in.Notes.mu.Unlock()
					if _, ok := in.Notes.m[in.ID]; !ok {
						return framework.NoContent{}, framework.NotFound("no such note")
					}
					delete(in.Notes.m, in.ID)
					return framework.NoContent{}, nil
				}, framework.Raises(http.StatusNotFound), framework.Guards(tokenGuard{})),
			},
		}),
	)
}
