package apitest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/starling-http/starling/apitest"
	"github.com/starling-http/starling/framework"
)

// adminGuard lets requests through only with X-Admin: yes, and does not
// tell the document.
type adminGuard struct{}

func (adminGuard) Check(r *http.Request, _ *framework.RouteInfo) error {
	if r.Header.Get("X-Admin") != "yes" {
		return framework.Forbidden("admins only")
	}
	return nil
}

// declaredAdminGuard is adminGuard declaring the header it reads.
type declaredAdminGuard struct{ adminGuard }

func (declaredAdminGuard) GuardHeaders() []framework.GuardHeader {
	return []framework.GuardHeader{{Name: "X-Admin", Description: "yes for administrators", Required: true}}
}

func adminApp(t testing.TB, g framework.Guard) *framework.App {
	t.Helper()
	a, err := framework.New(
		framework.WithInfo(framework.Info{Title: "Admin", Version: "1"}),
		framework.Guards(g),
		framework.Mount(framework.Get("/stats", func(context.Context, struct{}) (Hello, error) {
			return Hello{Message: "ok"}, nil
		}, framework.OperationID("stats"), framework.Raises(http.StatusForbidden))),
	)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestGuardHeader: a header a guard reads is undeclared unless the guard
// declares it, and the report says how.
func TestGuardHeader(t *testing.T) {
	t.Parallel()
	f := newFakeTB(t)
	api := apitest.New(f, adminApp(t, adminGuard{}))
	api.GET("/stats").WithHeader("X-Admin", "yes").Expect().Status(http.StatusOK)
	all := f.all()
	for _, want := range []string{"request header X-Admin", "strict: undeclared-header",
		"fix:   if a guard reads X-Admin, have it implement framework.HeaderGuard (GuardHeaders)"} {
		if !strings.Contains(all, want) {
			t.Errorf("the report lacks %q:\n%s", want, all)
		}
	}

	f = newFakeTB(t)
	api = apitest.New(f, adminApp(t, declaredAdminGuard{}))
	api.GET("/stats").WithHeader("X-Admin", "yes").Expect().Status(http.StatusOK)
	api.Invalid().GET("/stats").Expect().Status(http.StatusForbidden) // the header is required now
	if r := f.reports(); len(r) != 0 {
		t.Errorf("a declared guard header got reports:\n%s", f.all())
	}
}
