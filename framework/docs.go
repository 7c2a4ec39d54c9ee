package framework

import (
	"bytes"
	"html/template"
	"io/fs"
	"net/http"
	"os"
	"strings"

	"github.com/starling-http/starling/framework/internal/router"
)

// Docs configures the routes that serve the document and its pages:
//
//	{Path}                  a page linking the others
//	{Path}/openapi.json     the document (App.OpenAPI)
//	{Path}/openapi.yaml     the same in YAML (App.OpenAPIYAML)
//	{Path}/swagger          Swagger UI
//	{Path}/redoc            Redoc
//	{Path}/elements         Stoplight Elements
//	{Path}/assets/…         the files of AssetsDir, when it is set
//
// These routes are not in the document, pass through the app's middleware
// but not through guards, and collide with app routes like any other route.
// WithoutDocs turns them all off (App.OpenAPI still works).
type Docs struct {
	// Path prefixes the routes ("/schema" when empty).
	Path string
	// AssetsURL is where the pages load their scripts and styles from, laid
	// out as npm installs them: AssetsURL + "/swagger-ui-dist/swagger-ui-bundle.js",
	// "/redoc/bundles/redoc.standalone.js", "/@stoplight/elements/web-components.min.js".
	// Empty means a public CDN (jsDelivr, pinned versions), or Path+"/assets"
	// when AssetsDir is set.
	AssetsURL string
	// AssetsDir is a local directory the app serves at Path+"/assets", such
	// as a node_modules directory holding swagger-ui-dist, redoc and
	// @stoplight/elements, so that the pages work without internet.
	AssetsDir string
}

// DefaultDocsPath is where the docs routes are unless Docs.Path says otherwise.
const DefaultDocsPath = "/schema"

// WithDocs configures the docs routes (they are on by default, at /schema).
func WithDocs(d Docs) Option {
	return appOption(func(c *appConfig) { c.openapi.docs = d })
}

// WithoutDocs turns off the docs routes: no /schema at all.
func WithoutDocs() Option {
	return appOption(func(c *appConfig) { c.openapi.noDocs = true })
}

// The npm packages each page loads, pinned on the default CDN.
const (
	cdnBase        = "https://cdn.jsdelivr.net/npm/"
	swaggerPackage = "swagger-ui-dist"
	swaggerVersion = "5.35.0"
	redocPackage   = "redoc"
	redocVersion   = "2.5.4"
	elemPackage    = "@stoplight/elements"
	elemVersion    = "9.0.25"
)

// docsPage is one HTML page: its template and the files it loads.
type docsPage struct {
	name, title string
	tmpl        *template.Template
}

// pageData is what the page templates see.
type pageData struct {
	Title    string
	SpecURL  string
	Swagger  string        // base URL of swagger-ui-dist
	Redoc    string        // base URL of redoc
	Elements string        // base URL of @stoplight/elements
	SRI      docsIntegrity // set only for the pinned CDN files
	Pages    [][2]string
}

var docsPages = []docsPage{
	{"swagger", "Swagger UI", template.Must(template.New("swagger").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · Swagger UI</title>
<link rel="stylesheet" href="{{.Swagger}}/swagger-ui.css"{{with .SRI.SwaggerCSS}} integrity="{{.}}" crossorigin="anonymous"{{end}}>
</head>
<body>
<div id="swagger-ui"></div>
<script src="{{.Swagger}}/swagger-ui-bundle.js"{{with .SRI.SwaggerJS}} integrity="{{.}}" crossorigin="anonymous"{{end}}></script>
<script>
window.ui = SwaggerUIBundle({url: {{.SpecURL}}, dom_id: "#swagger-ui", deepLinking: true});
</script>
</body>
</html>
`))},
	{"redoc", "Redoc", template.Must(template.New("redoc").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · Redoc</title>
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<redoc spec-url="{{.SpecURL}}"></redoc>
<script src="{{.Redoc}}/bundles/redoc.standalone.js"{{with .SRI.RedocJS}} integrity="{{.}}" crossorigin="anonymous"{{end}}></script>
</body>
</html>
`))},
	{"elements", "Stoplight Elements", template.Must(template.New("elements").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · Elements</title>
<link rel="stylesheet" href="{{.Elements}}/styles.min.css"{{with .SRI.ElementsCSS}} integrity="{{.}}" crossorigin="anonymous"{{end}}>
<script src="{{.Elements}}/web-components.min.js"{{with .SRI.ElementsJS}} integrity="{{.}}" crossorigin="anonymous"{{end}}></script>
</head>
<body style="height: 100vh; margin: 0;">
<elements-api apiDescriptionUrl="{{.SpecURL}}" router="hash" layout="sidebar"></elements-api>
</body>
</html>
`))},
}

var docsIndex = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{.Title}} · API documents</title></head>
<body>
<h1>{{.Title}}</h1>
<ul>
{{range .Pages}}<li><a href="{{index . 0}}">{{index . 1}}</a></li>
{{end}}</ul>
</body>
</html>
`))

// mountDocs adds the docs routes to the app's router.
func (b *builder) mountDocs() {
	a := b.app
	cfg := a.cfg.openapi.docs
	prefix := strings.TrimSuffix(orDefault(cfg.Path, DefaultDocsPath), "/")
	if !strings.HasPrefix(prefix, "/") {
		b.fail("framework.WithDocs: Path %q must start with '/'", cfg.Path)
		return
	}
	data := pageData{Title: orDefault(a.cfg.openapi.info.Title, "API"), SpecURL: prefix + "/openapi.json"}
	base := cfg.AssetsURL
	if base == "" && cfg.AssetsDir != "" {
		base = prefix + "/assets"
	}
	if base == "" {
		data.Swagger = cdnBase + swaggerPackage + "@" + swaggerVersion
		data.Redoc = cdnBase + redocPackage + "@" + redocVersion
		data.Elements = cdnBase + elemPackage + "@" + elemVersion
		data.SRI = cdnIntegrity
	} else {
		base = strings.TrimSuffix(base, "/") + "/"
		data.Swagger, data.Redoc, data.Elements = base+swaggerPackage, base+redocPackage, base+elemPackage
	}
	add := func(path string, h http.Handler) {
		p, err := router.Parse(path)
		if err != nil {
			b.fail("framework.WithDocs: %w", err)
			return
		}
		rt := &route{
			def:     &Route{method: http.MethodGet, path: path, fullPath: path, handler: "framework.docs"},
			handler: h,
		}
		rt.info = &RouteInfo{Method: http.MethodGet, Path: path, OperationID: "docs", Handler: "framework.docs", Status: http.StatusOK, Hidden: true}
		if err := a.tree.Add(http.MethodGet, p, rt); err != nil {
			b.fail("framework docs route GET %s: %w (move the docs with WithDocs(Docs{Path: …}) or turn them off with WithoutDocs)", path, err)
			return
		}
		a.maxParams = max(a.maxParams, len(p.Params))
	}
	add(prefix+"/openapi.json", staticBytes("application/json", a.doc.json))
	add(prefix+"/openapi.yaml", staticBytes("application/yaml", a.doc.yaml))
	for _, pg := range docsPages {
		var out bytes.Buffer
		if err := pg.tmpl.Execute(&out, data); err != nil {
			b.fail("framework docs page %s: %w", pg.name, err)
			return
		}
		add(prefix+"/"+pg.name, staticBytes("text/html; charset=utf-8", out.Bytes()))
		data.Pages = append(data.Pages, [2]string{prefix + "/" + pg.name, pg.title})
	}
	data.Pages = append(data.Pages, [2]string{prefix + "/openapi.json", "openapi.json"}, [2]string{prefix + "/openapi.yaml", "openapi.yaml"})
	var index bytes.Buffer
	if err := docsIndex.Execute(&index, data); err != nil {
		b.fail("framework docs index: %w", err)
		return
	}
	add(prefix, staticBytes("text/html; charset=utf-8", index.Bytes()))
	if cfg.AssetsDir != "" {
		if st, err := os.Stat(cfg.AssetsDir); err != nil || !st.IsDir() {
			b.fail("framework.WithDocs: AssetsDir %q is not a directory", cfg.AssetsDir)
			return
		}
		files := http.FileServerFS(noDirs{os.DirFS(cfg.AssetsDir)})
		add(prefix+"/assets/{file:path}", http.StripPrefix(prefix+"/assets", files))
	}
}

// staticBytes serves body with a content type.
func staticBytes(contentType string, body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", contentType)
		h.Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			_, _ = w.Write(body)
		}
	})
}

// noDirs hides directories, so the assets route lists nothing.
type noDirs struct{ fs.FS }

func (n noDirs) Open(name string) (fs.File, error) {
	f, err := n.FS.Open(name)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		_ = f.Close()
		return nil, fs.ErrNotExist
	}
	return f, nil
}
