package app_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/starling-http/starling/apitest"
	"github.com/starling-http/starling/examples/users/app"
)

// TestGetMe finds the caller's own user from the token alone, and answers
// 404 once that user is gone, 401 without a token, 405 for another method.
func TestGetMe(t *testing.T) {
	t.Parallel()
	api := newUsersAPI(t)
	// Another user signs up first, so that the caller is not user 1: the
	// answer must come from the token, not from the first user stored.
	_, _, _ = signUp(t, api)
	in, created, token := signUp(t, api)

	got := apitest.Decode[app.User](t, api.GET("/users/me").
		WithHeader("Authorization", bearer(token)).Expect().Status(http.StatusOK))
	if got.ID != created.ID || got.Email != strings.ToLower(in.Email) {
		t.Errorf("GET /users/me = user %d %q, want %d %q", got.ID, got.Email, created.ID, strings.ToLower(in.Email))
	}

	api.Invalid().GET("/users/me").Expect().Status(http.StatusUnauthorized)
	api.Invalid().POST("/users/me").WithHeader("Authorization", bearer(token)).
		Expect().Status(http.StatusMethodNotAllowed).Header("Allow").Contains("GET")
	api.DELETE("/users/{id}", created.ID).WithHeader("Authorization", bearer(token)).
		Expect().Status(http.StatusNoContent)
	apitest.Problem(api.GET("/users/me").WithHeader("Authorization", bearer(token)).
		Expect().Status(http.StatusNotFound)).HasValue("status", http.StatusNotFound)
}
