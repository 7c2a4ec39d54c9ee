package app_test

// The documented error statuses that only a misbehaving client or a failing
// database reaches: 413 for a body over the limit on every operation that
// takes one, and 500 or 503 on every operation when the store fails or its
// database is out of reach. Each answer is a problem document checked against
// the users document, as every exchange through apitest is.

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gavv/httpexpect/v2"
	"github.com/stretchr/testify/assert"

	"github.com/starling-http/starling/apitest"
	"github.com/starling-http/starling/examples/users/app"
	"github.com/starling-http/starling/framework"
)

// oversizedJSON is a JSON object one byte past the users app's body limit
// (it sets none, so the framework's default applies), shaped like a login
// so that only its size is wrong.
func oversizedJSON(tb testing.TB) string {
	tb.Helper()
	head, tail := `{"email":"big@example.com","password":"`, `"}`
	pad := int(framework.DefaultBodyLimit) + 1 - len(head) - len(tail)
	return head + strings.Repeat("x", pad) + tail
}

// expectProblem asserts that resp is a problem document for status whose
// request_id is the response's X-Request-ID, and returns it.
func expectProblem(tb testing.TB, resp *httpexpect.Response, status int) *httpexpect.Object {
	tb.Helper()
	p := apitest.Problem(resp.Status(status))
	p.HasValue("status", status).HasValue("title", http.StatusText(status))
	id := resp.Header("X-Request-ID").NotEmpty().Raw()
	p.HasValue("request_id", id)
	return p
}

// TestOversizedBodies sends every operation that reads a body one byte more
// than the 10 MiB limit: a 413 problem that names the limit, and nothing
// is stored. The request is invalid against the document on purpose (its
// password breaks maxLength), so it goes through api.Invalid().
func TestOversizedBodies(t *testing.T) {
	t.Parallel()
	api := newUsersAPI(t)
	in, me, token := signUp(t, api)
	huge := oversizedJSON(t)
	limit := framework.DefaultBodyLimit

	for _, tt := range []struct {
		name   string
		method string
		path   string
		args   []any
		token  string
	}{
		{"sign up", http.MethodPost, "/users", nil, ""},
		{"log in", http.MethodPost, "/auth/login", nil, ""},
		{"update", http.MethodPatch, "/users/{id}", []any{me.ID}, token},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := api.Invalid().Request(tt.method, tt.path, tt.args...).
				WithText(huge).WithHeader("Content-Type", "application/json")
			if tt.token != "" {
				req = req.WithHeader("Authorization", bearer(tt.token))
			}
			p := expectProblem(t, req.Expect(), http.StatusRequestEntityTooLarge)
			p.Value("detail").String().Contains(strconv.FormatInt(limit, 10))
			p.NotContainsKey("errors")
		})
	}

	// The refused sign-up stored no one and the refused update changed nothing.
	authed := api.Builder(func(r *httpexpect.Request) { r.WithHeader("Authorization", bearer(token)) })
	authed.GET("/users").Expect().Status(http.StatusOK).JSON().Object().HasValue("total", 1)
	authed.GET("/users/{id}", me.ID).Expect().Status(http.StatusOK).JSON().Object().
		HasValue("name", in.Name).HasValue("bio", nil)
}

// outageStore is a working store until down is set; from then on every
// call fails, as when the database goes away under a running service.
type outageStore struct {
	app.Store
	down atomic.Bool
	err  error // what every call returns while down
}

func newOutageStore(err error) *outageStore {
	return &outageStore{Store: app.NewMemoryStore(), err: err}
}

func (s *outageStore) Create(ctx context.Context, u app.User) (app.User, error) {
	if s.down.Load() {
		return app.User{}, s.err
	}
	return s.Store.Create(ctx, u)
}

func (s *outageStore) Get(ctx context.Context, id int64) (app.User, error) {
	if s.down.Load() {
		return app.User{}, s.err
	}
	return s.Store.Get(ctx, id)
}

func (s *outageStore) GetByEmail(ctx context.Context, email string) (app.User, error) {
	if s.down.Load() {
		return app.User{}, s.err
	}
	return s.Store.GetByEmail(ctx, email)
}

func (s *outageStore) Update(ctx context.Context, u app.User) error {
	if s.down.Load() {
		return s.err
	}
	return s.Store.Update(ctx, u)
}

func (s *outageStore) Delete(ctx context.Context, id int64) error {
	if s.down.Load() {
		return s.err
	}
	return s.Store.Delete(ctx, id)
}

func (s *outageStore) List(ctx context.Context, q app.ListQuery) ([]app.User, int, error) {
	if s.down.Load() {
		return nil, 0, s.err
	}
	return s.Store.List(ctx, q)
}

// TestStoreOutage logs in while the store works, then takes it down: every
// operation answers a documented problem that shows nothing of the cause (a
// 503 when the store says its database is out of reach, a 500 for any other
// failure), and once the store is back no data was lost on the way.
func TestStoreOutage(t *testing.T) {
	t.Parallel()
	for _, outage := range []struct {
		name   string
		err    error
		status int
	}{
		{"failing", errDown, http.StatusInternalServerError},
		{"unreachable", fmt.Errorf("dial tcp 10.0.0.7:5432: %w: %w", app.ErrUnavailable, errDown), http.StatusServiceUnavailable},
	} {
		t.Run(outage.name, func(t *testing.T) {
			t.Parallel()
			store := newOutageStore(outage.err)
			api := newUsersAPI(t, apitest.OverrideValue[app.Store](store))
			in, me, token := signUp(t, api)
			authed := api.Builder(func(r *httpexpect.Request) { r.WithHeader("Authorization", bearer(token)) })

			store.down.Store(true)
			for _, tt := range []struct {
				name string
				req  *httpexpect.Request
			}{
				{"sign up", api.POST("/users").WithJSON(app.CreateUser{Email: "late@example.com", Password: "password1", Name: "Late"})},
				{"list", authed.GET("/users")},
				{"get", authed.GET("/users/{id}", me.ID)},
				{"me", authed.GET("/users/me")},
				{"update", authed.PATCH("/users/{id}", me.ID).WithJSON(map[string]any{"name": "Lost"})},
				{"delete", authed.DELETE("/users/{id}", me.ID)},
				{"log in", api.POST("/auth/login").WithJSON(app.Login{Email: in.Email, Password: in.Password})},
			} {
				t.Run(tt.name, func(t *testing.T) {
					resp := tt.req.Expect()
					p := expectProblem(t, resp, outage.status)
					p.NotContainsKey("errors")
					assert.NotContains(t, resp.Body().Raw(), errDown.Error())
					assert.NotContains(t, resp.Body().Raw(), "10.0.0.7")
				})
			}

			// Back up: the user is there, unchanged and undeleted.
			store.down.Store(false)
			authed.GET("/users/{id}", me.ID).Expect().Status(http.StatusOK).
				JSON().Object().HasValue("name", in.Name)
			authed.GET("/users").Expect().Status(http.StatusOK).JSON().Object().HasValue("total", 1)
		})
	}
}
