package framework_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/netip"
	"time"

	"github.com/starling-http/starling/framework"
)

// This file is the feature app: one app that uses every feature the OpenAPI
// document describes. The document tests load it in libopenapi, validate
// real responses against it and, with STARLING_OPENAPI_OUT set, write it for
// the outside linters (.ci/run).

// OAAddress is nested in OAAccount; the Account DTO derives its own view.
type OAAddress struct {
	Street string `json:"street" validate:"required,minLength=1" doc:"Street and number."`
	Zip    string `json:"zip" validate:"pattern=^[0-9]{5}$"`
}

// OAAccount is a model shaped by the Account DTO.
type OAAccount struct {
	ID       int64             `json:"id"`
	Email    string            `json:"email" validate:"required,format=email,maxLength=254"`
	Password string            `json:"password" validate:"required,minLength=8"`
	Secret   string            `json:"secret"`
	Role     string            `json:"role,omitempty" validate:"enum=admin|member"`
	Address  *OAAddress        `json:"address"`
	Labels   map[string]string `json:"labels" validate:"maxProperties=5,dive,maxLength=10"`
	Scores   [3]int8           `json:"scores"`
	Avatar   []byte            `json:"avatar,omitempty"`
	Extra    json.RawMessage   `json:"extra,omitempty"`
	IP       netip.Addr        `json:"ip"`
	Created  time.Time         `json:"created"`
	Ratio    float32           `json:"ratio" validate:"minimum=0,exclusiveMaximum=1"`
	Big      uint64            `json:"big"`
	Small    uint8             `json:"small"`
	Flag     *bool             `json:"flag"`
	Kind     string            `json:"kind,omitempty" validate:"const=account"`
}

// oaAccountDTO is the Account DTO: renamed, read-only id and creation time,
// write-only password, a private secret, unknown properties refused.
var oaAccountDTO = framework.DTO[OAAccount](
	framework.Name("Account"),
	framework.RenameAll(framework.CamelCase),
	framework.ReadOnly("ID", "Created"),
	framework.WriteOnly("Password"),
	framework.Private("Secret"),
	framework.ForbidUnknown(),
)

// OAPage is generic: its component is OAPageOAAccount (arguments
// flattened), and the Account DTO shapes its items.
type OAPage[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

// OANote is used in both directions with identical views: one component.
type OANote struct {
	Text string `json:"text" validate:"required,maxLength=140"`
}

// OASettings is a PATCH body (Partial).
type OASettings struct {
	Theme  string  `json:"theme,omitempty" validate:"enum=light|dark"`
	Digest *string `json:"digest" validate:"enum=daily|weekly"`
}

type oaListIn struct {
	Limit  int      `query:"limit" default:"20" validate:"minimum=1,maximum=100" doc:"Page size."`
	Sort   *string  `query:"sort" validate:"enum=asc|desc"`
	Tags   []string `query:"tag" validate:"maxItems=3,dive,minLength=1"`
	Tenant string   `header:"X-Tenant" validate:"required,pattern=^[a-z]+$"`
	Trace  []int    `header:"X-Trace"`
	Flavor string   `cookie:"flavor" default:"plain"`
}

type oaGetIn struct {
	ID int64 `path:"id" validate:"minimum=1"`
}

type oaCreateIn struct {
	Body OAAccount `body:""`
}

type oaNoteIn struct {
	Day  string  `path:"day"`
	Body *OANote `body:""`
}

type oaSettingsIn struct {
	Body framework.Partial[OASettings] `body:""`
}

type oaFileIn struct {
	Rest string `path:"rest"`
}

// oaBearer is a security guard: bearer JWT, "token" accepted.
type oaBearer struct{ scopes []string }

func (g oaBearer) Check(r *http.Request, _ *framework.RouteInfo) error {
	if r.Header.Get("Authorization") != "Bearer token" {
		return framework.Unauthorized("a bearer token is required")
	}
	return nil
}

func (g oaBearer) SecurityRequirement() (string, framework.SecurityScheme, []string) {
	return "bearerAuth", framework.BearerAuth("JWT"), g.scopes
}

// oaAPIKey is a security guard with an API key in a header, query or cookie.
type oaAPIKey struct {
	name   string
	scheme framework.SecurityScheme
}

func (g oaAPIKey) Check(r *http.Request, _ *framework.RouteInfo) error { return nil }

func (g oaAPIKey) SecurityRequirement() (string, framework.SecurityScheme, []string) {
	return g.name, g.scheme, nil
}

// oaOIDC is a security guard with OpenID Connect scopes.
type oaOIDC struct{ scopes []string }

func (g oaOIDC) Check(r *http.Request, _ *framework.RouteInfo) error { return nil }

func (g oaOIDC) SecurityRequirement() (string, framework.SecurityScheme, []string) {
	return "oidc", framework.OpenIDConnect("https://id.example.org/.well-known/openid-configuration"), g.scopes
}

// oaFeatureApp builds the feature app.
func oaFeatureApp(opts ...framework.Option) (*framework.App, error) {
	accounts := framework.Controller{
		Path:            "/accounts",
		Tags:            []string{"accounts"},
		DTOs:            []framework.DTOSpec{oaAccountDTO},
		ResponseHeaders: map[string]string{"Cache-Control": "no-store"},
		Guards:          []framework.Guard{oaBearer{}},
		Routes: []framework.Route{
			framework.Get("/", func(_ context.Context, in oaListIn) (OAPage[OAAccount], error) {
				return OAPage[OAAccount]{Items: []OAAccount{oaSample()}, Total: 1}, nil
			}, framework.Summary("List accounts"), framework.Description("Pages through accounts.")),
			framework.Post("/", func(_ context.Context, in oaCreateIn) (OAAccount, error) {
				a := in.Body
				a.ID, a.Created = 7, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
				return a, nil
			}, framework.Summary("Create an account"), framework.Description("Creates an account."),
				framework.Raises(http.StatusConflict)),
			framework.Get("/{id:int}", func(_ context.Context, in oaGetIn) (OAAccount, error) {
				if in.ID != 7 {
					return OAAccount{}, framework.NotFound("no such account")
				}
				return oaSample(), nil
			}, framework.Summary("Get an account"), framework.Description("Reads an account.")),
			framework.Delete("/{id:int}", func(context.Context, oaGetIn) (framework.NoContent, error) {
				return framework.NoContent{}, nil
			}, framework.Summary("Delete an account"), framework.Description("Deletes an account."),
				framework.Deprecated()),
		},
	}
	notes := framework.Router{
		Path: "/notes",
		Tags: []string{"notes"},
		Guards: []framework.Guard{
			oaAPIKey{"apiKeyHeader", framework.APIKeyHeader("X-API-Key")},
			oaAPIKey{"apiKeyQuery", framework.APIKeyQuery("api_key")},
		},
		Routes: []framework.Routable{
			framework.Put("/{day:date}", func(_ context.Context, in oaNoteIn) (OANote, error) {
				if in.Body == nil {
					return OANote{Text: "empty"}, nil
				}
				return *in.Body, nil
			}, framework.Summary("Write the note of a day"), framework.Description("Replaces the note."),
				framework.Status(http.StatusAccepted)),
		},
	}
	settings := framework.Controller{
		Path: "/settings",
		Tags: []string{"settings"},
		Guards: []framework.Guard{
			oaAPIKey{"session", framework.APIKeyCookie("session")},
			oaOIDC{scopes: []string{"settings:write"}},
		},
		Routes: []framework.Route{
			framework.Patch("/", func(_ context.Context, in oaSettingsIn) (OASettings, error) {
				s := OASettings{Theme: "light"}
				return s, in.Body.Apply(&s)
			}, framework.Summary("Change settings"), framework.Description("Changes the fields sent.")),
		},
	}
	plain := framework.Controller{
		Path: "/files",
		Tags: []string{"files"},
		Guards: []framework.Guard{
			framework.GuardFunc(func(*http.Request, *framework.RouteInfo) error { return nil }),
			oaAPIKey{"basicAuth", framework.BasicAuth()},
		},
		Routes: []framework.Route{
			framework.Get("/{rest:path}", func(_ context.Context, in oaFileIn) (map[string]string, error) {
				if in.Rest == "boom" {
					panic("boom") // a 500, documented on every operation
				}
				return map[string]string{"path": in.Rest}, nil
			}, framework.Summary("Read a file"), framework.Description("Reads a file by its path."),
				framework.OperationID("readFile")),
			framework.Get("/hidden/x", func(context.Context, struct{}) (OANote, error) {
				return OANote{}, nil
			}, framework.Hidden()),
		},
	}
	base := []framework.Option{
		framework.Mount(accounts, notes, settings, plain),
		framework.WithInfo(framework.Info{
			Title: "Feature app", Version: "1.2.3", Description: "Every feature of the document.",
			Contact: &framework.Contact{Name: "Starling", Email: "starling@example.org"},
			License: &framework.License{Name: "MIT", Identifier: "MIT"},
		}),
		framework.WithServers(framework.Server{URL: "https://api.example.org/v1", Description: "Production"}),
		framework.WithHealth(framework.Health{Document: true}),
		framework.WithTagDescriptions(
			framework.TagInfo{Name: "accounts", Description: "Accounts."},
			framework.TagInfo{Name: "notes", Description: "Notes."},
			framework.TagInfo{Name: "settings", Description: "Settings."},
			framework.TagInfo{Name: "files", Description: "Files."},
			framework.TagInfo{Name: "health", Description: "Liveness and readiness."},
		),
	}
	return framework.New(append(base, opts...)...)
}

func oaSample() OAAccount {
	return OAAccount{
		ID: 7, Email: "a@example.org", Password: "secret-password", Secret: "s", Role: "admin",
		Scores: [3]int8{1, 2, 3}, IP: netip.MustParseAddr("192.0.2.1"),
		Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Ratio: 0.5, Big: 1 << 63, Small: 255,
	}
}
