package app_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/starling-http/starling/examples/todo/app"
	"github.com/starling-http/starling/framework"
)

// The app is an http.Handler: create a list, add a todo to it, then try to
// mark the todo done while its checklist is open. The clock is pinned so
// that the timestamps are known.
func Example() {
	noon := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	a, err := app.New(framework.WithOverrides(framework.Value[app.Clock](func() time.Time { return noon })))
	if err != nil {
		fmt.Println(err)
		return
	}
	send := func(method, path, body string) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Request-ID", "example") // problems quote it; a client's own is kept
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, req)
		fmt.Println(rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	send(http.MethodPost, "/lists", `{"name":"Garden"}`)
	send(http.MethodPost, "/lists/1/todos", `{"title":"Repot the fern","priority":"high","due":{"date":"2025-06-07"},"checklist":[{"text":"Buy soil"}]}`)
	send(http.MethodPatch, "/lists/1/todos/1", `{"status":"done"}`)
	// Output:
	// 201 {"id":1,"name":"Garden","open_todos":0,"done_todos":0,"created_at":"2025-06-01T12:00:00Z"}
	// 201 {"id":1,"list_id":1,"title":"Repot the fern","notes":"","status":"open","priority":"high","due":{"date":"2025-06-07","reminder":null},"checklist":[{"text":"Buy soil","done":false}],"created_at":"2025-06-01T12:00:00Z","updated_at":"2025-06-01T12:00:00Z"}
	// 422 {"type":"about:blank","title":"Unprocessable Entity","status":422,"detail":"the todo cannot be done while 1 checklist item(s) are open","request_id":"example"}
}
