package fakes

import (
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strconv"

	"github.com/starling-http/starling/internal/plan"
)

// Numbers are made on a grid, value = k * step, so that every rule holds
// exactly in decimal as JSON Schema validators check it (they compare the
// JSON literal as a rational), not just within the codec's float epsilon:
// the step is multipleOf when given, 1 for integers and 1/100 for floats.

// numRange is the range of grid indexes k that satisfy the bounds.
type numRange struct {
	step     *big.Rat
	lo, hi   *big.Int // k in [lo, hi]
	loByRule bool     // lo comes from a rule, not the type's width
	hiByRule bool
}

// rat parses a JSON number literal.
func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("fakes: not a number: " + s)
	}
	return r
}

// widthBounds returns the range of values of a numeric plan's Go type.
func widthBounds(t *plan.Type) (lo, hi *big.Rat) {
	switch t.Kind {
	case plan.Int:
		return new(big.Rat).SetInt(new(big.Int).Lsh(big.NewInt(-1), uint(t.Bits-1))),
			new(big.Rat).SetInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(t.Bits-1)), big.NewInt(1)))
	case plan.Uint:
		return new(big.Rat), new(big.Rat).SetInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(t.Bits)), big.NewInt(1)))
	}
	m := math.MaxFloat64
	if t.Bits == 32 {
		m = math.MaxFloat32
	}
	return new(big.Rat).SetFloat64(-m), new(big.Rat).SetFloat64(m)
}

// rangeOf computes the grid range of a numeric plan under r; ok is false
// when no grid value satisfies the bounds.
func rangeOf(t *plan.Type, r *plan.Rules) (nr numRange, ok bool) {
	lo, hi := widthBounds(t)
	loOpen, hiOpen := false, false
	if r.Minimum != nil && rat(r.Minimum.Text).Cmp(lo) > 0 {
		lo, nr.loByRule = rat(r.Minimum.Text), true
	}
	if r.ExclusiveMinimum != nil && rat(r.ExclusiveMinimum.Text).Cmp(lo) >= 0 {
		lo, loOpen, nr.loByRule = rat(r.ExclusiveMinimum.Text), true, true
	}
	if r.Maximum != nil && rat(r.Maximum.Text).Cmp(hi) < 0 {
		hi, nr.hiByRule = rat(r.Maximum.Text), true
	}
	if r.ExclusiveMaximum != nil && rat(r.ExclusiveMaximum.Text).Cmp(hi) <= 0 {
		hi, hiOpen, nr.hiByRule = rat(r.ExclusiveMaximum.Text), true, true
	}
	switch {
	case r.MultipleOf != nil:
		nr.step = rat(r.MultipleOf.Text)
	case t.Kind == plan.Float:
		nr.step = big.NewRat(1, 100)
	default:
		nr.step = big.NewRat(1, 1)
	}
	nr.lo = ceilDiv(lo, nr.step, loOpen)
	nr.hi = floorDiv(hi, nr.step, hiOpen)
	return nr, nr.lo.Cmp(nr.hi) <= 0
}

// ceilDiv returns the least k with k*step >= x (> x when open).
func ceilDiv(x, step *big.Rat, open bool) *big.Int {
	q := new(big.Rat).Quo(x, step)
	k := new(big.Int).Div(q.Num(), q.Denom()) // floor, Denom > 0
	if q.IsInt() {
		if open {
			k.Add(k, big.NewInt(1))
		}
		return k
	}
	return k.Add(k, big.NewInt(1))
}

// floorDiv returns the greatest k with k*step <= x (< x when open).
func floorDiv(x, step *big.Rat, open bool) *big.Int {
	q := new(big.Rat).Quo(x, step)
	k := new(big.Int).Div(q.Num(), q.Denom())
	if q.IsInt() && open {
		k.Sub(k, big.NewInt(1))
	}
	return k
}

// between returns a uniform k in [lo, hi].
func (g *gen) between(lo, hi *big.Int) *big.Int {
	span := new(big.Int).Sub(hi, lo)
	span.Add(span, big.NewInt(1))
	if span.IsInt64() && span.Int64() <= 1<<30 {
		return new(big.Int).Add(lo, big.NewInt(int64(g.intn(int(span.Int64())))))
	}
	x := new(big.Int)
	for range span.BitLen()/64 + 2 {
		x.Lsh(x, 64).Or(x, new(big.Int).SetUint64(g.src.Uint64()))
	}
	return x.Add(lo, x.Mod(x, span))
}

// pick chooses a grid index: mostly from a realistic window (the whole range
// when both ends are rules; else 0 to 1000, or 1000 steps from the rule's
// end), sometimes exactly at a rule's bound.
func (g *gen) pick(nr numRange) *big.Int {
	switch d := g.intn(16); {
	case d == 0 && nr.loByRule:
		return new(big.Int).Set(nr.lo)
	case d == 1 && nr.hiByRule:
		return new(big.Int).Set(nr.hi)
	}
	if nr.loByRule && nr.hiByRule {
		return g.between(nr.lo, nr.hi)
	}
	thousand := floorDiv(big.NewRat(1000, 1), nr.step, false)
	if thousand.Sign() == 0 {
		thousand.SetInt64(1)
	}
	wlo, whi := new(big.Int), thousand
	switch {
	case nr.loByRule:
		wlo, whi = nr.lo, new(big.Int).Add(nr.lo, thousand)
	case nr.hiByRule:
		wlo, whi = new(big.Int).Sub(nr.hi, thousand), nr.hi
	}
	if wlo.Cmp(nr.lo) < 0 {
		wlo = nr.lo
	}
	if whi.Cmp(nr.hi) > 0 {
		whi = nr.hi
	}
	if wlo.Cmp(whi) > 0 {
		return g.between(nr.lo, nr.hi)
	}
	return g.between(wlo, whi)
}

// number fills a numeric v.
func (g *gen) number(t *plan.Type, r *plan.Rules, v reflect.Value) error {
	switch {
	case r.Const != nil:
		return setNumber(t, v, rat(r.Const.Text))
	case len(r.Enum) > 0:
		return setNumber(t, v, rat(r.Enum[g.intn(len(r.Enum))].Text))
	}
	nr, ok := rangeOf(t, r)
	if !ok {
		return fmt.Errorf("no %s satisfies the bounds", t.Go)
	}
	for range 32 {
		x := new(big.Rat).Mul(new(big.Rat).SetInt(g.pick(nr)), nr.step)
		if err := setNumber(t, v, x); err != nil {
			return err
		}
		if checkNumber(t, r, v) == "" && exactNumber(t, r, v) {
			return nil
		}
	}
	return fmt.Errorf("cannot make a %s within its rules", t.Go)
}

// setNumber stores x in a numeric v, rounding floats to their width.
func setNumber(t *plan.Type, v reflect.Value, x *big.Rat) error {
	switch t.Kind {
	case plan.Int:
		if !x.IsInt() || !x.Num().IsInt64() {
			return fmt.Errorf("%s is not an int64", x.RatString())
		}
		v.SetInt(x.Num().Int64())
	case plan.Uint:
		if !x.IsInt() || !x.Num().IsUint64() {
			return fmt.Errorf("%s is not a uint64", x.RatString())
		}
		v.SetUint(x.Num().Uint64())
	default:
		if t.Bits == 32 {
			f, _ := x.Float32()
			v.SetFloat(float64(f))
		} else {
			f, _ := x.Float64()
			v.SetFloat(f)
		}
	}
	return nil
}

// checkNumber checks a numeric v against r as the codec does and returns
// the broken rule, "" when none is.
func checkNumber(t *plan.Type, r *plan.Rules, v reflect.Value) string {
	switch t.Kind {
	case plan.Int:
		if x := r.CheckInt(v.Int()); x != nil {
			return x.Rule
		}
	case plan.Uint:
		if x := r.CheckUint(v.Uint()); x != nil {
			return x.Rule
		}
	default:
		if x := r.CheckFloat(v.Float()); x != nil {
			return x.Rule
		}
	}
	return ""
}

// literal is the JSON literal the codec writes for a numeric v.
func literal(t *plan.Type, v reflect.Value) string {
	switch t.Kind {
	case plan.Int:
		return strconv.FormatInt(v.Int(), 10)
	case plan.Uint:
		return strconv.FormatUint(v.Uint(), 10)
	}
	return formatFloat(v.Float(), t.Bits)
}

// formatFloat writes a float as encoding/json does.
func formatFloat(f float64, bits int) string {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21)) {
		format = 'e'
	}
	s := strconv.FormatFloat(f, format, -1, bits)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(s)
		if n >= 4 && s[n-4] == 'e' && s[n-3] == '-' && s[n-2] == '0' {
			s = s[:n-2] + s[n-1:]
		}
	}
	return s
}

// exactNumber checks the bounds and multipleOf on the literal a float is
// written as, in exact decimal, as JSON Schema validators do.
func exactNumber(t *plan.Type, r *plan.Rules, v reflect.Value) bool {
	if t.Kind != plan.Float {
		return true
	}
	x := rat(literal(t, v))
	if r.Minimum != nil && x.Cmp(rat(r.Minimum.Text)) < 0 ||
		r.Maximum != nil && x.Cmp(rat(r.Maximum.Text)) > 0 ||
		r.ExclusiveMinimum != nil && x.Cmp(rat(r.ExclusiveMinimum.Text)) <= 0 ||
		r.ExclusiveMaximum != nil && x.Cmp(rat(r.ExclusiveMaximum.Text)) >= 0 {
		return false
	}
	if r.MultipleOf != nil && !new(big.Rat).Quo(x, rat(r.MultipleOf.Text)).IsInt() {
		return false
	}
	return true
}
