package rawhttp_test

import (
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/starling-http/starling/internal/rawhttp"
)

// A request net/http's client would never send, two Content-Type headers,
// served in-process exactly as a server would parse it.
func Example() {
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%d Content-Type headers, body %s", len(r.Header.Values("Content-Type")), body)
	})
	req := rawhttp.Request{Method: "POST", Target: "/", Body: `{"a":1}`}.
		With("Content-Type", "application/json").
		With("Content-Type", "text/plain")
	head, _ := req.Encode()
	fmt.Printf("%q\n", head)
	got, err := rawhttp.Serve(echo, req, time.Second)
	if err != nil {
		panic(err)
	}
	fmt.Println(got.Status, string(got.Body))
	// Output:
	// "POST / HTTP/1.1\r\nHost: raw.test\r\nContent-Type: application/json\r\nContent-Type: text/plain\r\nContent-Length: 7\r\n\r\n"
	// 200 2 Content-Type headers, body {"a":1}
}
