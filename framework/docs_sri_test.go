package framework_test

import (
	"html"
	"regexp"
	"testing"

	"github.com/starling-http/starling/framework"
)

// assetTag matches the <script src> and <link href> elements of a docs page.
var assetTag = regexp.MustCompile(`<(?:script|link)[^>]*(?:src|href)="([^"]+)"[^>]*>`)

// TestDocsIntegrity: every file a page loads from the CDN carries a SHA-384
// integrity hash and crossorigin (so the browser checks it); files served
// from AssetsURL or AssetsDir carry none, as they may be another version.
func TestDocsIntegrity(t *testing.T) {
	t.Parallel()
	sri := regexp.MustCompile(` integrity="sha384-[A-Za-z0-9+/]{64}" crossorigin="anonymous"`)
	for _, tt := range []struct {
		name string
		docs *framework.Docs
		cdn  bool
	}{
		{name: "cdn", cdn: true},
		{name: "assets-url", docs: &framework.Docs{AssetsURL: "/static"}},
		{name: "assets-dir", docs: &framework.Docs{AssetsDir: t.TempDir()}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var opts []framework.Option
			if tt.docs != nil {
				opts = append(opts, framework.WithDocs(*tt.docs))
			}
			a := oaMustApp(t, opts...)
			for _, page := range []string{"swagger", "redoc", "elements"} {
				// html.UnescapeString: what the browser reads (html/template writes + as &#43;).
				body := html.UnescapeString(oaGetPath(t, a, "/schema/"+page).Body.String())
				tags := assetTag.FindAllStringSubmatch(body, -1)
				if len(tags) == 0 {
					t.Fatalf("%s: no asset loaded:\n%s", page, body)
				}
				for _, tag := range tags {
					if got := sri.MatchString(tag[0]); got != tt.cdn {
						t.Errorf("%s: %s: integrity present %t, want %t", page, tag[0], got, tt.cdn)
					}
				}
			}
		})
	}
}
