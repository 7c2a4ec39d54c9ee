package framework_test

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	yaml "github.com/pb33f/go-yaml"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	verrors "github.com/pb33f/libopenapi-validator/errors"

	"github.com/starling-http/starling/framework"
)

// oaValidatorT is libopenapi-validator's validator.
type oaValidatorT = validator.Validator

// oaValidator loads doc in libopenapi, builds its v3 model and a validator
// with no errors, and checks the document against the OpenAPI 3.1 schema.
// Formats and contentEncoding are assertions the codec makes, so the
// validator is asked to make them too; extra adds options.
func oaValidator(t *testing.T, doc []byte, extra ...config.Option) oaValidatorT {
	t.Helper()
	d, err := libopenapi.NewDocument(doc)
	if err != nil {
		t.Fatalf("libopenapi.NewDocument: %v", err)
	}
	if _, err := d.BuildV3Model(); err != nil {
		t.Fatalf("libopenapi BuildV3Model: %v", err)
	}
	opts := append([]config.Option{config.WithFormatAssertions(), config.WithContentAssertions()}, extra...)
	v, errs := validator.NewValidator(d, opts...)
	if len(errs) > 0 {
		t.Fatalf("libopenapi-validator NewValidator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		t.Fatalf("the document is not valid OpenAPI 3.1: %s", oaErrs(verrs))
	}
	return v
}

// oaStrict are the validator options that also refuse undeclared headers
// and properties, read-only properties in requests and write-only ones in
// responses. (Strict mode reports the keys of maps, whose schema is
// additionalProperties, as undeclared; bodies with maps need strictHeaders.)
var oaStrict = []config.Option{config.WithStrictMode(), config.WithStrictRejectReadOnly(), config.WithStrictRejectWriteOnly()}

// oaStrictHeaders is strict mode for headers only.
var oaStrictHeaders = []config.Option{config.WithStrictMode(), config.WithStrictIgnorePaths("$.body.**")}

func oaErrs(errs []*verrors.ValidationError) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString("\n  " + e.Error())
		for _, s := range e.SchemaValidationErrors {
			b.WriteString("\n    " + s.Reason + " at " + s.KeywordLocation)
		}
	}
	return b.String()
}

// oaCheckResponse validates a recorded response against the document.
func oaCheckResponse(t *testing.T, v oaValidatorT, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	if ok, errs := v.ValidateHttpResponse(req, rec.Result()); !ok {
		t.Errorf("%s %s answered %d, which the document does not describe: %s\nbody: %s", req.Method, req.URL, rec.Code, oaErrs(errs), rec.Body)
	}
}

func oaDecode(t *testing.T, doc []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		t.Fatalf("the document is not JSON: %v", err)
	}
	return m
}

func oaMustApp(t *testing.T, opts ...framework.Option) *framework.App {
	t.Helper()
	a, err := oaFeatureApp(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestOpenAPIFeatureAppLoads loads the feature app's document, JSON and
// YAML, in libopenapi and libopenapi-validator. With STARLING_OPENAPI_OUT
// set to a directory it also writes both there, for the outside linters.
func TestOpenAPIFeatureAppLoads(t *testing.T) {
	a := oaMustApp(t)
	oaValidator(t, a.OpenAPI())
	oaValidator(t, a.OpenAPIYAML())
	if dir := os.Getenv("STARLING_OPENAPI_OUT"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, doc := range map[string][]byte{"feature.json": a.OpenAPI(), "feature.yaml": a.OpenAPIYAML()} {
			if err := os.WriteFile(filepath.Join(dir, name), doc, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestOpenAPIIsByteStable(t *testing.T) {
	a, b := oaMustApp(t), oaMustApp(t)
	if !bytes.Equal(a.OpenAPI(), b.OpenAPI()) {
		t.Error("two builds of one app give different JSON documents")
	}
	if !bytes.Equal(a.OpenAPIYAML(), b.OpenAPIYAML()) {
		t.Error("two builds of one app give different YAML documents")
	}
	c, err := a.With()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.OpenAPI(), c.OpenAPI()) {
		t.Error("App.With gives a different document")
	}
	doc := a.OpenAPI()
	doc[0] = 'x'
	if a.OpenAPI()[0] != '{' {
		t.Error("OpenAPI returns the cached bytes themselves")
	}
}

// TestOpenAPIYAMLIsTheJSON decodes both encodings and compares them, order
// of keys included.
func TestOpenAPIYAMLIsTheJSON(t *testing.T) {
	a := oaMustApp(t)
	var n yaml.Node
	if err := yaml.Unmarshal(a.OpenAPIYAML(), &n); err != nil {
		t.Fatal(err)
	}
	var fromYAML any
	if err := n.Decode(&fromYAML); err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(fromYAML)
	if err != nil {
		t.Fatal(err)
	}
	if !oaJSONEqual(t, string(j), string(a.OpenAPI())) {
		t.Error("the YAML document says something else than the JSON one")
	}
	if got, want := oaKeyOrder(a.OpenAPIYAML(), true), oaKeyOrder(a.OpenAPI(), false); !slices.Equal(got, want) {
		t.Errorf("key order differs:\n yaml %v\n json %v", got[:min(20, len(got))], want[:min(20, len(want))])
	}
}

// oaKeyOrder lists the top-level and paths keys in document order.
func oaKeyOrder(doc []byte, isYAML bool) []string {
	var out []string
	if isYAML {
		var n yaml.Node
		_ = yaml.Unmarshal(doc, &n)
		root := n.Content[0]
		for i := 0; i < len(root.Content); i += 2 {
			out = append(out, root.Content[i].Value)
			if root.Content[i].Value == "paths" {
				p := root.Content[i+1]
				for j := 0; j < len(p.Content); j += 2 {
					out = append(out, p.Content[j].Value)
				}
			}
		}
		return out
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	skip := func() {
		var raw json.RawMessage
		_ = dec.Decode(&raw)
	}
	_, _ = dec.Token() // {
	for dec.More() {
		k, _ := dec.Token()
		key, _ := k.(string)
		out = append(out, key)
		if key != "paths" {
			skip()
			continue
		}
		_, _ = dec.Token() // {
		for dec.More() {
			pk, _ := dec.Token()
			p, _ := pk.(string)
			out = append(out, p)
			skip()
		}
		_, _ = dec.Token() // }
	}
	return out
}

// TestOpenAPIResponsesAreDocumented drives the feature app through every
// status its operations can answer with and validates each response against
// the document with libopenapi-validator.
func TestOpenAPIResponsesAreDocumented(t *testing.T) {
	a := oaMustApp(t)
	v := oaValidator(t, a.OpenAPI())
	vh := oaValidator(t, a.OpenAPI(), oaStrictHeaders...)
	check := func(req *http.Request, rec *httptest.ResponseRecorder) {
		t.Helper()
		oaCheckResponse(t, v, req, rec)
		oaCheckResponse(t, vh, req, rec)
	}
	bearer := http.Header{"Authorization": {"Bearer token"}, "X-Tenant": {"acme"}}
	account := `{"email":"a@example.org","password":"long-enough","role":"member","address":{"street":"Main 1","zip":"12345"},"scores":[1,2,3],"ip":"192.0.2.1","ratio":0.25,"big":18446744073709551615}`
	cases := []struct {
		method, target, body string
		h                    http.Header
		status               int
		as                   string // validate as this method (405)
	}{
		{"GET", "/accounts?limit=5&tag=a", "", bearer, 200, ""},
		{"GET", "/accounts?limit=500", "", bearer, 400, ""},
		{"GET", "/accounts", "", nil, 401, ""},
		{"GET", "/accounts/7", "", bearer, 200, ""},
		{"GET", "/accounts/8", "", bearer, 404, ""},
		{"GET", "/accounts/x", "", bearer, 400, ""},
		{"POST", "/accounts", account, bearer, 201, ""},
		{"POST", "/accounts", `{"email":"nope"}`, bearer, 400, ""},
		{"POST", "/accounts", `{"email":"a@example.org","password":"long-enough","id":3}`, bearer, 400, ""},
		{"DELETE", "/accounts/7", "", bearer, 204, ""},
		{"PUT", "/notes/2026-01-02", `{"text":"hello"}`, nil, 202, ""},
		{"PUT", "/notes/2026-01-02", "", nil, 202, ""},
		{"PUT", "/notes/2026-13-02", `{"text":"hello"}`, nil, 400, ""},
		{"PATCH", "/settings", `{"digest":null}`, nil, 200, ""},
		{"PATCH", "/settings", `{"theme":"blue"}`, nil, 400, ""},
		{"GET", "/files/a", "", nil, 200, ""},
		{"GET", "/files/boom", "", nil, 500, ""},
		{"GET", "/health/ready", "", nil, 200, ""},
		{"GET", "/health/live", "", nil, 200, ""},
	}
	for _, c := range cases {
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, oaRequest(c.method, c.target, c.body, c.h))
		if rec.Code != c.status {
			t.Errorf("%s %s: %d, want %d: %s", c.method, c.target, rec.Code, c.status, rec.Body)
			continue
		}
		check(oaRequest(c.method, c.target, c.body, c.h), rec)
	}

	// 413 and 415 from the body reader; 405 from the router, validated as
	// the answer of the path's GET operation, where the document lists it.
	big := `{"text":"` + strings.Repeat("x", 11<<20) + `"}`
	r := oaRequest("PUT", "/notes/2026-01-02", big, nil)
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, r)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("big body: %d", rec.Code)
	}
	check(oaRequest("PUT", "/notes/2026-01-02", "{}", nil), rec)

	r = oaRequest("PUT", "/notes/2026-01-02", "text", nil)
	r.Header.Set("Content-Type", "text/plain")
	rec = httptest.NewRecorder()
	a.ServeHTTP(rec, r)
	if rec.Code != http.StatusUnsupportedMediaType {
		t.Fatalf("text body: %d", rec.Code)
	}
	check(oaRequest("PUT", "/notes/2026-01-02", "{}", nil), rec)

	rec = httptest.NewRecorder()
	a.ServeHTTP(rec, oaRequest("POST", "/accounts/7", "", bearer))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("POST /accounts/7: %d", rec.Code)
	}
	check(oaRequest("GET", "/accounts/7", "", bearer), rec)
}

// TestOpenAPIOperations checks what each operation says.
func TestOpenAPIOperations(t *testing.T) {
	doc := oaDecode(t, oaMustApp(t).OpenAPI())
	codes := func(path, method string) []string {
		var out []string
		for code := range oaPath(t, doc, "paths", path, method, "responses").(map[string]any) {
			out = append(out, code)
		}
		slices.Sort(out)
		return out
	}
	want := map[[2]string][]string{
		{"/accounts", "get"}:         {"200", "400", "401", "403", "405", "500", "default"},
		{"/accounts", "post"}:        {"201", "400", "401", "403", "405", "409", "413", "415", "500", "default"},
		{"/accounts/{id}", "get"}:    {"200", "400", "401", "403", "404", "405", "500", "default"},
		{"/accounts/{id}", "delete"}: {"204", "400", "401", "403", "404", "405", "500", "default"},
		{"/notes/{day}", "put"}:      {"202", "400", "401", "403", "404", "405", "413", "415", "500", "default"},
		{"/settings", "patch"}:       {"200", "400", "401", "403", "405", "413", "415", "500", "default"},
		{"/files/{rest}", "get"}:     {"200", "400", "401", "403", "404", "405", "500", "default"},
		{"/health/ready", "get"}:     {"200", "405", "500", "503", "default"},
	}
	for k, w := range want {
		if got := codes(k[0], k[1]); !slices.Equal(got, w) {
			t.Errorf("%s %s responses %v, want %v", k[1], k[0], got, w)
		}
	}
	if _, ok := oaPath(t, doc, "paths", "/accounts/{id}", "delete", "responses", "204").(map[string]any)["content"]; ok {
		t.Error("204 has content")
	}
	if oaPath(t, doc, "paths", "/accounts/{id}", "delete", "deprecated") != true {
		t.Error("delete is not deprecated")
	}
	if _, ok := doc["paths"].(map[string]any)["/files/hidden/x"]; ok {
		t.Error("a hidden route is in the document")
	}
	for _, p := range []string{"/schema", "/schema/openapi.json"} {
		if _, ok := doc["paths"].(map[string]any)[p]; ok {
			t.Errorf("the docs route %s is in the document", p)
		}
	}
	if id := oaPath(t, doc, "paths", "/files/{rest}", "get", "operationId"); id != "readFile" {
		t.Errorf("operationId %v", id)
	}
	if id := oaPath(t, doc, "paths", "/accounts/{id}", "get", "operationId"); id != "getAccount" {
		t.Errorf("operationId %v", id)
	}
	h := oaPath(t, doc, "paths", "/accounts", "get", "responses", "200", "headers").(map[string]any)
	if _, ok := h["X-Request-Id"]; !ok {
		t.Error("X-Request-Id (canonical) is not documented")
	}
	if cc, _ := h["Cache-Control"].(map[string]any); cc["example"] != "no-store" {
		t.Errorf("Cache-Control: %v", h["Cache-Control"])
	}
	allow := oaPath(t, doc, "components", "responses", "MethodNotAllowed", "headers", "Allow")
	if allow.(map[string]any)["required"] != true {
		t.Error("405 does not document Allow")
	}
	problem := oaPath(t, doc, "components", "responses", "BadRequest", "content", "application/problem+json", "schema", "$ref")
	if problem != "#/components/schemas/Problem" {
		t.Errorf("400 schema %v", problem)
	}
	params := oaPath(t, doc, "paths", "/accounts", "get", "parameters").([]any)
	var names []string
	for _, p := range params {
		p := p.(map[string]any)
		names = append(names, p["in"].(string)+":"+p["name"].(string))
	}
	if w := []string{"query:limit", "query:sort", "query:tag", "header:X-Tenant", "header:X-Trace", "cookie:flavor"}; !slices.Equal(names, w) {
		t.Errorf("parameters %v, want %v", names, w)
	}
	if d := params[5].(map[string]any)["schema"].(map[string]any)["default"]; d != "plain" {
		t.Errorf("cookie default %v", d)
	}
	if r := params[3].(map[string]any)["required"]; r != true {
		t.Error("X-Tenant is not required")
	}
	if rb := oaPath(t, doc, "paths", "/notes/{day}", "put", "requestBody", "required"); rb != false {
		t.Error("a pointer body is required")
	}
	day := oaPath(t, doc, "paths", "/notes/{day}", "put", "parameters").([]any)[0].(map[string]any)["schema"].(map[string]any)
	if day["format"] != "date" {
		t.Errorf("{day:date} schema %v", day)
	}
	if tags, _ := json.Marshal(doc["tags"]); !strings.Contains(string(tags), `{"description":"Accounts.","name":"accounts"}`) {
		t.Errorf("tags %s", tags)
	}
	if s, _ := json.Marshal(doc["servers"]); string(s) != `[{"description":"Production","url":"https://api.example.org/v1"}]` {
		t.Errorf("servers %s", s)
	}
}

// TestOpenAPIComponentNames checks the naming rules: request and response
// views, generic names, DTO names, one component per type.
func TestOpenAPIComponentNames(t *testing.T) {
	doc := oaDecode(t, oaMustApp(t).OpenAPI())
	var names []string
	for n := range oaPath(t, doc, "components", "schemas").(map[string]any) {
		names = append(names, n)
	}
	slices.Sort(names)
	want := []string{"Account", "AccountInput", "AccountOAAddress", "AccountOAAddressInput", "HealthStatus", "OANote", "OAPageOAAccount", "OASettings", "PartialOASettings", "Problem", "Violation"}
	if !slices.Equal(names, want) {
		t.Errorf("components %v\nwant %v", names, want)
	}
	acc := oaPath(t, doc, "components", "schemas", "Account", "properties").(map[string]any)
	if _, ok := acc["password"]; ok {
		t.Error("the response view has the write-only password")
	}
	if _, ok := acc["secret"]; ok {
		t.Error("a private field is on the wire")
	}
	in := oaPath(t, doc, "components", "schemas", "AccountInput", "properties", "password").(map[string]any)
	if in["writeOnly"] != true {
		t.Error("password is not writeOnly in the request view")
	}
	if r, _ := json.Marshal(oaPath(t, doc, "components", "schemas", "AccountInput", "required")); string(r) != `["email"]` {
		t.Errorf("AccountInput required %s (password is write-only, so never required)", r)
	}
	if body := oaPath(t, doc, "paths", "/accounts", "post", "requestBody", "content", "application/json", "schema", "$ref"); body != "#/components/schemas/AccountInput" {
		t.Errorf("POST body %v", body)
	}
	if res := oaPath(t, doc, "paths", "/accounts", "post", "responses", "201", "content", "application/json", "schema", "$ref"); res != "#/components/schemas/Account" {
		t.Errorf("POST result %v", res)
	}
	if items := oaPath(t, doc, "components", "schemas", "OAPageOAAccount", "properties", "items", "items", "$ref"); items != "#/components/schemas/Account" {
		t.Errorf("page items %v", items)
	}
}

// Types for the build error tests.
type (
	OAThing      struct{ TwoWords string }
	OAThingInput struct{ B string }
	OAOther      struct{ C int }
)

func oaGet[Out any](path string, opts ...framework.RouteOption) framework.Route {
	return framework.Get(path, func(context.Context, struct{}) (Out, error) {
		var o Out
		return o, nil
	}, opts...)
}

func oaPost[Body any](path string, opts ...framework.RouteOption) framework.Route {
	return framework.Post(path, func(context.Context, struct {
		Body Body `body:""`
	}) (framework.NoContent, error) {
		return framework.NoContent{}, nil
	}, opts...)
}

type oaKeyGuard struct {
	name   string
	scheme framework.SecurityScheme
}

func (g oaKeyGuard) Check(*http.Request, *framework.RouteInfo) error { return nil }
func (g oaKeyGuard) SecurityRequirement() (string, framework.SecurityScheme, []string) {
	return g.name, g.scheme, nil
}

func TestOpenAPIBuildErrors(t *testing.T) {
	cases := []struct {
		name string
		opts []framework.Option
		want string
	}{
		{"a DTO named like another type", []framework.Option{framework.Mount(
			oaGet[OAThing]("/a"),
			oaGet[OAOther]("/b", framework.Returns(framework.DTO[OAOther](framework.Name("OAThing")))),
		)}, `the component name "OAThing" is claimed by`},
		{"a type named like another's request view", []framework.Option{framework.Mount(
			oaGet[OAThing]("/a"), oaPost[OAThing]("/a"), oaGet[OAThingInput]("/b"),
		)}, `the component name "OAThingInput" is claimed by`},
		{"two unnamed DTOs of one model", []framework.Option{framework.Mount(
			oaGet[OAThing]("/a", framework.Returns(framework.DTO[OAThing](framework.RenameAll(framework.SnakeCase)))),
			oaGet[OAThing]("/b", framework.Returns(framework.DTO[OAThing](framework.RenameAll(framework.KebabCase)))),
		)}, `claimed by two different shapes`},
		{"duplicate operationId", []framework.Option{framework.Mount(
			oaGet[OAThing]("/a", framework.OperationID("same")), oaGet[OAThing]("/b", framework.OperationID("same")),
		)}, `operationId "same" is already used`},
		{"generated operationIds that collide", []framework.Option{framework.Mount(
			oaGet[OAThing]("/users/posts"), oaGet[OAThing]("/posts"),
		)}, `route GET /posts: operationId "listPosts" is already used by route GET /users/posts`},
		{"Raises a success", []framework.Option{framework.Mount(
			oaGet[OAThing]("/a", framework.Raises(302)),
		)}, `Raises(302)`},
		{"two schemes under one name", []framework.Option{framework.Mount(
			oaGet[OAThing]("/a", framework.Guards(oaKeyGuard{"key", framework.APIKeyHeader("X-A")})),
			oaGet[OAThing]("/b", framework.Guards(oaKeyGuard{"key", framework.APIKeyQuery("a")})),
		)}, `security scheme "key" is defined differently`},
		{"an invalid scheme", []framework.Option{framework.Mount(
			oaGet[OAThing]("/a", framework.Guards(oaKeyGuard{"key", framework.SecurityScheme{Type: "apiKey"}})),
		)}, `needs a Name and In`},
		{"a license without a name", []framework.Option{framework.Mount(oaGet[OAThing]("/a")),
			framework.WithInfo(framework.Info{License: &framework.License{URL: "https://x"}})}, `License needs a Name`},
		{"a docs route that collides", []framework.Option{framework.Mount(oaGet[OAThing]("/schema/openapi.json"))}, `framework docs route GET /schema/openapi.json`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := framework.New(c.opts...)
			if err == nil {
				t.Fatalf("New succeeded, want an error containing %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q\nwant it to contain %q", err, c.want)
			}
		})
	}
}

// TestOpenAPINamesAreShared: one type used by many routes is one component,
// including generic results that a DTO was substituted into per route.
func TestOpenAPINamesAreShared(t *testing.T) {
	dto := framework.DTO[OAThing](framework.Name("Thing"), framework.RenameAll(framework.SnakeCase))
	a, err := framework.New(framework.Mount(framework.Controller{
		DTOs: []framework.DTOSpec{dto},
		Routes: []framework.Route{
			oaGet[OAPage[OAThing]]("/a"), oaGet[OAPage[OAThing]]("/b"), oaGet[[]OAThing]("/c"),
			// used both ways with identical views: one component
			framework.Put("/n", func(_ context.Context, in struct {
				Body OANote `body:""`
			}) (OANote, error) {
				return in.Body, nil
			}),
		},
	}))
	if err != nil {
		t.Fatal(err)
	}
	doc := oaDecode(t, a.OpenAPI())
	var names []string
	for n := range oaPath(t, doc, "components", "schemas").(map[string]any) {
		names = append(names, n)
	}
	slices.Sort(names)
	if w := []string{"OANote", "OAPageOAThing", "Problem", "Thing", "Violation"}; !slices.Equal(names, w) {
		t.Errorf("components %v, want %v", names, w)
	}
}

func TestOpenAPISecurity(t *testing.T) {
	doc := oaDecode(t, oaMustApp(t).OpenAPI())
	get := func(path, method string) string {
		op := oaPath(t, doc, "paths", path, method).(map[string]any)
		s, ok := op["security"]
		if !ok {
			return "absent"
		}
		b, _ := json.Marshal(s)
		return string(b)
	}
	want := map[[2]string]string{
		{"/accounts", "get"}:     `[{"bearerAuth":[]}]`,
		{"/notes/{day}", "put"}:  `[{"apiKeyHeader":[],"apiKeyQuery":[]}]`,
		{"/settings", "patch"}:   `[{"oidc":["settings:write"],"session":[]}]`,
		{"/files/{rest}", "get"}: `[{"basicAuth":[]}]`,
	}
	for k, w := range want {
		if got := get(k[0], k[1]); got != w {
			t.Errorf("%s %s security %s, want %s", k[1], k[0], got, w)
		}
	}
	schemes, _ := json.Marshal(oaPath(t, doc, "components", "securitySchemes"))
	w := `{"apiKeyHeader":{"in":"header","name":"X-API-Key","type":"apiKey"},"apiKeyQuery":{"in":"query","name":"api_key","type":"apiKey"},"basicAuth":{"scheme":"basic","type":"http"},"bearerAuth":{"bearerFormat":"JWT","scheme":"bearer","type":"http"},"oidc":{"openIdConnectUrl":"https://id.example.org/.well-known/openid-configuration","type":"openIdConnect"},"session":{"in":"cookie","name":"session","type":"apiKey"}}`
	if string(schemes) != w {
		t.Errorf("securitySchemes\n got  %s\n want %s", schemes, w)
	}

	// No guard: an explicit empty list. A guard that does not describe
	// itself: no security at all (the document cannot know).
	a, err := framework.New(framework.Mount(
		oaGet[OANote]("/open"),
		oaGet[OANote]("/guarded", framework.Guards(framework.GuardFunc(func(*http.Request, *framework.RouteInfo) error { return nil }))),
	))
	if err != nil {
		t.Fatal(err)
	}
	doc = oaDecode(t, a.OpenAPI())
	if got := get("/open", "get"); got != `[]` {
		t.Errorf("open route security %s", got)
	}
	if got := get("/guarded", "get"); got != "absent" {
		t.Errorf("plainly guarded route security %s", got)
	}
	if codes := oaPath(t, doc, "paths", "/guarded", "get", "responses").(map[string]any); codes["401"] == nil || codes["403"] == nil {
		t.Error("a guarded route lacks 401/403")
	}
	if codes := oaPath(t, doc, "paths", "/open", "get", "responses").(map[string]any); codes["401"] != nil || codes["400"] != nil {
		t.Error("an open route without input lists 401 or 400")
	}
}

// oaDenier is a guard that says which statuses it denies with.
type oaDenier []int

func (oaDenier) Check(*http.Request, *framework.RouteInfo) error { return nil }
func (d oaDenier) DenyStatuses() []int                           { return d }

// TestOpenAPIGuardStatuses: a guard that declares its deny statuses
// (DenyStatuser) is documented with those only; one that does not is
// documented with 401 and 403; the route's own Raises adds to either.
func TestOpenAPIGuardStatuses(t *testing.T) {
	t.Parallel()
	plain := framework.GuardFunc(func(*http.Request, *framework.RouteInfo) error { return nil })
	tests := []struct {
		name string
		opts []framework.RouteOption
		want []string
	}{
		{"no guard", nil, []string{"200", "405", "500", "default"}},
		{"undeclared guard", []framework.RouteOption{framework.Guards(plain)}, []string{"200", "401", "403", "405", "500", "default"}},
		{"401 only", []framework.RouteOption{framework.Guards(oaDenier{401})}, []string{"200", "401", "405", "500", "default"}},
		{"401 only, and the handler forbids", []framework.RouteOption{framework.Guards(oaDenier{401}), framework.Raises(403)}, []string{"200", "401", "403", "405", "500", "default"}},
		{"declared and undeclared", []framework.RouteOption{framework.Guards(oaDenier{401}, plain)}, []string{"200", "401", "403", "405", "500", "default"}},
		{"a 429 guard", []framework.RouteOption{framework.Guards(oaDenier{429})}, []string{"200", "405", "429", "500", "default"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, err := framework.New(framework.Mount(oaGet[OANote]("/x", tt.opts...)))
			if err != nil {
				t.Fatal(err)
			}
			codes := oaPath(t, oaDecode(t, a.OpenAPI()), "paths", "/x", "get", "responses").(map[string]any)
			if diff := cmp.Diff(tt.want, slices.Sorted(maps.Keys(codes))); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
		})
	}
}

// OAMyProblem is an app's own error body.
type OAMyProblem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func TestOpenAPIWithProblem(t *testing.T) {
	a, err := framework.New(framework.Mount(oaGet[OANote]("/a")), framework.WithProblem[OAMyProblem]())
	if err != nil {
		t.Fatal(err)
	}
	doc := oaDecode(t, a.OpenAPI())
	ref := oaPath(t, doc, "components", "responses", "InternalServerError", "content", "application/problem+json", "schema", "$ref")
	if ref != "#/components/schemas/OAMyProblem" {
		t.Errorf("problem schema %v", ref)
	}
	if _, ok := oaPath(t, doc, "components", "schemas").(map[string]any)["Problem"]; ok {
		t.Error("the default Problem schema is still there")
	}
}

func TestOpenAPIInfoDefaults(t *testing.T) {
	a, err := framework.New(framework.Mount(oaGet[OANote]("/a")))
	if err != nil {
		t.Fatal(err)
	}
	doc := oaDecode(t, a.OpenAPI())
	if info, _ := json.Marshal(doc["info"]); string(info) != `{"title":"API","version":"0.0.0"}` {
		t.Errorf("info %s", info)
	}
	if s, _ := json.Marshal(doc["servers"]); !strings.Contains(string(s), `"url":"/"`) {
		t.Errorf("servers %s", s)
	}
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi %v", doc["openapi"])
	}
	oaValidator(t, a.OpenAPI())
}
