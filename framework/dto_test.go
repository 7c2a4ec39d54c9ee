package framework_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/starling-http/starling/framework"
)

type account struct {
	ID           int64
	Email        string `validate:"format=email"`
	DisplayName  string
	PasswordHash string
}

type accountPatch struct {
	Email       string `json:"email" validate:"format=email"`
	DisplayName string `json:"display_name" validate:"minLength=1"`
	Age         *int   `json:"age"`
}

var publicAccount = framework.DTO[account](framework.Name("PublicAccount"), framework.Exclude("PasswordHash"), framework.RenameAll(framework.CamelCase))

func sampleAccount() account {
	return account{ID: 7, Email: "a@example.com", DisplayName: "Ann", PasswordHash: "$2a$10$secret"}
}

func TestReturnsDTO(t *testing.T) {
	t.Parallel()
	one := func(context.Context, none) (account, error) { return sampleAccount(), nil }
	list := func(context.Context, none) ([]account, error) { return []account{sampleAccount()}, nil }
	snake := framework.DTO[account](framework.Name("AccountRef"), framework.Include("ID", "Email"), framework.RenameAll(framework.SnakeCase))
	a := newApp(t, framework.Mount(framework.Controller{
		Path: "/accounts",
		DTOs: []framework.DTOSpec{publicAccount},
		Routes: []framework.Route{
			framework.Get("/one", one),
			framework.Get("/list", list),
			framework.Get("/own", one, framework.Returns(snake)),
		},
	}))
	tests := []struct {
		path string
		want any
	}{
		{"/accounts/one", map[string]any{"id": 7.0, "email": "a@example.com", "displayName": "Ann"}},
		{"/accounts/list", []any{map[string]any{"id": 7.0, "email": "a@example.com", "displayName": "Ann"}}},
		{"/accounts/own", map[string]any{"id": 7.0, "email": "a@example.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			w := get(t, a, tt.path)
			wantStatus(t, w, http.StatusOK)
			if diff := cmp.Diff(tt.want, decodeJSON[any](t, w)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	routes := a.Routes()
	if got := routes[0].Sources["DTO[framework_test.account]"]; got != `controller "/accounts"` {
		t.Errorf("Sources[DTO] = %q, want the controller", got)
	}
}

func TestAcceptsDTO(t *testing.T) {
	t.Parallel()
	type create struct {
		Body account `body:""`
	}
	input := framework.DTO[account](
		framework.Name("AccountIO"),
		framework.RenameAll(framework.SnakeCase),
		framework.ReadOnly("ID"),
		framework.WriteOnly("PasswordHash"),
		framework.ForbidUnknown(),
	)
	a := newApp(t, framework.Mount(framework.Post("/accounts", func(_ context.Context, in create) (account, error) {
		in.Body.ID = 99
		return in.Body, nil
	}, framework.Accepts(input), framework.Returns(input))))
	tests := []struct {
		name      string
		body      string
		status    int
		want      map[string]any
		locations []string
	}{
		{"accepted; write-only field not echoed", `{"email":"b@example.com","display_name":"Bo","password_hash":"h"}`, 201,
			map[string]any{"id": 99.0, "email": "b@example.com", "display_name": "Bo"}, nil},
		{"read-only field refused", `{"id":5,"email":"b@example.com","display_name":"Bo"}`, 400, nil, []string{"body.id"}},
		{"unknown field refused", `{"email":"b@example.com","display_name":"Bo","role":"admin"}`, 400, nil, []string{"body.role"}},
		{"Go names are not wire names", `{"Email":"b@example.com"}`, 400, nil, []string{"body.Email"}},
		{"constraint of the model", `{"email":"nope","display_name":"Bo"}`, 400, nil, []string{"body.email"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := postJSON(t, a, http.MethodPost, "/accounts", tt.body)
			if tt.status != 201 {
				p, _ := problem(t, w, tt.status)
				if diff := cmp.Diff(tt.locations, locations(p)); diff != "" {
					t.Errorf("locations (-want +got):\n%s", diff)
				}
				return
			}
			wantStatus(t, w, tt.status)
			if diff := cmp.Diff(tt.want, decodeJSON[map[string]any](t, w)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestPartialBody(t *testing.T) {
	t.Parallel()
	type patch struct {
		Body framework.Partial[accountPatch] `body:""`
	}
	a := newApp(t, framework.Mount(framework.Patch("/me", func(_ context.Context, in patch) (accountPatch, error) {
		current := accountPatch{Email: "old@example.com", DisplayName: "Old", Age: ptr(30)}
		if err := in.Body.Apply(&current); err != nil {
			return accountPatch{}, err
		}
		return current, nil
	})))
	tests := []struct {
		name   string
		body   string
		status int
		want   accountPatch
	}{
		{"one field", `{"display_name":"New"}`, 200, accountPatch{Email: "old@example.com", DisplayName: "New", Age: ptr(30)}},
		{"null clears a pointer", `{"age":null}`, 200, accountPatch{Email: "old@example.com", DisplayName: "Old"}},
		{"nothing", `{}`, 200, accountPatch{Email: "old@example.com", DisplayName: "Old", Age: ptr(30)}},
		{"sent fields are validated", `{"display_name":""}`, 400, accountPatch{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := postJSON(t, a, http.MethodPatch, "/me", tt.body)
			if tt.status != 200 {
				p, _ := problem(t, w, tt.status)
				if diff := cmp.Diff([]string{"body.display_name"}, locations(p)); diff != "" {
					t.Errorf("locations (-want +got):\n%s", diff)
				}
				return
			}
			wantStatus(t, w, tt.status)
			if diff := cmp.Diff(tt.want, decodeJSON[accountPatch](t, w)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// checklist is a PATCH target whose items are replaced whole.
type checklist struct {
	Title string          `json:"title" validate:"required"`
	Items []checklistItem `json:"items"`
}

type checklistItem struct {
	Text string `json:"text" validate:"required,minLength=1"`
	Done bool   `json:"done"`
}

// TestPartialCollectionItems: a PATCH merges objects field by field, but a
// list in it replaces the old list, so each item must be whole: an item
// without its required text is refused, not stored empty.
func TestPartialCollectionItems(t *testing.T) {
	t.Parallel()
	type patch struct {
		Body framework.Partial[checklist] `body:""`
	}
	a := newApp(t, framework.Mount(framework.Patch("/list", func(_ context.Context, in patch) (checklist, error) {
		current := checklist{Title: "Old", Items: []checklistItem{{Text: "milk"}}}
		if err := in.Body.Apply(&current); err != nil {
			return checklist{}, err
		}
		return current, nil
	})))
	tests := []struct {
		name      string
		body      string
		status    int
		locations []string
		want      checklist
	}{
		{"title only", `{"title":"New"}`, 200, nil, checklist{Title: "New", Items: []checklistItem{{Text: "milk"}}}},
		{"items replaced", `{"items":[{"text":"eggs","done":true}]}`, 200, nil, checklist{Title: "Old", Items: []checklistItem{{Text: "eggs", Done: true}}}},
		{"item without its required text", `{"items":[{"done":true}]}`, 400, []string{"body.items.0.text"}, checklist{}},
		{"item with an empty text", `{"items":[{"text":"ok"},{"text":""}]}`, 400, []string{"body.items.1.text"}, checklist{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := postJSON(t, a, http.MethodPatch, "/list", tt.body)
			if tt.status != 200 {
				p, _ := problem(t, w, tt.status)
				if diff := cmp.Diff(tt.locations, locations(p)); diff != "" {
					t.Errorf("locations (-want +got):\n%s", diff)
				}
				return
			}
			wantStatus(t, w, tt.status)
			if diff := cmp.Diff(tt.want, decodeJSON[checklist](t, w)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDTOBuildErrors(t *testing.T) {
	t.Parallel()
	one := func(context.Context, none) (account, error) { return account{}, nil }
	type create struct {
		Body account `body:""`
	}
	tests := []struct {
		name  string
		route framework.Route
		want  []string
	}{
		{"exclude of a field the model lacks", framework.Get("/x", one, framework.Returns(framework.DTO[account](framework.Exclude("Password")))),
			[]string{"route GET /x", "framework_test.account", "Password"}},
		{"Returns for another model", framework.Get("/x", one, framework.Returns(framework.DTO[accountPatch]())),
			[]string{"route GET /x", "Returns(", "framework_test.accountPatch", "result type framework_test.account"}},
		{"Returns on NoContent", framework.Delete("/x", func(context.Context, none) (framework.NoContent, error) { return framework.NoContent{}, nil }, framework.Returns(publicAccount)),
			[]string{"route DELETE /x", "NoContent"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantContains(t, buildError(t, framework.Mount(tt.route)), tt.want...)
		})
	}
	t.Run("Accepts for another model", func(t *testing.T) {
		t.Parallel()
		msg := buildError(t, framework.Mount(framework.Post("/x", func(context.Context, create) (string, error) { return "", nil },
			framework.Accepts(framework.DTO[accountPatch]()))))
		wantContains(t, msg, "route POST /x", "create.Body", "Accepts(", "framework_test.accountPatch", "framework_test.account")
	})
}
