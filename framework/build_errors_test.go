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

type paint struct {
	Color string `json:"color" validate:"enum=yellow|blue|green"`
}

type paintOmit struct {
	Color string `json:"color,omitempty" validate:"enum=yellow|blue|green"`
}

type paintPtr struct {
	Color *string `json:"color" validate:"enum=yellow|blue|green"`
}

type paintZeroAllowed struct {
	Color string `json:"color" validate:"enum=|yellow|blue|green"`
}

func paintRoute[Out any]() framework.Option {
	return framework.Mount(framework.Get("/paint", func(context.Context, struct{}) (Out, error) {
		var out Out
		return out, nil
	}))
}

// TestResponseZeroValueMustKeepItsRules: a field that is in every response
// and whose zero value breaks its own rules would let the server answer
// what its document forbids; New refuses it and names the fixes.
func TestResponseZeroValueMustKeepItsRules(t *testing.T) {
	t.Parallel()
	msg := buildError(t, paintRoute[[]paint]())
	wantContains(t, msg, "route GET /paint", "paint.Color", `("color")`, `zero value ""`, "enum",
		"make it a pointer", "add omitempty", `add "" to the enum`)
	for name, opt := range map[string]framework.Option{
		"omitempty": paintRoute[paintOmit](), "pointer": paintRoute[paintPtr](), "zero allowed": paintRoute[paintZeroAllowed](),
	} {
		if _, err := framework.New(opt); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestAbsentParameterMustKeepItsRules: an optional parameter without a
// default reaches the handler as its zero value, which must pass its rules.
func TestAbsentParameterMustKeepItsRules(t *testing.T) {
	t.Parallel()
	type bad struct {
		Limit int `query:"limit" validate:"minimum=1"`
	}
	msg := buildError(t, framework.Mount(framework.Get("/x", func(context.Context, bad) (framework.NoContent, error) {
		return framework.NoContent{}, nil
	})))
	wantContains(t, msg, "route GET /x", "bad.Limit", `query parameter "limit" is absent the handler gets 0`, "minimum",
		"mark it required", "default tag", "make it a pointer")
	type withDefault struct {
		Limit int `query:"limit" default:"20" validate:"minimum=1"`
	}
	type pointer struct {
		Limit *int `query:"limit" validate:"minimum=1"`
	}
	type required struct {
		Limit int `query:"limit" validate:"required,minimum=1"`
	}
	for name, opt := range map[string]framework.Option{
		"default":  framework.Mount(framework.Get("/x", func(context.Context, withDefault) (framework.NoContent, error) { return framework.NoContent{}, nil })),
		"pointer":  framework.Mount(framework.Get("/x", func(context.Context, pointer) (framework.NoContent, error) { return framework.NoContent{}, nil })),
		"required": framework.Mount(framework.Get("/x", func(context.Context, required) (framework.NoContent, error) { return framework.NoContent{}, nil })),
	} {
		if _, err := framework.New(opt); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
