package apitest

import (
	"regexp"
	"slices"

	"github.com/pb33f/jsonschema/v6"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/helpers"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	"github.com/pb33f/libopenapi/utils"
)

// Strict mode (an undeclared property is a violation even where the schema
// allows it) is ours rather than libopenapi-validator's: the validator's
// walk hashes every schema it meets and renders a new context per call,
// which cost a validated exchange a fifth of its time. Ours works out what
// it needs of each schema once per contract (a shape) and walks the body's
// bytes without decoding them. It reports what the validator's strict mode
// reports; strict_parity_internal_test.go holds the two side by side.

// shape is what strict mode needs of one schema, worked out once per
// contract.
type shape struct {
	schema    *base.Schema
	readOnly  bool
	writeOnly bool
	kinds     kind     // the kinds of value its type admits; all when it has none
	free      bool     // it says nothing of objects or arrays ({}, or a bare format): any value goes
	required  []string // to tell branches apart when they cannot be compiled

	// Objects.
	closed     bool // additionalProperties: false: the schema rejects extras itself
	props      map[string]*shape
	names      []string // declared names in document order, for messages
	patterns   []pattern
	additional *shape
	dependent  []dependent
	cond       *condition

	// Composition.
	allOf         []*shape
	oneOf, anyOf  []variant
	discriminator string
	mapping       map[string]string // discriminator value -> $ref

	// Arrays.
	itemsFalse  bool
	items       *shape
	prefix      []*shape // nil entries for prefixItems without a schema
	unevaluated *shape   // unevaluatedItems, used only when items is absent
	noItems     bool
}

// kind is a set of the kinds of JSON value strict mode walks into.
type kind uint8

const (
	kindObject kind = 1 << iota
	kindArray
)

// kindsOf is the kinds of value a schema's type admits.
func kindsOf(types []string) kind {
	if len(types) == 0 {
		return kindObject | kindArray
	}
	var k kind
	if slices.Contains(types, "object") {
		k |= kindObject
	}
	if slices.Contains(types, "array") {
		k |= kindArray
	}
	return k
}

// pattern is one patternProperties entry with a pattern that compiles.
type pattern struct {
	re *regexp.Regexp
	sh *shape
}

// dependent is one dependentSchemas entry: its properties are declared
// when the trigger property is present.
type dependent struct {
	trigger string
	props   *shape
}

// condition is an if/then/else: the properties of then or else are
// declared depending on whether the object matches if.
type condition struct {
	match     *jsonschema.Schema // nil when if does not compile: else applies
	then, els *shape
}

// variant is one branch of a oneOf or anyOf.
type variant struct {
	ref   string // the branch's $ref, "" when inline
	sh    *shape
	match *jsonschema.Schema // compiled only when the kind alone cannot pick the branch
}

// shapes builds and keeps the shapes of one document's schemas. It is used
// while a contract is built, before any test reads it, and only read after.
type shapes struct {
	bySchema map[*base.Schema]*shape
	byRef    map[string]*shape
	options  *config.ValidationOptions
	version  float32
}

// newShapes returns an empty set of shapes for a document of the given
// OpenAPI version (3.0 or 3.1).
func newShapes(version float32) *shapes {
	return &shapes{
		bySchema: map[*base.Schema]*shape{},
		byRef:    map[string]*shape{},
		options:  config.NewValidationOptions(validationOptions()...),
		version:  version,
	}
}

// ofProxy returns the shape a schema proxy leads to; nil when it leads to
// no schema. A $ref is built once however often it is met, which is also
// what ends recursive schemas.
func (b *shapes) ofProxy(p *base.SchemaProxy) *shape {
	if p == nil {
		return nil
	}
	if p.IsTransformedRefWithSiblings() {
		// A $ref beside other keywords: libopenapi's Schema is the
		// siblings alone; the schema meant is both, as an allOf.
		if both, err := p.BuildTransformedRefSemanticSchema(nil); err == nil && both != nil {
			sh := b.of(both)
			if siblings := p.Schema(); siblings != nil {
				sh.readOnly = siblings.ReadOnly != nil && *siblings.ReadOnly
				sh.writeOnly = siblings.WriteOnly != nil && *siblings.WriteOnly
			}
			return sh
		}
	}
	ref := ""
	if p.IsReference() {
		ref = p.GetReference()
		if sh, ok := b.byRef[ref]; ok {
			return sh
		}
	}
	s := p.Schema()
	if s == nil {
		return nil
	}
	if sh, ok := b.bySchema[s]; ok {
		return sh
	}
	sh := &shape{schema: s}
	if ref != "" {
		b.byRef[ref] = sh
	}
	b.bySchema[s] = sh
	b.fill(sh)
	return sh
}

// of returns the shape of s, building it (and every shape it leads to) on
// first use.
func (b *shapes) of(s *base.Schema) *shape {
	if s == nil {
		return nil
	}
	if sh, ok := b.bySchema[s]; ok {
		return sh
	}
	sh := &shape{schema: s}
	b.bySchema[s] = sh
	b.fill(sh)
	return sh
}

func (b *shapes) fill(sh *shape) {
	s := sh.schema
	sh.readOnly = s.ReadOnly != nil && *s.ReadOnly
	sh.writeOnly = s.WriteOnly != nil && *s.WriteOnly
	sh.kinds = kindsOf(s.Type)
	sh.free = len(s.Type) == 0 && s.Properties == nil && s.PatternProperties == nil && s.AdditionalProperties == nil &&
		len(s.AllOf)+len(s.OneOf)+len(s.AnyOf)+len(s.PrefixItems) == 0 && s.Items == nil && s.If == nil &&
		s.DependentSchemas == nil && s.UnevaluatedItems == nil && s.UnevaluatedProperties == nil
	sh.required = s.Required
	sh.closed = s.AdditionalProperties != nil && s.AdditionalProperties.IsB() && !s.AdditionalProperties.B
	if s.AdditionalProperties != nil && s.AdditionalProperties.IsA() {
		sh.additional = b.ofProxy(s.AdditionalProperties.A)
	}
	if s.Properties != nil {
		sh.props = make(map[string]*shape, s.Properties.Len())
		for name, p := range s.Properties.FromOldest() {
			sh.props[name] = b.ofProxy(p)
			sh.names = append(sh.names, name)
		}
	}
	if s.PatternProperties != nil {
		for expr, p := range s.PatternProperties.FromOldest() {
			if re, err := regexp.Compile(expr); err == nil {
				sh.patterns = append(sh.patterns, pattern{re: re, sh: b.ofProxy(p)})
			}
		}
	}
	if s.DependentSchemas != nil {
		for trigger, p := range s.DependentSchemas.FromOldest() {
			if d := b.ofProxy(p); d != nil {
				sh.dependent = append(sh.dependent, dependent{trigger: trigger, props: d})
			}
		}
	}
	if s.If != nil {
		if ifs := s.If.Schema(); ifs != nil {
			sh.cond = &condition{match: b.compile(ifs), then: b.ofProxy(s.Then), els: b.ofProxy(s.Else)}
		}
	}
	for _, p := range s.AllOf {
		if br := b.ofProxy(p); br != nil {
			sh.allOf = append(sh.allOf, br)
		}
	}
	sh.oneOf = b.variants(s.OneOf)
	sh.anyOf = b.variants(s.AnyOf)
	if s.Discriminator != nil && s.Discriminator.PropertyName != "" {
		sh.discriminator = s.Discriminator.PropertyName
		if s.Discriminator.Mapping != nil {
			sh.mapping = map[string]string{}
			for value, ref := range s.Discriminator.Mapping.FromOldest() {
				if _, seen := sh.mapping[value]; !seen {
					sh.mapping[value] = ref
				}
			}
		}
	}

	if s.Items != nil {
		if s.Items.IsB() && !s.Items.B {
			sh.itemsFalse = true
		} else if s.Items.A != nil {
			sh.items = b.ofProxy(s.Items.A)
		}
	}
	sh.noItems = s.Items == nil
	for _, p := range s.PrefixItems {
		sh.prefix = append(sh.prefix, b.ofProxy(p))
	}
	if s.UnevaluatedItems != nil {
		sh.unevaluated = b.ofProxy(s.UnevaluatedItems)
	}
}

// variants builds the branches of a oneOf or anyOf. A branch is told apart
// by matching the value against it; that needs the branch compiled only
// when another branch admits the same kind of value.
func (b *shapes) variants(proxies []*base.SchemaProxy) []variant {
	if len(proxies) == 0 {
		return nil
	}
	vs := make([]variant, 0, len(proxies))
	admit := map[kind]int{}
	for _, p := range proxies {
		if p == nil {
			continue
		}
		v := variant{sh: b.ofProxy(p)}
		if p.IsReference() {
			v.ref = p.GetReference()
		}
		if v.sh != nil {
			for _, k := range []kind{kindObject, kindArray} {
				if v.sh.kinds&k != 0 {
					admit[k]++
				}
			}
		}
		vs = append(vs, v)
	}
	for i := range vs {
		if vs[i].sh == nil {
			continue
		}
		for _, k := range []kind{kindObject, kindArray} {
			if vs[i].sh.kinds&k != 0 && admit[k] > 1 && vs[i].match == nil {
				vs[i].match = b.compile(vs[i].sh.schema)
			}
		}
	}
	return vs
}

// compile turns s into a JSON Schema the way the validator does; nil when
// it cannot, which counts as not matching, as it does for the validator.
func (b *shapes) compile(s *base.Schema) *jsonschema.Schema {
	rendered, err := s.RenderInlineWithContext(base.NewInlineRenderContextForValidation())
	if err != nil {
		return nil
	}
	js, err := utils.ConvertYAMLtoJSON(rendered)
	if err != nil || len(js) == 0 {
		return nil
	}
	compiled, err := helpers.NewCompiledSchemaWithVersion("strict-variant", js, b.options, b.version)
	if err != nil {
		return nil
	}
	return compiled
}
