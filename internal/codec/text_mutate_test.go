package codec_test

import (
	"bytes"
	"testing"
	"unsafe"

	"github.com/starling-http/starling/internal/codec"
	"github.com/starling-http/starling/internal/plan"
)

// upperCode normalises in place, as UnmarshalText's contract allows: the
// slice is the implementation's to modify for the length of the call.
type upperCode string

func (c upperCode) MarshalText() ([]byte, error) { return []byte(c), nil }

func (c *upperCode) UnmarshalText(b []byte) error {
	copy(b, bytes.ToUpper(b))
	*c = upperCode(b)
	return nil
}

type withCode struct {
	Code upperCode `json:"code" validate:"maxLength=3"`
}

// TestUnmarshalTextMayModifyItsArgument: what a client sent stays what it
// sent, in the body and in the violation that echoes it.
func TestUnmarshalTextMayModifyItsArgument(t *testing.T) {
	t.Parallel()
	p := compile[withCode](t)
	body := []byte(`{"code":"abcd"}`)
	var v withCode
	err := codec.Decode(p, body, unsafe.Pointer(&v))
	if string(body) != `{"code":"abcd"}` {
		t.Errorf("the body became %s", body)
	}
	if v.Code != "ABCD" {
		t.Errorf("Code = %q, want the normalised ABCD", v.Code)
	}
	vs, _ := err.(plan.Violations)
	if len(vs) != 1 || vs[0].Value != "abcd" {
		t.Errorf("violations = %v, want one echoing abcd as sent", err)
	}

	// A parameter's string is immutable: writing through it would be a
	// crash for a literal and silent corruption for a heap string.
	s := string([]byte("xyz"))
	var c upperCode
	if v := codec.ParseText(compile[upperCode](t), nil, s, unsafe.Pointer(&c)); v != nil || c != "XYZ" {
		t.Errorf("ParseText: %v, %q", v, c)
	}
	if s != "xyz" {
		t.Errorf("ParseText changed the parameter's string to %q", s)
	}
}
