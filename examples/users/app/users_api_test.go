package app_test

// The users service driven through apitest: every request and response
// below is checked against the app's own OpenAPI document, and the
// coverage of that document is printed by TestMain.

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gavv/httpexpect/v2"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/starling-http/starling/apitest"
	"github.com/starling-http/starling/examples/users/app"
	"github.com/starling-http/starling/fakes"
	"github.com/starling-http/starling/framework"
)

// plainHasher is the cheap Hasher the tests swap in for bcrypt: a test
// that signs up a dozen users should not spend a second hashing.
type plainHasher struct{}

func (plainHasher) Hash(password string) ([]byte, error) { return []byte("plain:" + password), nil }

func (plainHasher) Verify(hash []byte, password string) error {
	if subtle.ConstantTimeCompare(hash, []byte("plain:"+password)) != 1 {
		return errors.New("password mismatch")
	}
	return nil
}

// usersApp is the users app as main builds it, for apitest to rebuild per
// test with its overrides.
func usersApp(t testing.TB) *framework.App {
	t.Helper()
	a, err := app.New()
	require.NoError(t, err)
	return a
}

// newUsersAPI is the users API of one test, with the cheap hasher.
func newUsersAPI(t testing.TB, opts ...apitest.Option) *apitest.API {
	t.Helper()
	base := []apitest.Option{apitest.OverrideValue[app.Hasher](plainHasher{})}
	return apitest.New(t, usersApp(t), append(base, opts...)...)
}

// signUp creates a user from a made CreateUser and logs them in.
func signUp(t testing.TB, api *apitest.API, opts ...fakes.Option) (app.CreateUser, app.User, string) {
	t.Helper()
	in := fakes.Make[app.CreateUser](t, opts...)
	u := apitest.Decode[app.User](t, api.POST("/users").WithJSON(in).Expect().Status(http.StatusCreated))
	tok := apitest.Decode[app.AccessToken](t, api.POST("/auth/login").
		WithJSON(app.Login{Email: in.Email, Password: in.Password}).Expect().Status(http.StatusOK))
	return in, u, tok.AccessToken
}

func bearer(token string) string { return "Bearer " + token }

func TestCreateUser(t *testing.T) {
	t.Parallel()
	api := newUsersAPI(t)
	in := fakes.Make[app.CreateUser](t)
	api.POST("/users").WithJSON(in).Expect().Status(http.StatusCreated).
		JSON().Object().HasValue("email", strings.ToLower(in.Email)).HasValue("name", in.Name).
		NotContainsKey("password").NotContainsKey("password_hash")

	// The same email again, in other case: a 409 problem.
	in.Email = strings.ToUpper(in.Email)
	apitest.Problem(api.POST("/users").WithJSON(in).Expect().Status(http.StatusConflict)).
		HasValue("status", http.StatusConflict)

	api.Invalid().POST("/users").WithText(in.Email).Expect().Status(http.StatusUnsupportedMediaType)
}

// TestCreateUserInvalid posts each body that breaks exactly one rule of
// CreateUser: a 400 naming that field, which must itself match the
// document's problem schema.
func TestCreateUserInvalid(t *testing.T) {
	t.Parallel()
	api := newUsersAPI(t)
	for _, v := range fakes.Invalid[app.CreateUser](t) {
		if v.Valid {
			continue
		}
		t.Run(v.Name, func(t *testing.T) {
			problem := apitest.Problem(api.Invalid().POST("/users").WithBytes(v.JSON).
				WithHeader("Content-Type", "application/json").Expect().Status(http.StatusBadRequest))
			problem.Value("errors").Array().Value(0).Object().HasValue("rule", v.Rule)
		})
	}
}

func TestGetUser(t *testing.T) {
	t.Parallel()
	api := newUsersAPI(t)
	in, created, token := signUp(t, api)

	got := apitest.Decode[app.User](t, api.GET("/users/{id}", created.ID).
		WithHeader("Authorization", bearer(token)).Expect().Status(http.StatusOK))
	want := app.User{ID: created.ID, Email: strings.ToLower(in.Email), Name: in.Name, Age: in.Age, Tags: in.Tags}
	apitest.Equal(t, want, got, cmpopts.IgnoreFields(app.User{}, "CreatedAt"), cmpopts.EquateEmpty())
	assert.WithinDuration(t, created.CreatedAt, got.CreatedAt, 0)

	api.GET("/users/{id}", created.ID+1000).WithHeader("Authorization", bearer(token)).
		Expect().Status(http.StatusNotFound)
	// No token: the document requires one, so the request is invalid on purpose.
	api.Invalid().GET("/users/{id}", created.ID).Expect().Status(http.StatusUnauthorized)
	apitest.Problem(api.Invalid().GET("/users/0").WithHeader("Authorization", bearer(token)).
		Expect().Status(http.StatusBadRequest)).
		Value("errors").Array().Value(0).Object().HasValue("location", "path.user_id")
}

func TestAuthLogin(t *testing.T) {
	t.Parallel()
	api := newUsersAPI(t)
	in, _, token := signUp(t, api)
	require.NotEmpty(t, token)

	api.POST("/auth/login").WithJSON(app.Login{Email: in.Email, Password: in.Password + "x"}).
		Expect().Status(http.StatusUnauthorized)
	api.Invalid().POST("/auth/login").WithJSON(map[string]any{"email": "not an email"}).
		Expect().Status(http.StatusBadRequest)
	api.Invalid().POST("/auth/login").WithText(in.Email).Expect().Status(http.StatusUnsupportedMediaType)
	api.Invalid().GET("/auth/login").Expect().Status(http.StatusMethodNotAllowed).Header("Allow").Contains("POST")
}

func TestListUsers(t *testing.T) {
	t.Parallel()
	api := newUsersAPI(t)
	_, _, token := signUp(t, api)
	for range 3 {
		signUp(t, api)
	}
	page := api.GET("/users").WithQuery("limit", 2).WithQuery("sort", "-id").
		WithHeader("Authorization", bearer(token)).Expect().Status(http.StatusOK).JSON().Object()
	page.HasValue("total", 4).HasValue("limit", 2)
	page.Value("items").Array().Length().IsEqual(2)

	api.Invalid().GET("/users").WithQuery("limit", 1000).WithHeader("Authorization", bearer(token)).
		Expect().Status(http.StatusBadRequest)
	api.Invalid().GET("/users").Expect().Status(http.StatusUnauthorized)
	api.Invalid().PUT("/users").Expect().Status(http.StatusMethodNotAllowed)
}

func TestUpdateUser(t *testing.T) {
	t.Parallel()
	api := newUsersAPI(t)
	_, me, token := signUp(t, api)
	_, other, _ := signUp(t, api)

	api.PATCH("/users/{id}", me.ID).WithHeader("Authorization", bearer(token)).
		WithJSON(map[string]any{"bio": "Writes tests."}).Expect().Status(http.StatusOK).
		JSON().Object().HasValue("bio", "Writes tests.").HasValue("name", me.Name)
	api.PATCH("/users/{id}", me.ID).WithHeader("Authorization", bearer(token)).
		WithJSON(map[string]any{"bio": nil}).Expect().Status(http.StatusOK).
		JSON().Object().Value("bio").IsNull()
	api.PATCH("/users/{id}", other.ID).WithHeader("Authorization", bearer(token)).
		WithJSON(map[string]any{"name": "Mallory"}).Expect().Status(http.StatusForbidden)
	api.Invalid().PATCH("/users/{id}", me.ID).WithHeader("Authorization", bearer(token)).
		WithJSON(map[string]any{"age": -1}).Expect().Status(http.StatusBadRequest)
	api.Invalid().PATCH("/users/{id}", me.ID).WithHeader("Authorization", bearer(token)).
		WithText("name=Bo").Expect().Status(http.StatusUnsupportedMediaType)
	api.Invalid().PATCH("/users/{id}", me.ID).WithJSON(map[string]any{"name": "Bo"}).
		Expect().Status(http.StatusUnauthorized)
}

// TestUpdateUserFields changes one field per PATCH: the answer, and a
// later read, show that field as sent and every field not sent as it was.
func TestUpdateUserFields(t *testing.T) {
	t.Parallel()
	api := newUsersAPI(t)
	_, me, token := signUp(t, api)
	authed := api.Builder(func(r *httpexpect.Request) { r.WithHeader("Authorization", bearer(token)) })

	bio, age := "Writes tests.", (me.Age+1)%151
	want := me
	for _, step := range []struct {
		body   map[string]any
		change func(*app.User)
	}{
		{map[string]any{"bio": bio}, func(u *app.User) { u.Bio = &bio }},
		{map[string]any{"tags": []string{"go", "tests"}}, func(u *app.User) { u.Tags = []string{"go", "tests"} }},
		{map[string]any{"age": age}, func(u *app.User) { u.Age = age }},
		{map[string]any{"name": "Renamed"}, func(u *app.User) { u.Name = "Renamed" }},
		{map[string]any{"tags": []string{}}, func(u *app.User) { u.Tags = nil }},
	} {
		step.change(&want)
		got := apitest.Decode[app.User](t, authed.PATCH("/users/{id}", me.ID).
			WithJSON(step.body).Expect().Status(http.StatusOK))
		apitest.Equal(t, want, got, cmpopts.EquateEmpty())
		apitest.Equal(t, want, apitest.Decode[app.User](t, authed.GET("/users/{id}", me.ID).
			Expect().Status(http.StatusOK)), cmpopts.EquateEmpty())
	}
}

func TestDeleteUser(t *testing.T) {
	t.Parallel()
	api := newUsersAPI(t)
	_, me, token := signUp(t, api)
	_, other, _ := signUp(t, api)
	auth := func(r *httpexpect.Request) { r.WithHeader("Authorization", bearer(token)) }

	api.DELETE("/users/{id}", other.ID).WithHeader("Authorization", bearer(token)).
		Expect().Status(http.StatusForbidden)
	api.Invalid().DELETE("/users/{id}", me.ID).Expect().Status(http.StatusUnauthorized)
	api.Invalid().DELETE("/users/0").WithHeader("Authorization", bearer(token)).Expect().Status(http.StatusBadRequest)
	api.Invalid().PUT("/users/{id}", me.ID).Expect().Status(http.StatusMethodNotAllowed)

	authed := api.Builder(auth)
	authed.DELETE("/users/{id}", me.ID).Expect().Status(http.StatusNoContent).NoContent()
	// The token outlives the user: every route now answers 404.
	authed.GET("/users/{id}", me.ID).Expect().Status(http.StatusNotFound)
	authed.PATCH("/users/{id}", me.ID).WithJSON(map[string]any{"name": "Bo"}).Expect().Status(http.StatusNotFound)
	authed.DELETE("/users/{id}", me.ID).Expect().Status(http.StatusNotFound)
}

// brokenStore is a Store whose every call fails: what the service answers
// when its database is down.
type brokenStore struct{ app.Store }

var errDown = errors.New("database is down")

func (brokenStore) Create(context.Context, app.User) (app.User, error) { return app.User{}, errDown }

func (brokenStore) GetByEmail(context.Context, string) (app.User, error) { return app.User{}, errDown }

// TestStoreDown overrides the Store with one that fails: the client gets a
// documented 500 problem that shows nothing of the cause.
func TestStoreDown(t *testing.T) {
	t.Parallel()
	api := newUsersAPI(t, apitest.Override(framework.Provide(func() brokenStore { return brokenStore{} }, framework.As[app.Store]())))
	body := api.POST("/users").WithJSON(fakes.Make[app.CreateUser](t)).
		Expect().Status(http.StatusInternalServerError).Body().Raw()
	assert.NotContains(t, body, errDown.Error())
	api.POST("/auth/login").WithJSON(app.Login{Email: "a@example.com", Password: "secret"}).
		Expect().Status(http.StatusInternalServerError)
}

// countingHasher counts hashes: proof that the override reached the
// service through the layers.
type countingHasher struct {
	plainHasher
	n *atomic.Int64
}

func (h countingHasher) Hash(p string) ([]byte, error) { h.n.Add(1); return h.plainHasher.Hash(p) }

// TestOverridesAreIsolated runs parallel tests with their own hasher each:
// none sees another's.
func TestOverridesAreIsolated(t *testing.T) {
	t.Parallel()
	for i := range 4 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			var n atomic.Int64
			api := newUsersAPI(t, apitest.OverrideValue[app.Hasher](countingHasher{n: &n}))
			for range i + 1 {
				api.POST("/users").WithJSON(fakes.Make[app.CreateUser](t)).
					Expect().Status(http.StatusCreated)
			}
			assert.Equal(t, int64(i+1), n.Load())
		})
	}
}

// TestHealth reaches the routes the document leaves out.
func TestHealth(t *testing.T) {
	t.Parallel()
	api := newUsersAPI(t)
	api.Undocumented().GET("/health/ready").Expect().Status(http.StatusOK).
		JSON().Object().HasValue("status", "ok")
	api.Undocumented().GET("/schema/openapi.json").Expect().Status(http.StatusOK)
}
