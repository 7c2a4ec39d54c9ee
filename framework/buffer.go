package framework

import "sync"

// bufferPool recycles response buffers; buffers that grew past maxPooled
// are dropped so one large response does not pin memory.
type bufferPool struct{ p sync.Pool }

const maxPooled = 64 << 10

func (bp *bufferPool) get() *[]byte {
	if b, ok := bp.p.Get().(*[]byte); ok {
		return b
	}
	b := make([]byte, 0, 1024)
	return &b
}

func (bp *bufferPool) put(b *[]byte) {
	if cap(*b) <= maxPooled {
		bp.p.Put(b)
	}
}
