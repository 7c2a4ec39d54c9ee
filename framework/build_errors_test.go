package framework_test

import (
	"context"
	"strings"
	"testing"

	"github.com/starling-http/starling/framework"
)

type manyBadRules struct {
	Color string   `json:"color" validate:"enum=red,green,blue"`
	Name  string   `json:"name" validate:"minLength=x,maxLenght=3"`
	Age   int      `json:"age" validate:"pattern=^a"`
	Tags  []string `json:"tags" validate:"dive,min=1"`
}

// TestBadRulesAreReportedAtOnce: one build reports every bad rule of every
// field, with the enum syntax, and never sends the user to an internal
// package.
func TestBadRulesAreReportedAtOnce(t *testing.T) {
	t.Parallel()
	type in struct {
		Body manyBadRules `body:""`
	}
	msg := buildError(t, framework.Mount(framework.Post("/x", func(context.Context, in) (framework.NoContent, error) {
		return framework.NoContent{}, nil
	})))
	wantContains(t, msg,
		`manyBadRules.Color`, `unknown rule "green": enum values are separated by |, not commas (enum=a|b|c)`,
		`unknown rule "blue": enum values are separated by |`,
		`manyBadRules.Name`, `rule minLength=x`, `unknown rule "maxLenght"`,
		`manyBadRules.Age`, `rule pattern=^a: does not apply to int`,
		`manyBadRules.Tags`, `after dive: unknown rule "min"`,
		`route POST /x`,
	)
	if strings.Contains(msg, "package plan") || strings.Contains(msg, "internal/") {
		t.Errorf("the message sends the user to an internal package:\n%s", msg)
	}
	if n := strings.Count(msg, "\n") + 1; n != 6 {
		t.Errorf("%d lines, want one per bad rule (6):\n%s", n, msg)
	}
}

func TestPathTypeMismatchReadsWell(t *testing.T) {
	t.Parallel()
	type in struct {
		ID string `path:"id"`
	}
	msg := buildError(t, framework.Mount(framework.Get("/x/{id:int}", func(context.Context, in) (framework.NoContent, error) {
		return framework.NoContent{}, nil
	})))
	wantContains(t, msg, "{id:int} needs an integer field, got string")
}
