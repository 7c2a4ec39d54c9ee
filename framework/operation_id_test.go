package framework

import "testing"

// The default ids are part of every generated client's API: this table is
// the promise that they stay as they are.
func TestOperationID(t *testing.T) {
	for _, tc := range []struct{ method, path, want string }{
		{"GET", "/users", "listUsers"},
		{"POST", "/users", "createUser"},
		{"GET", "/users/{user_id}", "getUser"},
		{"PUT", "/users/{user_id}", "replaceUser"},
		{"PATCH", "/users/{user_id}", "updateUser"},
		{"DELETE", "/users/{user_id}", "deleteUser"},
		{"GET", "/users/me", "getMe"},
		{"POST", "/auth/login", "login"},
		{"GET", "/lists/{list_id}/todos", "listTodos"},
		{"GET", "/lists/{list_id}/todos/{todo_id}", "getTodo"},
		{"POST", "/lists/{list_id}/todos", "createTodo"},
		{"GET", "/categories", "listCategories"},
		{"GET", "/categories/{id}", "getCategory"},
		{"GET", "/addresses/{id}", "getAddress"},
		{"GET", "/boxes", "listBoxes"},
		{"GET", "/status", "getStatus"},
		{"GET", "/email-addresses/{id}", "getEmailAddress"},
		{"DELETE", "/sessions", "deleteSessions"},
		{"GET", "/", "getRoot"},
		{"GET", "/files/{rest}", "getFile"},
		{"OPTIONS", "/things", "optionsThings"},
	} {
		if got := operationID(tc.method, tc.path); got != tc.want {
			t.Errorf("operationID(%s %s) = %q, want %q", tc.method, tc.path, got, tc.want)
		}
	}
}
