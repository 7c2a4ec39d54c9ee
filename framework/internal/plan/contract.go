package plan

// CONTRACT (temporary): the signatures below are the agreed surface between
// the plan compiler, the codec and the framework. The plan helper replaces the
// bodies (and may move them to files of their own); the signatures stay.

import (
	"reflect"
	"time"
)

// Violations is every violation found in one value; it is the error the codec
// and the binder return for bad input.
type Violations []Violation

// Error summarises the violations.
func (vs Violations) Error() string {
	if len(vs) == 0 {
		return "no violations"
	}
	s := vs[0].Pointer + ": " + vs[0].Message
	if len(vs) > 1 {
		s += " (and more)"
	}
	return s
}

// RenameStrategy turns Go field names into wire names.
type RenameStrategy uint8

// The rename strategies.
const (
	RenameNone RenameStrategy = iota // the json tag name, else the Go name
	RenameCamel
	RenamePascal
	RenameSnake
	RenameKebab
	RenameUpper
	RenameLower
)

// DTOConfig derives a DTO plan from a model type, as Litestar's DTOConfig.
// Field paths are Go field names, dotted into nested structs ("Address.Zip").
type DTOConfig struct {
	Name          string // component name; empty means derived from the model name
	Exclude       []string
	Include       []string // not together with Exclude
	Rename        map[string]string
	Strategy      RenameStrategy
	ReadOnly      []string
	WriteOnly     []string
	Private       []string // never on the wire in either direction
	Partial       bool
	MaxDepth      int
	ForbidUnknown bool
}

// Compiler compiles and caches plans for one app build. It is not safe for
// concurrent use; the plans it returns are.
type Compiler struct{}

// NewCompiler returns an empty compiler.
func NewCompiler() *Compiler { panic("plan: not implemented") }

// Compile returns the plan of t with no DTO configuration.
func (c *Compiler) Compile(t reflect.Type) (*Type, error) { panic("plan: not implemented") }

// CompileDTO returns the plan of model type t transformed by cfg.
func (c *Compiler) CompileDTO(t reflect.Type, cfg DTOConfig) (*Type, error) {
	panic("plan: not implemented")
}

// ParseRules parses a `validate` tag for a value of plan t, refusing rules that
// do not apply to its kind and conflicting rules.
func ParseRules(tag string, t *Type) (Rules, error) { panic("plan: not implemented") }

// CheckString checks string rules (lengths, pattern, format, enum, const);
// nil when s passes. Pointer is left empty for the caller to fill.
func (r *Rules) CheckString(s string) *Violation { panic("plan: not implemented") }

// CheckInt checks numeric rules, enum and const on a signed integer.
func (r *Rules) CheckInt(n int64) *Violation { panic("plan: not implemented") }

// CheckUint checks numeric rules, enum and const on an unsigned integer.
func (r *Rules) CheckUint(n uint64) *Violation { panic("plan: not implemented") }

// CheckFloat checks numeric rules, enum and const on a float.
func (r *Rules) CheckFloat(f float64) *Violation { panic("plan: not implemented") }

// CheckBool checks enum and const on a bool.
func (r *Rules) CheckBool(b bool) *Violation { panic("plan: not implemented") }

// CheckTime checks rules on a time (enum/const are refused at compile time for
// times, so this exists for symmetry and future rules).
func (r *Rules) CheckTime(t time.Time) *Violation { panic("plan: not implemented") }

// CheckCount checks minItems/maxItems (Slice, Array) or
// minProperties/maxProperties (Map, Struct) against n elements.
func (r *Rules) CheckCount(n int, k Kind) *Violation { panic("plan: not implemented") }
