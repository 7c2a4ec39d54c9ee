package apitest_test

import (
	"bytes"
	"io"
	"net/http"
	"testing"

	"github.com/starling-http/starling/apitest"
)

// BenchmarkRoundTrip sends POST /widgets through the harness with and
// without the document checks, by the plain client and by httpexpect.
func BenchmarkRoundTrip(b *testing.B) {
	body := []byte(`{"name":"cog","size":3}`)
	for _, v := range []struct {
		name string
		opts []apitest.Option
	}{{"validated", nil}, {"unvalidated", []apitest.Option{apitest.WithoutValidation()}}} {
		b.Run("client/"+v.name, func(b *testing.B) {
			api := apitest.New(b, widgetApp(b), v.opts...)
			client, url := api.Client(), api.URL()+"/widgets"
			b.ReportAllocs()
			for b.Loop() {
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				if err != nil || resp.StatusCode != http.StatusCreated {
					b.Fatal(err, resp.StatusCode)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
		b.Run("httpexpect/"+v.name, func(b *testing.B) {
			api := apitest.New(b, widgetApp(b), v.opts...)
			b.ReportAllocs()
			for b.Loop() {
				api.POST("/widgets").WithBytes(body).WithHeader("Content-Type", "application/json").
					Expect().Status(http.StatusCreated)
			}
		})
	}
}
