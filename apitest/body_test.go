package apitest_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/starling-http/starling/apitest"
	"github.com/starling-http/starling/fakes"
	"github.com/starling-http/starling/framework"
)

// Note is a model whose DTO renames a field, excludes one, and makes one
// read-only and one write-only: encoding/json gets all four wrong.
type Note struct {
	ID      int64  `json:"id"`
	Title   string `json:"title" validate:"minLength=1,maxLength=40"`
	Secret  string `json:"secret"`
	Owner   string `json:"owner" validate:"minLength=1,maxLength=20"`
	Passkey string `json:"passkey" validate:"minLength=4,maxLength=20"`
}

var noteDTO = framework.DTO[Note](
	framework.Exclude("Secret"),
	framework.ReadOnly("ID"),
	framework.WriteOnly("Passkey"),
	framework.Rename("Owner", "owned_by"),
)

type noteIn struct {
	Body Note `body:""`
}

type notePatch struct {
	ID   int64                   `path:"id"`
	Body framework.Partial[Note] `body:""`
}

// sentBodies records the raw request bodies the app received.
type sentBodies struct {
	mu     sync.Mutex
	bodies []string
}

func (s *sentBodies) last() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.bodies) == 0 {
		return ""
	}
	return s.bodies[len(s.bodies)-1]
}

func notesApp(t testing.TB, sent *sentBodies) *framework.App {
	t.Helper()
	a, err := framework.New(
		framework.WithInfo(framework.Info{Title: "Notes", Version: "1"}),
		framework.Use(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				sent.mu.Lock()
				sent.bodies = append(sent.bodies, string(b))
				sent.mu.Unlock()
				r.Body = io.NopCloser(bytes.NewReader(b))
				next.ServeHTTP(w, r)
			})
		}),
		framework.Mount(
			framework.Post("/notes", func(_ context.Context, in noteIn) (Note, error) {
				in.Body.ID = 7
				return in.Body, nil
			}, framework.OperationID("createNote"), framework.Accepts(noteDTO), framework.Returns(noteDTO)),
			framework.Patch("/notes/{id:int}", func(_ context.Context, in notePatch) (Note, error) {
				n := in.Body.Value()
				n.ID, n.Owner = in.ID, "ann" // the stored note's owner
				return n, nil
			}, framework.OperationID("patchNote"), framework.Accepts(noteDTO), framework.Returns(noteDTO)),
		),
	)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestBodyFollowsTheDTO: Body sends a made note as the document's client
// would; the excluded and read-only fields never leave the test.
func TestBodyFollowsTheDTO(t *testing.T) {
	t.Parallel()
	sent := &sentBodies{}
	api := apitest.New(t, notesApp(t, sent))
	note := fakes.Make[Note](t, fakes.DTO(noteDTO))
	note.Secret = "do-not-send" // excluded: must not be sent even when set
	note.ID = 99                // read-only: must not be sent

	got := api.POST("/notes").WithTransformer(apitest.Body(api, note)).
		Expect().Status(http.StatusCreated).JSON().Object()
	got.HasValue("id", 7).HasValue("owned_by", note.Owner).NotContainsKey("passkey").NotContainsKey("secret")

	body := sent.last()
	for _, absent := range []string{`"secret"`, "do-not-send", `"id"`, `"owner"`} {
		if strings.Contains(body, absent) {
			t.Errorf("the request body has %s: %s", absent, body)
		}
	}
	for _, present := range []string{`"owned_by"`, `"passkey"`, `"title"`} {
		if !strings.Contains(body, present) {
			t.Errorf("the request body lacks %s: %s", present, body)
		}
	}
}

// TestBodyPartial: a Partial body sends only the fields the value sets.
func TestBodyPartial(t *testing.T) {
	t.Parallel()
	sent := &sentBodies{}
	api := apitest.New(t, notesApp(t, sent))
	api.PATCH("/notes/{id}", 3).WithTransformer(apitest.Body(api, Note{Title: "renamed"})).
		Expect().Status(http.StatusOK).JSON().Object().HasValue("title", "renamed")
	if got := sent.last(); got != `{"title":"renamed"}` {
		t.Errorf("the PATCH body is %s, want only the title", got)
	}
}

// TestBodyWrongType: a value of another type than the route's body fails
// the test, naming both.
func TestBodyWrongType(t *testing.T) {
	t.Parallel()
	f := newFakeTB(t)
	api := apitest.New(f, notesApp(t, &sentBodies{}))
	api.POST("/notes").WithTransformer(apitest.Body(api, Widget{Name: "cog"})).Expect()
	if all := f.all(); !strings.Contains(all, "apitest.Body: POST /notes (operation createNote) takes a body of type apitest_test.Note, not apitest_test.Widget") {
		t.Errorf("want a report naming both types, got:\n%s", all)
	}
}
