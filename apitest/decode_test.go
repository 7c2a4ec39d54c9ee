package apitest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/starling-http/starling/apitest"
)

func TestDecodeAndEqual(t *testing.T) {
	t.Parallel()
	api := apitest.New(t, widgetApp(t))
	created := apitest.Decode[Widget](t, api.POST("/widgets").WithJSON(CreateWidget{Name: "cog", Size: 2}).
		Expect().Status(http.StatusCreated))
	if created.ID == 0 {
		t.Fatal("created widget has no ID")
	}
	got := apitest.Decode[Widget](t, api.GET("/widgets/{id}", created.ID).Expect().Status(http.StatusOK))
	apitest.Equal(t, Widget{Name: "cog", Size: 2}, got, cmpopts.IgnoreFields(Widget{}, "ID"))

	f := newFakeTB(t)
	if apitest.Equal(f, Widget{Name: "cog"}, got) {
		t.Error("Equal reported different widgets equal")
	}
	if r := f.reports(); len(r) != 1 || !strings.Contains(r[0], "-want +got") || !strings.Contains(r[0], "Size") {
		t.Errorf("want one diff naming Size, got:\n%s", f.all())
	}
	type narrow struct {
		ID int64 `json:"id"`
	}
	apitest.Decode[narrow](f, api.GET("/widgets/{id}", created.ID).Expect())
	if r := f.reports(); len(r) != 2 || !strings.Contains(r[1], `unknown field "name"`) {
		t.Errorf("want a decode failure naming the unknown field, got:\n%s", f.all())
	}
}
