package apitest

import (
	"bytes"
	"io"
	"net/http"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
)

// BenchmarkValidatorOptions measures what each validator option costs per
// exchange (request + response), on a tiny document. "format+strict" is
// the validator's own strict mode, which apitest replaced with its own
// (strict.go) for what it cost.
func BenchmarkValidatorOptions(b *testing.B) {
	doc, _ := libopenapi.NewDocument([]byte(tinyDoc))
	for _, v := range []struct {
		name string
		opts []config.Option
	}{{"plain", nil}, {"format", validationOptions()}, {"format+strict", append(validationOptions(), config.WithStrictMode())}} {
		b.Run(v.name, func(b *testing.B) {
			val, _ := validator.NewValidator(doc, v.opts...)
			body := []byte(`{"n":3,"at":"2024-01-02T03:04:05Z"}`)
			b.ReportAllocs()
			for b.Loop() {
				req, _ := http.NewRequest("GET", "http://x/n/3", nil)
				resp := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(bytes.NewReader(body))}
				val.ValidateHttpRequestSync(req)
				if ok, errs := val.ValidateHttpResponse(req, resp); !ok {
					b.Fatal(errs)
				}
			}
		})
	}
}
