package contract

import (
	"slices"
	"strings"
)

// The server rule: every path of the document hangs off each server's
// URL, so a base path a server no longer has moves every operation under
// it. Hosts are left out: clients choose the host by configuration (one
// per deployment), while the base path is compiled into generated clients
// with the paths.

// serverPaths returns the base paths of a servers list, variables replaced
// by their defaults, sorted; no servers means "/" (the specification's
// default server).
func serverPaths(servers any) []string {
	var out []string
	for _, sv := range arr(servers) {
		s := obj(sv)
		url := str(s, "url")
		for name, v := range obj(s["variables"]) {
			url = strings.ReplaceAll(url, "{"+name+"}", str(obj(v), "default"))
		}
		if _, rest, ok := strings.Cut(url, "://"); ok {
			url = ""
			if i := strings.Index(rest, "/"); i >= 0 {
				url = rest[i:]
			}
		}
		if i := strings.IndexAny(url, "?#"); i >= 0 {
			url = url[:i]
		}
		out = append(out, "/"+strings.Trim(url, "/"))
	}
	if len(out) == 0 {
		out = []string{"/"}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// serverChange adds a change when a base path of base is not a base path
// of head.
func (d *differ) serverChange(op, loc string, base, head any) {
	bp, hp := serverPaths(base), serverPaths(head)
	for _, p := range bp {
		if !slices.Contains(hp, p) {
			d.add(RuleServerBasePathChanged, op, loc, "server base path %s is gone (now %s): every operation under it moved", p, strings.Join(hp, ", "))
			return
		}
	}
}

// servers compares the document's servers, and each operation's when it
// or its path declares its own.
func (d *differ) servers() {
	d.serverChange("", "servers", d.base.root["servers"], d.head.root["servers"])
}
