package framework

// Hooks for the external tests (package framework_test) to see which path
// a provider or route takes; they exist only in test builds.

// FastProvider reports whether p's constructor is called directly, without
// reflection (see fastConstructor).
func FastProvider(p Provider) bool { return p.def != nil && p.def.fast != nil }

// RoutePaths reports, for the app's route with method and full pattern
// path, whether its per-request values are built by runFast and whether it
// runs without handing the request a context that carries the state (see
// route.direct). ok is false when no such route exists.
func RoutePaths(a *App, method, path string) (fast, direct, ok bool) {
	for _, rt := range a.routes {
		if rt.def.method == method && rt.def.fullPath == path {
			return rt.binder.inj.fast, rt.direct() && len(a.cfg.root.middleware) == 0, true
		}
	}
	return false, false, false
}
