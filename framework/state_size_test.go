package framework_test

import (
	"testing"

	"github.com/starling-http/starling/framework"
)

// Every request allocates and zeroes one state: a field that pushes it past
// 256 bytes moves it to the 288-byte size class, which every request pays.
func TestRequestStateSize(t *testing.T) {
	if got := framework.RequestStateSize; got > 256 {
		t.Errorf("the request state takes %d bytes, want at most 256", got)
	}
}
