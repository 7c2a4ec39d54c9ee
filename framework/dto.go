package framework

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/starling-http/starling/internal/plan"
)

// DTOSpec is a DTO: a model type and how it appears on the wire. Make one
// with DTO and attach it with Returns, Accepts or a layer's DTOs.
type DTOSpec interface {
	modelType() reflect.Type
	dtoConfig() plan.DTOConfig
}

// DTOOption configures a DTO.
type DTOOption func(*dtoConfig)

// dtoConfig keeps the machinery's configuration type out of the public API.
type dtoConfig = plan.DTOConfig

// DTO derives a wire shape from the model type T, as Litestar's DataclassDTO
// with a DTOConfig does. Field paths are Go field names, dotted into nested
// structs ("Address.Zip"). Naming a field T lacks is a build error.
func DTO[T any](opts ...DTOOption) DTOSpec {
	d := dtoSpec{model: reflect.TypeFor[T]()}
	for _, o := range opts {
		o(&d.cfg)
	}
	return d
}

type dtoSpec struct {
	model reflect.Type
	cfg   plan.DTOConfig
}

func (d dtoSpec) modelType() reflect.Type   { return d.model }
func (d dtoSpec) dtoConfig() plan.DTOConfig { return d.cfg }

// Model and Config make dtoSpec a plan.Spec, so the module's test packages
// can compile a DTO's plan; the type is unexported, so they are not API.
func (d dtoSpec) Model() reflect.Type    { return d.model }
func (d dtoSpec) Config() plan.DTOConfig { return d.cfg }
func (d dtoSpec) String() string {
	if d.cfg.Name != "" {
		return d.cfg.Name
	}
	return fmt.Sprintf("DTO[%s]", d.model)
}

// Name sets the DTO's component name in the document (the model's name
// otherwise).
func Name(name string) DTOOption {
	return func(c *dtoConfig) { c.Name = name }
}

// Exclude leaves fields off the wire in both directions.
func Exclude(fields ...string) DTOOption {
	return func(c *dtoConfig) { c.Exclude = append(c.Exclude, fields...) }
}

// Include keeps only the named fields; it cannot be combined with Exclude.
func Include(fields ...string) DTOOption {
	return func(c *dtoConfig) { c.Include = append(c.Include, fields...) }
}

// Rename gives one field a wire name; it wins over RenameAll.
func Rename(field, wire string) DTOOption {
	return func(c *dtoConfig) {
		if c.Rename == nil {
			c.Rename = map[string]string{}
		}
		c.Rename[field] = wire
	}
}

// RenameStrategy names every field from its Go name.
type RenameStrategy uint8

// The rename strategies: CamelCase ("createdAt"), PascalCase ("CreatedAt"),
// SnakeCase ("created_at"), KebabCase ("created-at"), UpperCase
// ("CREATEDAT") and LowerCase ("createdat").
const (
	CamelCase RenameStrategy = iota + 1
	PascalCase
	SnakeCase
	KebabCase
	UpperCase
	LowerCase
)

// String returns the strategy's name ("camel", "snake", …).
func (s RenameStrategy) String() string { return s.toPlan().String() }

func (s RenameStrategy) toPlan() plan.RenameStrategy {
	switch s {
	case CamelCase:
		return plan.RenameCamel
	case PascalCase:
		return plan.RenamePascal
	case SnakeCase:
		return plan.RenameSnake
	case KebabCase:
		return plan.RenameKebab
	case UpperCase:
		return plan.RenameUpper
	case LowerCase:
		return plan.RenameLower
	}
	return plan.RenameNone
}

// RenameAll derives every wire name from the Go field name with s.
func RenameAll(s RenameStrategy) DTOOption {
	return func(c *dtoConfig) { c.Strategy = s.toPlan() }
}

// ReadOnly fields are written in responses and refused in requests (a 400
// naming the field), like an id or a creation time.
func ReadOnly(fields ...string) DTOOption {
	return func(c *dtoConfig) { c.ReadOnly = append(c.ReadOnly, fields...) }
}

// WriteOnly fields are read from requests and never written in responses,
// like a password.
func WriteOnly(fields ...string) DTOOption {
	return func(c *dtoConfig) { c.WriteOnly = append(c.WriteOnly, fields...) }
}

// Private fields never appear on the wire in either direction.
func Private(fields ...string) DTOOption {
	return func(c *dtoConfig) { c.Private = append(c.Private, fields...) }
}

// AllOptional makes every field optional, at every level, as a PATCH body
// needs. A Partial[T] body implies it.
func AllOptional() DTOOption {
	return func(c *dtoConfig) { c.Partial = true }
}

// MaxDepth bounds how deeply a request body may nest.
func MaxDepth(n int) DTOOption {
	return func(c *dtoConfig) { c.MaxDepth = n }
}

// ForbidUnknown refuses request bodies with properties the DTO does not
// declare (a 400 naming each), instead of ignoring them.
func ForbidUnknown() DTOOption {
	return func(c *dtoConfig) { c.ForbidUnknown = true }
}

// substitute returns t with every occurrence of model replaced by dto, so a
// DTO for User also shapes []User, *User and Page[User]. Parts of t that do
// not contain model are shared, not copied. found reports whether model
// occurs in t at all.
func substitute(t *plan.Type, model reflect.Type, dto *plan.Type) (out *plan.Type, found bool) {
	memo := map[*plan.Type]*plan.Type{}
	out = subst(t, model, dto, memo, map[*plan.Type]bool{})
	return out, out != t || t.Go == model
}

func subst(t *plan.Type, model reflect.Type, dto *plan.Type, memo map[*plan.Type]*plan.Type, visiting map[*plan.Type]bool) *plan.Type {
	if t == nil {
		return nil
	}
	if t.Go == model {
		return dto
	}
	if r, ok := memo[t]; ok {
		return r
	}
	if visiting[t] {
		return t // a recursive type that does not contain model on this path
	}
	visiting[t] = true
	defer delete(visiting, t)
	var c *plan.Type
	clone := func() *plan.Type {
		if c == nil {
			cp := *t
			c = &cp
		}
		return c
	}
	if e := subst(t.Elem, model, dto, memo, visiting); e != t.Elem {
		clone().Elem = e
	}
	for i, f := range t.Fields {
		ft := subst(f.Type, model, dto, memo, visiting)
		if ft == f.Type {
			continue
		}
		cc := clone()
		if &cc.Fields[0] == &t.Fields[0] {
			cc.Fields = append([]*plan.Field(nil), t.Fields...)
		}
		nf := *f
		nf.Type = ft
		cc.Fields[i] = &nf
	}
	if c == nil {
		memo[t] = t
		return t
	}
	memo[t] = c
	return c
}

// sortedTypes orders DTO models by name so builds are deterministic.
func sortedTypes(m map[reflect.Type]DTOSpec) []reflect.Type {
	out := make([]reflect.Type, 0, len(m))
	for t := range m {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b reflect.Type) int { return strings.Compare(a.String(), b.String()) })
	return out
}
