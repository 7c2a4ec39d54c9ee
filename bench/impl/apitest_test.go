package impl_test

import (
	"bytes"
	"io"
	"net/http"
	"testing"

	"github.com/starling-http/starling/apitest"
	"github.com/starling-http/starling/bench/impl"
	"github.com/starling-http/starling/bench/workload"
)

// BenchmarkApitestPOST measures what apitest's contract validation costs per
// exchange: the same POST /users through the harness's in-process client,
// with every request and response checked against the app's OpenAPI document
// (validation=on) and with the checks off (validation=off,
// apitest.WithoutValidation). The difference is the validation's cost.
func BenchmarkApitestPOST(b *testing.B) {
	for _, mode := range []struct {
		name string
		opts []apitest.Option
	}{
		{"on", nil},
		{"off", []apitest.Option{apitest.WithoutValidation()}},
	} {
		b.Run("validation="+mode.name, func(b *testing.B) {
			app, err := impl.NewStarlingApp()
			if err != nil {
				b.Fatal(err)
			}
			api := apitest.New(b, app, mode.opts...)
			client, url := api.Client(), api.URL()+workload.PathCreate
			body := []byte(workload.CreateBody)
			b.ReportAllocs()
			for b.Loop() {
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
		})
	}
}

// TestApitestStarling runs the Starling implementation through apitest once,
// so that its answers are checked against its own document too.
func TestApitestStarling(t *testing.T) {
	app, err := impl.NewStarlingApp()
	if err != nil {
		t.Fatal(err)
	}
	api := apitest.New(t, app)
	api.GET(workload.PathGet).Expect().Status(http.StatusOK)
	api.GET(workload.PathGetAbsent).Expect().Status(http.StatusNotFound)
	api.POST(workload.PathCreate).WithBytes([]byte(workload.CreateBody)).WithHeader("Content-Type", "application/json").
		Expect().Status(http.StatusCreated)
	api.Invalid().POST(workload.PathCreate).WithBytes([]byte(workload.InvalidBodies["bad email"])).
		WithHeader("Content-Type", "application/json").Expect().Status(http.StatusBadRequest)
	api.GET(workload.PathList).Expect().Status(http.StatusOK).JSON().Array().Length().IsEqual(workload.ListSize)
	api.GET(workload.PathDI).Expect().Status(http.StatusOK)
	api.GET(workload.PathPlaintext).Expect().Status(http.StatusOK).
		ContentType("text/plain", "utf-8").Body().IsEqual(workload.Hello)
}
