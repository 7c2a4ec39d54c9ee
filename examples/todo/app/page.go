package app

// Page is one window of a listing, with the total the filters select, so
// that a client can page through it.
type Page[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

// newPage wraps a window of items, as the store returned it, for the client.
func newPage[T any](items []T, total int, w Window) Page[T] {
	return Page[T]{Items: items, Total: total, Offset: w.Offset, Limit: w.Limit}
}
