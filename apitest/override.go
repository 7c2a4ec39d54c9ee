package apitest

import "github.com/starling-http/starling/framework"

// Override replaces providers by type wherever the app registers them (app,
// router, controller or route), for this test only. Make the providers with
// framework.Provide (a constructor) or framework.Value (a value):
//
//	apitest.New(t, a, apitest.Override(framework.Provide(fakes.NewUserStore, framework.As[app.Store]())))
//
// Overriding a type that no layer of the app provides fails the test: the
// app refuses to build.
func Override(providers ...framework.Provider) Option {
	return func(s *settings) { s.overrides = append(s.overrides, providers...) }
}

// OverrideValue replaces the provider of T with the value v, for this test
// only. T is usually an interface the app injects:
//
//	apitest.OverrideValue[app.Hasher](plainHasher{})
func OverrideValue[T any](v T) Option {
	return Override(framework.Value[T](v))
}
