package fakes

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"time"

	"github.com/brianvoe/gofakeit/v7"
	"github.com/starling-http/starling/internal/plan"
)

// gen makes values from plans. One gen serves one call and is not shared.
type gen struct {
	src      source
	fk       *gofakeit.Faker
	optional float64 // probability of filling an optional field
	full     bool    // fill every field and give collections at least one item
	readOnly bool    // fill read-only fields too (responses, examples)
	depth    int
	regexes  map[*regexp.Regexp]*regex // parsed patterns, see regexFor
}

func newGen(src source, c *config) *gen {
	return &gen{src: src, fk: gofakeit.NewFaker(src, false), optional: c.optional, readOnly: c.response}
}

// maxDepth bounds recursive types: below it optional parts are left out.
const maxDepth = 8

func (g *gen) intn(n int) int {
	if n <= 1 {
		return 0
	}
	return g.src.IntN(n)
}

// chance reports true with probability p.
func (g *gen) chance(p float64) bool {
	if p >= 1 {
		return true
	}
	if p <= 0 {
		return false
	}
	return float64(g.intn(1<<20)) < p*(1<<20)
}

// value fills v (settable, of type t.Go) with a value of plan t that
// satisfies r. name is the wire name of the field it is for, as a hint.
func (g *gen) value(t *plan.Type, r *plan.Rules, name string, v reflect.Value) error {
	if r == nil {
		r = &noRules
	}
	switch t.Kind {
	case plan.Pointer:
		p := reflect.New(t.Elem.Go)
		if err := g.value(t.Elem, r, name, p.Elem()); err != nil {
			return err
		}
		v.Set(p)
	case plan.Bool:
		b := g.intn(2) == 1
		switch {
		case r.Const != nil:
			b = r.Const.Bool
		case len(r.Enum) > 0:
			b = r.Enum[g.intn(len(r.Enum))].Bool
		}
		v.SetBool(b)
	case plan.Int, plan.Uint, plan.Float:
		return g.number(t, r, v)
	case plan.String:
		s, err := g.str(r, name)
		if err != nil {
			return err
		}
		v.SetString(s)
	case plan.Text:
		return g.textValue(t, r, name, v)
	case plan.Bytes:
		n := g.intn(25)
		if g.full {
			n++
		}
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(g.src.Uint64())
		}
		v.SetBytes(b)
	case plan.Time:
		v.Set(reflect.ValueOf(g.time()))
	case plan.Raw:
		v.SetBytes(g.raw())
	case plan.Slice:
		lo, hi := g.count(r.MinItems, r.MaxItems)
		n := lo + g.intn(hi-lo+1)
		s := reflect.MakeSlice(t.Go, n, n)
		n, err := g.items(t, r, name, s, lo)
		if err != nil {
			return err
		}
		v.Set(s.Slice(0, n))
	case plan.Array:
		if n, err := g.items(t, r, name, v, t.Len); err != nil {
			return err
		} else if n < t.Len {
			return fmt.Errorf("cannot make %d distinct items of %s", t.Len, t.Elem.Go)
		}
	case plan.Map:
		return g.mapping(t, r, v)
	case plan.Struct:
		return g.structure(t, r, v)
	default:
		return fmt.Errorf("fakes: cannot make values of kind %s (%s)", t.Kind, t.Go)
	}
	return nil
}

var noRules plan.Rules

// count picks the range of a collection's size from its rules.
func (g *gen) count(minN, maxN *int) (lo, hi int) {
	if minN != nil {
		lo = *minN
	}
	hi = max(lo, 1) + 2
	if g.depth > 2 {
		hi = max(lo, 1)
	}
	if maxN != nil {
		hi = *maxN
	}
	if g.full && lo == 0 && hi > 0 {
		lo = 1
	}
	return lo, hi
}

// items fills the items of slice or array s, keeping them distinct under
// uniqueItems. It returns how many it made: fewer than s.Len() only when
// distinct items ran out after at least least were made.
func (g *gen) items(t *plan.Type, r *plan.Rules, name string, s reflect.Value, least int) (int, error) {
	g.depth++
	defer func() { g.depth-- }()
	for i := range s.Len() {
		ok := false
		for attempt := 0; attempt < 32 && !ok; attempt++ {
			it := reflect.New(t.Elem.Go).Elem()
			if err := g.value(t.Elem, r.Items, name, it); err != nil {
				return 0, err
			}
			ok = true
			if r.UniqueItems {
				for j := range i {
					if reflect.DeepEqual(s.Index(j).Interface(), it.Interface()) {
						ok = false
						break
					}
				}
			}
			if ok {
				s.Index(i).Set(it)
			}
		}
		if !ok {
			if i >= least {
				return i, nil
			}
			return 0, fmt.Errorf("cannot make %d distinct items of %s", least, t.Elem.Go)
		}
	}
	return s.Len(), nil
}

func (g *gen) mapping(t *plan.Type, r *plan.Rules, v reflect.Value) error {
	lo, hi := g.count(r.MinProperties, r.MaxProperties)
	n := lo + g.intn(hi-lo+1)
	m := reflect.MakeMapWithSize(t.Go, n)
	g.depth++
	defer func() { g.depth-- }()
	for m.Len() < n {
		k := g.word()
		if m.Len() >= 8 || g.intn(4) == 0 {
			k += strconv.Itoa(m.Len())
		}
		key := reflect.ValueOf(k).Convert(t.Go.Key())
		if m.MapIndex(key).IsValid() {
			continue
		}
		val := reflect.New(t.Elem.Go).Elem()
		if err := g.value(t.Elem, r.Items, k, val); err != nil {
			return err
		}
		m.SetMapIndex(key, val)
	}
	v.Set(m)
	return nil
}

func (g *gen) structure(t *plan.Type, r *plan.Rules, v reflect.Value) error {
	g.depth++
	defer func() { g.depth-- }()
	for attempt := 0; ; attempt++ {
		if err := g.fields(t, v); err != nil {
			return err
		}
		if r.MinProperties == nil && r.MaxProperties == nil {
			return nil
		}
		n := len(requestObject(t, v).keys)
		if r.CheckCount(n, plan.Struct) == nil {
			return nil
		}
		if attempt == 32 {
			return fmt.Errorf("cannot fill %s with a count of properties its rules allow", t.Go)
		}
		v.SetZero()
	}
}

func (g *gen) fields(t *plan.Type, v reflect.Value) error {
	for _, f := range t.Fields {
		if f.ReadOnly && !g.readOnly {
			continue // a request must not send it
		}
		fv := fieldOf(v, f.Index)
		omissible := f.Type.Kind == plan.Pointer || f.OmitEmpty
		if !f.Required && omissible && !g.full {
			p := g.optional
			if g.depth > maxDepth/2 {
				p /= 4
			}
			if g.depth > maxDepth || !g.chance(p) {
				continue
			}
		}
		for attempt := 0; ; attempt++ {
			if err := g.value(f.Type, &f.Rules, f.Wire, fv); err != nil {
				return fmt.Errorf("%s: %w", f.Wire, err)
			}
			// A required omitempty field must not be zero: it would be left out.
			if !(f.Required && f.OmitEmpty && fv.IsZero()) {
				break
			}
			if attempt == 16 {
				return fmt.Errorf("%s: required and omitempty, but only its zero value satisfies its rules", f.Wire)
			}
		}
	}
	return nil
}

// fieldOf returns the field at index in struct v, allocating embedded
// pointers on the way.
func fieldOf(v reflect.Value, index []int) reflect.Value {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v
}

// time returns a time between 2000 and 2035, in UTC, to the millisecond.
func (g *gen) time() time.Time {
	const from, span = 946684800, 35 * 365 * 24 * 3600
	sec := int64(from + g.intn(span))
	ms := int64(0)
	if g.intn(2) == 0 {
		ms = int64(g.intn(1000))
	}
	return time.Unix(sec, ms*int64(time.Millisecond)).UTC()
}

// raw returns a small JSON value.
func (g *gen) raw() json.RawMessage {
	switch g.intn(5) {
	case 0:
		return json.RawMessage(strconv.Itoa(g.intn(1000)))
	case 1:
		b, _ := json.Marshal(g.word())
		return b
	case 2:
		return json.RawMessage(`true`)
	case 3:
		b, _ := json.Marshal([]string{g.word(), g.word()})
		return b
	}
	b, _ := json.Marshal(map[string]any{g.word(): g.intn(100)})
	return b
}
