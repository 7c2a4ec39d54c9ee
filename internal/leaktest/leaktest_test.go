package leaktest_test

import (
	"testing"

	"github.com/starling-http/starling/internal/leaktest"
)

func TestCheckPassesWhenGoroutinesEnd(t *testing.T) {
	leaktest.Check(t)
	done := make(chan struct{})
	go func() { close(done) }()
	<-done
}
