package router

import (
	"slices"
	"strings"
)

// allowHeader builds the Allow header value for the routes of one or more
// nodes: every registered method, HEAD when GET is registered, and OPTIONS,
// which the framework always answers. Methods are sorted and unique, joined
// by ", ".
func allowHeader[H any](routes ...[]*Route[H]) string {
	methods := []string{"OPTIONS"}
	for _, rs := range routes {
		for _, r := range rs {
			methods = append(methods, r.Method)
			if r.Method == "GET" {
				methods = append(methods, "HEAD")
			}
		}
	}
	slices.Sort(methods)
	return strings.Join(slices.Compact(methods), ", ")
}
