package apitest_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/starling-http/starling/apitest"
	"github.com/starling-http/starling/framework"
)

type shout struct{}

func (shout) Greet(name string) string { return strings.ToUpper(name) + "!" }

type numbered struct{ n int }

func (g numbered) Greet(name string) string { return fmt.Sprintf("%d:%s", g.n, name) }

// TestOverridesDoNotLeak runs parallel tests on one app value with
// different overrides (by value, by constructor, none): each sees its own,
// and each has its own singletons (the widget ids start at 1 in each).
func TestOverridesDoNotLeak(t *testing.T) {
	base := widgetApp(t)
	for i := range 24 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			var opts []apitest.Option
			want := "Hello, ann"
			switch i % 3 {
			case 1:
				opts = append(opts, apitest.OverrideValue[Greeter](shout{}))
				want = "ANN!"
			case 2:
				opts = append(opts, apitest.Override(framework.Provide(func() numbered { return numbered{i} }, framework.As[Greeter]())))
				want = fmt.Sprintf("%d:ann", i)
			}
			api := apitest.New(t, base, opts...)
			for range 5 {
				api.GET("/hello/ann").Expect().Status(http.StatusOK).JSON().Object().HasValue("message", want)
			}
			api.POST("/widgets").WithJSON(CreateWidget{Name: "cog"}).Expect().
				Status(http.StatusCreated).JSON().Object().HasValue("id", 1)
		})
	}
}

// TestCleanupShutsTheAppDown: singletons' cleanups run when the test ends.
func TestCleanupShutsTheAppDown(t *testing.T) {
	var closed atomic.Bool
	ctor := func() (polite, func(), error) { return polite{}, func() { closed.Store(true) }, nil }
	t.Run("inner", func(t *testing.T) {
		api := apitest.New(t, widgetApp(t), apitest.Override(framework.Provide(ctor, framework.As[Greeter]())))
		api.GET("/hello/bo").Expect().Status(http.StatusOK)
		if closed.Load() {
			t.Fatal("closed before the test ended")
		}
	})
	if !closed.Load() {
		t.Fatal("the singleton's cleanup did not run at the end of the test")
	}
}

// TestLoopback serves the app on a real port; the plain client is checked
// like httpexpect's.
func TestLoopback(t *testing.T) {
	t.Parallel()
	f := newFakeTB(t)
	api := apitest.New(f, widgetApp(t), apitest.Loopback(),
		apitest.WithAppOptions(tamper("GET", "/widgets/1", 200, "application/json", `{"id":1}`)))
	if !strings.HasPrefix(api.URL(), "http://127.0.0.1:") {
		t.Fatalf("URL = %q, want a loopback server", api.URL())
	}
	resp, err := api.Client().Get(api.URL() + "/hello/ann")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || len(f.reports()) != 0 {
		t.Fatalf("status %d, reports:\n%s", resp.StatusCode, f.all())
	}
	resp, err = api.Client().Get(api.URL() + "/widgets/1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	r := f.reports()
	if len(r) != 1 || !strings.Contains(r[0], "missing properties 'name', 'size'") ||
		!strings.Contains(r[0], `curl -i -X GET "`+api.URL()+`/widgets/1"`) {
		t.Fatalf("want one report with a curl to the server, got:\n%s", f.all())
	}
}

// TestMarkInvalid: plain-client requests can be marked invalid too.
func TestMarkInvalid(t *testing.T) {
	t.Parallel()
	f := newFakeTB(t)
	api := apitest.New(f, widgetApp(t))
	req, _ := http.NewRequest(http.MethodGet, api.URL()+"/widgets/0", nil)
	resp, err := api.Client().Do(apitest.MarkInvalid(req))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || len(f.reports()) != 0 {
		t.Fatalf("status %d, reports:\n%s", resp.StatusCode, f.all())
	}
}

// TestWithoutValidation passes anything through.
func TestWithoutValidation(t *testing.T) {
	t.Parallel()
	f := newFakeTB(t)
	api := apitest.New(f, widgetApp(t), apitest.WithoutValidation(),
		apitest.WithAppOptions(tamper("GET", "/widgets/1", 418, "text/plain", "tea")))
	api.GET("/widgets/1").Expect().Status(http.StatusTeapot)
	if len(f.reports()) != 0 || api.Document() != nil {
		t.Fatalf("reports with validation off:\n%s", f.all())
	}
}

// TestIgnoreHeaders: an undeclared response header is reported, unless
// the test lets it through by name.
func TestIgnoreHeaders(t *testing.T) {
	t.Parallel()
	extra := apitest.WithAppOptions(framework.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Served-By", "edge-1")
			next.ServeHTTP(w, r)
		})
	}))
	f := newFakeTB(t)
	apitest.New(f, widgetApp(t), extra).GET("/hello/ann").Expect().Status(http.StatusOK)
	if r := f.reports(); len(r) != 1 || !strings.Contains(r[0], "response header X-Served-By: response header 'X-Served-By' is not declared") {
		t.Fatalf("want one report of the undeclared header, got:\n%s", f.all())
	}
	f = newFakeTB(t)
	apitest.New(f, widgetApp(t), extra, apitest.IgnoreHeaders("x-served-by")).GET("/hello/ann").Expect().Status(http.StatusOK)
	if r := f.reports(); len(r) != 0 {
		t.Fatalf("an ignored header was reported:\n%s", f.all())
	}
}
