package apitest

import "github.com/starling-http/starling/framework"

// Option configures an API (see New).
type Option func(*settings)

// settings is what the options set.
type settings struct {
	overrides []framework.Provider
	appOpts   []framework.Option
	document  []byte
	loopback  bool
	validate  bool
	verbose   bool
	noLogger  bool
	ignored   []string
}

func newSettings(opts []Option) settings {
	s := settings{validate: true}
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	return s
}

// WithAppOptions adds framework options to the app built for the test,
// after the app's own (and after the test logger, so a framework.WithLogger
// here wins).
func WithAppOptions(opts ...framework.Option) Option {
	return func(s *settings) { s.appOpts = append(s.appOpts, opts...) }
}

// Loopback serves the app on a real loopback listener (httptest.NewServer)
// instead of calling its handler in-process, for tests that need a port: a
// browser, a client library, timeouts. The server stops at cleanup.
func Loopback() Option {
	return func(s *settings) { s.loopback = true }
}

// WithoutValidation turns the document checks off: requests and responses
// are passed through unchecked and no coverage is recorded. It exists to
// measure what validation costs; tests should keep it on.
func WithoutValidation() Option {
	return func(s *settings) { s.validate = false }
}

// WithDocument checks exchanges against doc (OpenAPI 3.x, JSON or YAML)
// instead of the app's own document, for instance a published contract the
// app must keep to.
func WithDocument(doc []byte) Option {
	return func(s *settings) { s.document = doc }
}

// Verbose logs every exchange (method, URL, status, time) through t.Log.
func Verbose() Option {
	return func(s *settings) { s.verbose = true }
}

// WithoutTestLogger keeps the app's own logger. By default the app built for
// a test logs through t.Log, so its lines appear with the test that caused
// them and only when it fails or runs with -v.
func WithoutTestLogger() Option {
	return func(s *settings) { s.noLogger = true }
}

// IgnoreHeaders lets responses carry the named headers although the
// document does not declare them (strict mode reports undeclared headers).
// It is for headers that something outside the app adds, such as a proxy in
// a Loopback test, or, as a stopgap named in the test, for a header the
// document should declare and does not yet.
func IgnoreHeaders(names ...string) Option {
	return func(s *settings) { s.ignored = append(s.ignored, names...) }
}
