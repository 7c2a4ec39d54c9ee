// Package apitest is Starling's test harness: it builds an app for one
// test, swaps providers for fakes, and checks every request and response
// against the app's own OpenAPI document.
//
//	func TestCreateUser(t *testing.T) {
//		a, err := app.New()
//		require.NoError(t, err)
//		api := apitest.New(t, a, apitest.OverrideValue[app.Hasher](plainHasher{}))
//		in := fakes.Make[app.CreateUser](t)
//		api.POST("/users").WithJSON(in).Expect().Status(http.StatusCreated).
//			JSON().Object().HasValue("email", in.Email)
//	}
//
// # What is checked
//
// Each exchange goes through a transport that validates the request
// (parameters, body, security) and the response (documented status,
// documented content type, headers, body schema) with libopenapi-validator,
// format assertions on, and in strict mode: a query parameter, cookie or
// header the operation does not declare is a violation, and so is a
// property of a JSON body its schema does not declare, even where the
// schema would allow it. Strict mode takes what a schema declares as the
// validator's strict mode does (properties, patternProperties, the allOf
// branches, the oneOf or anyOf branch the discriminator or the value picks,
// dependentSchemas, if/then/else), and goes further where that one reports
// what the document allows: branches built of branches count to any depth,
// the keys of an object whose additionalProperties is a schema (a Go map)
// are declared by it, and a value under a schema that says nothing of its
// members ({}, a free-form field) is left alone. Undeclared properties are
// looked for in JSON bodies only; YAML, XML and form bodies are checked
// against their schema alone. A body on a status documented without
// content is a violation, and so is a status the operation does not
// document. Violations fail the test through t.Errorf,
// naming the operation, method and path, status, the JSON pointer, the
// schema rule and where it sits in the document, the offending value, and a
// curl command that reproduces the request.
//
// Negative tests send deliberately invalid requests with API.Invalid: the
// request is not checked, but the error response still must match its
// documented problem schema. Routes left out of the document (health, docs)
// are reached with API.Undocumented.
//
// # Overrides
//
// Override and OverrideValue replace providers by type wherever the app
// registers them, for one test only: every API builds its own app with
// App.With(framework.WithOverrides(...)), starts it, and shuts it down in
// t.Cleanup, so parallel tests never share singletons.
//
// # Parallel tests
//
// Tests checked against the same document bytes share its parse, built
// once. Each check borrows a validator of its own from the document's
// pool (one parse of the document each, about 2 MiB for the users
// example), so parallel tests validate at the same moment instead of
// taking turns; the pool grows to the number of checks running at once.
//
// # Coverage
//
// Every checked exchange is counted against the document's operation ×
// status × content type matrix. RunWithCoverage, called from TestMain,
// prints the matrix after the package's tests, can write it as JSON, and can
// fail the run below a threshold or when named operations were never
// exercised.
package apitest
