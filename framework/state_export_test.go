package framework

import "unsafe"

// RequestStateSize is the size of the per-request state, for the external
// test that keeps it in its size class.
const RequestStateSize = unsafe.Sizeof(requestState{})
