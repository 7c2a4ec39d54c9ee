package framework_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starling-http/starling/framework"
)

func oaGetPath(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

func TestDocsServesDocumentAndPages(t *testing.T) {
	a := oaMustApp(t)
	rec := oaGetPath(t, a, "/schema/openapi.json")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/json" || !bytes.Equal(rec.Body.Bytes(), a.OpenAPI()) {
		t.Errorf("openapi.json: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	if rec.Header().Get("X-Request-ID") == "" {
		t.Error("the docs routes go through the app: X-Request-ID is missing")
	}
	rec = oaGetPath(t, a, "/schema/openapi.yaml")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/yaml" || !bytes.Equal(rec.Body.Bytes(), a.OpenAPIYAML()) {
		t.Errorf("openapi.yaml: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	pages := map[string][]string{
		"/schema/swagger":  {"https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0/swagger-ui-bundle.js", "swagger-ui.css", `"/schema/openapi.json"`, "Feature app"},
		"/schema/redoc":    {"https://cdn.jsdelivr.net/npm/redoc@2.5.4/bundles/redoc.standalone.js", `spec-url="/schema/openapi.json"`},
		"/schema/elements": {"https://cdn.jsdelivr.net/npm/@stoplight/elements@9.0.25/web-components.min.js", "styles.min.css", `apiDescriptionUrl="/schema/openapi.json"`},
		"/schema":          {`href="/schema/swagger"`, `href="/schema/redoc"`, `href="/schema/elements"`, `href="/schema/openapi.yaml"`},
	}
	for path, wants := range pages {
		rec := oaGetPath(t, a, path)
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %q", path, rec.Code, rec.Header().Get("Content-Type"))
		}
		for _, w := range wants {
			if !strings.Contains(rec.Body.String(), w) {
				t.Errorf("%s lacks %q:\n%s", path, w, rec.Body)
			}
		}
	}
	rec = httptest.NewRecorder()
	a.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/schema/openapi.json", nil))
	if rec.Code != 200 || rec.Body.Len() != 0 {
		t.Errorf("HEAD: %d, %d bytes", rec.Code, rec.Body.Len())
	}
	if rec := oaGetPath(t, a, "/schema/assets/x.js"); rec.Code != 404 {
		t.Errorf("assets without AssetsDir: %d", rec.Code)
	}
}

func TestDocsPathAndLocalAssets(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "swagger-ui-dist"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "swagger-ui-dist", "swagger-ui-bundle.js"), []byte("// bundle"), 0o644); err != nil {
		t.Fatal(err)
	}
	a := oaMustApp(t, framework.WithDocs(framework.Docs{Path: "/api-docs/", AssetsDir: dir}))
	if rec := oaGetPath(t, a, "/schema/openapi.json"); rec.Code != 404 {
		t.Errorf("old path: %d", rec.Code)
	}
	if rec := oaGetPath(t, a, "/api-docs/openapi.json"); rec.Code != 200 {
		t.Errorf("new path: %d", rec.Code)
	}
	page := oaGetPath(t, a, "/api-docs/swagger").Body.String()
	if !strings.Contains(page, `src="/api-docs/assets/swagger-ui-dist/swagger-ui-bundle.js"`) || !strings.Contains(page, `"/api-docs/openapi.json"`) {
		t.Errorf("swagger page does not use the local assets:\n%s", page)
	}
	rec := oaGetPath(t, a, "/api-docs/assets/swagger-ui-dist/swagger-ui-bundle.js")
	if rec.Code != 200 || rec.Body.String() != "// bundle" {
		t.Errorf("asset: %d %q", rec.Code, rec.Body)
	}
	if rec := oaGetPath(t, a, "/api-docs/assets/swagger-ui-dist/"); rec.Code != 404 {
		t.Errorf("directory listing: %d", rec.Code)
	}
	if rec := oaGetPath(t, a, "/api-docs/assets/../docs_test.go"); rec.Code == 200 {
		t.Error("the assets route serves files outside AssetsDir")
	}

	b := oaMustApp(t, framework.WithDocs(framework.Docs{AssetsURL: "https://assets.example.org/npm/"}))
	page = oaGetPath(t, b, "/schema/redoc").Body.String()
	if !strings.Contains(page, `src="https://assets.example.org/npm/redoc/bundles/redoc.standalone.js"`) {
		t.Errorf("redoc page does not use AssetsURL:\n%s", page)
	}

	if _, err := oaFeatureApp(framework.WithDocs(framework.Docs{AssetsDir: filepath.Join(dir, "missing")})); err == nil || !strings.Contains(err.Error(), "AssetsDir") {
		t.Errorf("a missing AssetsDir: %v", err)
	}
}

func TestWithoutDocs(t *testing.T) {
	a := oaMustApp(t, framework.WithoutDocs())
	for _, p := range []string{"/schema", "/schema/openapi.json", "/schema/openapi.yaml", "/schema/swagger"} {
		if rec := oaGetPath(t, a, p); rec.Code != 404 {
			t.Errorf("%s: %d with docs off", p, rec.Code)
		}
	}
	if len(a.OpenAPI()) == 0 || len(a.OpenAPIYAML()) == 0 {
		t.Error("WithoutDocs also dropped the document")
	}
	// with the docs off, an app may use the path itself
	if _, err := framework.New(framework.Mount(oaGet[OANote]("/schema/openapi.json")), framework.WithoutDocs()); err != nil {
		t.Error(err)
	}
}
