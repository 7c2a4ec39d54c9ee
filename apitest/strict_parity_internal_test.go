package apitest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/strict"
	"github.com/pb33f/libopenapi/datamodel/high/base"
)

// The tests in this file are differential: our strict walk (walker.walk)
// replaces libopenapi-validator's strict body walk, so for every body it
// must report exactly the values the library reports, at the same paths.
// Where the library is wrong by our reading of the specifications, the row
// says so (libraryDiffers) and pins our answer instead.

// finding is one reported value, reduced to what both walks can say.
type finding struct {
	Path      string
	WriteOnly bool // a writeOnly property in a response, not an undeclared one
}

// sortFindings orders findings so that two walks visiting the body's keys
// in different orders (the library iterates a Go map) compare equal.
func sortFindings(fs []finding) []finding {
	slices.SortFunc(fs, func(a, b finding) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		switch {
		case a.WriteOnly == b.WriteOnly:
			return 0
		case a.WriteOnly:
			return 1
		}
		return -1
	})
	return fs
}

// parityDocument wraps schemas, YAML written at column 0, as the
// components/schemas of an otherwise empty OpenAPI 3.1 document.
func parityDocument(schemas string) []byte {
	var b strings.Builder
	b.WriteString("openapi: 3.1.0\ninfo: {title: parity, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n")
	for line := range strings.SplitSeq(strings.Trim(schemas, "\n"), "\n") {
		b.WriteString("    ")
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// parseSchemas parses doc into a model of its own and returns its schemas
// components/schemas/<name> for each of names. Each walk gets its own
// model because the library's rendering (done to match oneOf variants)
// writes into the model.
func parseSchemas(doc []byte, names ...string) ([]*base.Schema, error) {
	_, model, err := parseModel(doc)
	if err != nil {
		return nil, err
	}
	if model.Components == nil || model.Components.Schemas == nil {
		return nil, fmt.Errorf("the document has no components/schemas")
	}
	schemas := make([]*base.Schema, len(names))
	for i, name := range names {
		proxy := model.Components.Schemas.GetOrZero(name)
		if proxy == nil {
			return nil, fmt.Errorf("no schema %q in the document", name)
		}
		if schemas[i] = proxy.Schema(); schemas[i] == nil {
			return nil, fmt.Errorf("schema %q does not build: %w", name, proxy.GetBuildError())
		}
	}
	return schemas, nil
}

// parseSchema is parseSchemas for one schema.
func parseSchema(doc []byte, name string) (*base.Schema, error) {
	schemas, err := parseSchemas(doc, name)
	if err != nil {
		return nil, err
	}
	return schemas[0], nil
}

// componentSchema is parseSchema failing tb on error.
func componentSchema(tb testing.TB, doc []byte, name string) *base.Schema {
	tb.Helper()
	s, err := parseSchema(doc, name)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// libraryFindings is what libopenapi-validator's strict mode, with its
// default options, reports for body against schema.
func libraryFindings(schema *base.Schema, body string, response bool) ([]finding, error) {
	var data any
	if err := json.Unmarshal([]byte(body), &data); err != nil {
		return nil, fmt.Errorf("the body is not JSON: %w\n%s", err, body)
	}
	direction := strict.DirectionRequest
	if response {
		direction = strict.DirectionResponse
	}
	res := strict.ValidateBody(schema, data, direction, config.NewValidationOptions(config.WithStrictMode()), 3.1)
	fs := []finding{}
	for _, u := range res.UndeclaredValues {
		fs = append(fs, finding{Path: u.Path, WriteOnly: u.Type == strict.TypeWriteOnlyProperty})
	}
	return sortFindings(fs), nil
}

// ourFindings is what our walk reports for body against schema. A panic
// is returned as an error so that one bad row does not hide the others.
func ourFindings(schema *base.Schema, body string, response bool) (fs []finding, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the walk panicked: %v", r)
		}
	}()
	fs = []finding{}
	for _, u := range new(walker).walk(newShapes(3.1).of(schema), []byte(body), response) {
		// Our walk skips writeOnly members of responses and has no
		// way to report them: the library reports them only with
		// StrictRejectWriteOnly, which is off.
		fs = append(fs, finding{Path: u.path})
	}
	return sortFindings(fs), nil
}

// pathsOf turns the expected paths of a row into findings.
func pathsOf(paths []string) []finding {
	fs := []finding{}
	for _, p := range paths {
		fs = append(fs, finding{Path: p})
	}
	return sortFindings(fs)
}

func directionName(response bool) string {
	if response {
		return "response"
	}
	return "request"
}

// nest wraps leaf in n objects, each the member name of the next:
// nest("next", 2, "{}") is {"next":{"next":{}}}.
func nest(name string, n int, leaf string) string {
	return strings.Repeat(`{"`+name+`":`, n) + leaf + strings.Repeat("}", n)
}

// Schemas shared by several rows, YAML at column 0.
// parityCase is one body checked against one schema by both walks.
type parityCase struct {
	name     string
	schemas  string // YAML members of components/schemas, at column 0
	document string // a whole document instead of schemas
	root     string // the schema the body is checked against
	body     string
	side     string // "request" or "response" for one direction only; both when empty
	// libraryDiffers, when set, says what libopenapi-validator does and why
	// that is wrong; the row then asserts want, our answer, instead of the
	// library's.
	libraryDiffers string
	want           []string
}

func parityCases() []parityCase {
	return []parityCase{
		// Flat objects.
		{name: "declared only", schemas: objectSchemas, root: "Flat",
			body: `{"a":"x","b":1,"inner":{"c":"y"}}`},
		{name: "one undeclared", schemas: objectSchemas, root: "Flat",
			body: `{"a":"x","extra":1}`},
		{name: "several undeclared, not walked into", schemas: objectSchemas, root: "Flat",
			body: `{"a":"x","x":1,"y":[1,{"q":1}],"z":{"q":1}}`},
		{name: "undeclared in a nested object", schemas: objectSchemas, root: "Flat",
			body: `{"inner":{"c":"y","d":1},"e":2}`},
		{name: "null values", schemas: objectSchemas, root: "Flat",
			body: `{"a":null,"inner":null,"extra":null}`},
		{name: "empty object", schemas: objectSchemas, root: "Flat", body: `{}`},
		{name: "scalar body", schemas: objectSchemas, root: "Flat", body: `"text"`},
		{name: "number body", schemas: objectSchemas, root: "Flat", body: `42`},
		{name: "null body", schemas: objectSchemas, root: "Flat", body: `null`},
		{name: "array body for an object schema", schemas: objectSchemas, root: "Flat",
			body: `[{"a":"x","extra":1}]`},
		{name: "additionalProperties true", schemas: objectSchemas, root: "Open",
			body: `{"a":"x","extra":{"q":1}}`},
		{name: "additionalProperties false", schemas: objectSchemas, root: "Closed",
			body: `{"a":"x","extra":1,"inner":{"c":"y","d":1}}`},
		{name: "additionalProperties schema", schemas: objectSchemas, root: "Typed",
			body: `{"a":"x","m":{"k":1,"z":2},"n":3,"o":[{"z":1}]}`,
			libraryDiffers: "the library reports every name the additionalProperties schema covers ($.body.m, " +
				"$.body.n, $.body.o) and walks m; our walk takes them for a map's keys, declared by that " +
				"schema, and walks them (strict_walk.go, on purpose: a DTO's map would always fail)",
			want: []string{"$.body.m.z"}},
		{name: "patternProperties matching and not", schemas: objectSchemas, root: "Patterned",
			body: `{"a":"x","x-one":{"v":1,"w":2},"y-two":{"v":1}}`},
		{name: "patternProperties with additionalProperties false", schemas: objectSchemas, root: "PatternedClosed",
			body: `{"a":"x","x-one":{"v":1,"w":2},"y-two":{"v":1}}`},
		{name: "unevaluatedProperties false", schemas: objectSchemas, root: "Unevaluated",
			body: `{"a":"x","extra":1}`},
		{name: "free-form property schemas", schemas: objectSchemas, root: "Free",
			body: `{"any":{"x":1},"obj":{"y":1},"yes":{"z":1},"open":{"w":1}}`,
			libraryDiffers: "the library reports the members of a value under {} or true too (but not when the " +
				"free schema is reached through an allOf); our walk takes a schema that says nothing of members " +
				"for a free-form value and leaves it alone, and keeps reporting under type: object",
			want: []string{"$.body.obj.y", "$.body.open.w"}},
		{name: "nullable object, null", schemas: objectSchemas, root: "Nullable", body: `null`},
		{name: "nullable object, undeclared", schemas: objectSchemas, root: "Nullable",
			body: `{"a":1,"sub":{"b":1,"c":2},"x":3}`},
		{name: "nullable member, null", schemas: objectSchemas, root: "Nullable",
			body: `{"sub":null,"due":null}`},
		{name: "nullable by anyOf with null", schemas: objectSchemas, root: "Nullable",
			body: `{"due":{"a":"x","d":1}}`},

		// Arrays.
		{name: "array of objects", schemas: arraySchemas, root: "List",
			body: `{"items":[{"a":1},{"b":2},{"a":1,"c":3}]}`},
		{name: "array of arrays", schemas: arraySchemas, root: "List",
			body: `{"grid":[[{"a":1,"z":1}],[],[{"y":2},{"a":2}]]}`},
		{name: "empty arrays", schemas: arraySchemas, root: "List", body: `{"items":[],"grid":[[]]}`},
		{name: "top-level array", schemas: arraySchemas, root: "Items",
			body: `[{"a":1},{"a":2,"b":3},null,4]`},
		{name: "top-level empty array", schemas: arraySchemas, root: "Items", body: `[]`},
		{name: "object body for an array schema", schemas: arraySchemas, root: "Items",
			body: `{"a":1,"b":2}`},
		{name: "prefixItems then items", schemas: arraySchemas, root: "Tuple",
			body: `[{"p0":1,"x":1},{"p1":1,"y":1},{"a":1,"z":1},{"w":1}]`},
		{name: "prefixItems, shorter body", schemas: arraySchemas, root: "Tuple",
			body: `[{"p0":1,"x":1}]`},
		{name: "prefixItems alone, extra items not walked", schemas: arraySchemas, root: "OpenTuple",
			body: `[{"p0":1,"x":1},{"y":1}]`},
		{name: "items false", schemas: arraySchemas, root: "NoItems", body: `[1,{"a":1}]`},
		{name: "items false, empty", schemas: arraySchemas, root: "NoItems", body: `[]`},
		{name: "items false after prefixItems", schemas: arraySchemas, root: "ClosedTuple",
			body: `[{"p0":1,"x":1},{"y":1}]`,
			libraryDiffers: "the library reports every item, the prefixItems ones too, and does not walk $.body[0]; " +
				"items: false only forbids the items after prefixItems, so we report $.body[1] and walk $.body[0]",
			want: []string{"$.body[0].x", "$.body[1]"}},
		{name: "unevaluatedItems after prefixItems", schemas: arraySchemas, root: "UnevaluatedItems",
			body: `[{"p0":1,"x":1},{"a":1,"y":1},{"z":1}]`},
		{name: "unevaluatedItems alone", schemas: arraySchemas, root: "UnevaluatedOnly",
			body: `[{"a":1,"y":1}]`},
		{name: "oneOf of an array and an object, array body", schemas: arraySchemas, root: "Shapes",
			body: `[{"a":1,"y":1}]`,
			libraryDiffers: "the library reports nothing: its array walk ignores oneOf, anyOf and allOf; " +
				"the body matches the array variant, whose items declare only a",
			want: []string{"$.body[0].y"}},
		{name: "oneOf of an array and an object, object body", schemas: arraySchemas, root: "Shapes",
			body: `{"a":1,"y":1}`},

		// Property names.
		{name: "names needing brackets, undeclared", schemas: objectSchemas, root: "Flat",
			body: `{"a b":1,"a.b":1,"x[0]":1,"]":1,"it's":1,"it's.x":1,"ü":1,"":1,"1st":1,"$":1,"*":1}`},
		{name: "names needing brackets, declared and walked", schemas: nameSchemas, root: "Names",
			body: `{"a.b":{"c":1,"d":1},"x[0]":{"e":1},"a b":{"f":1},"":{"g":1},"ü":{"h":1},"1st":{"i":1},"it's.here":{"j":1}}`},
		{name: "escaped keys", schemas: nameSchemas, root: "Names",
			body: `{"a\u0062":1,"\u0041":1,"\"":1,"\\":1,"\u002e":1,"\/":1,"a\u002eb":{"c":1,"\u0064":1},"\ud83d\ude00":1}`},
		{name: "escaped keys in a JSON document", document: escapedDocument, root: "Escaped",
			body: `{"a\u0062":1,"\"":{"q":1,"r":1},"tab\there":{"s":1},"tab\u0009there":{"q":2}}`},

		// readOnly and writeOnly.
		{name: "readOnly and writeOnly", schemas: accessSchemas, root: "Account",
			body: `{"name":"n","id":{"x":1,"z":1},"secret":{"y":1,"w":1}}`},
		{name: "readOnly and writeOnly, scalars", schemas: accessSchemas, root: "Account",
			body: `{"name":"n","id":1,"secret":"s","other":1}`},
		{name: "readOnly and writeOnly through allOf", schemas: accessSchemas, root: "Profile",
			body: `{"name":"n","id":{"z":1},"secret":{"w":1},"token":{"t":1,"u":1},"other":1}`},
		{name: "$ref with a readOnly sibling", schemas: accessSchemas, root: "Stamped", side: "request",
			body: `{"created":{"z":1,"v":1}}`},
		// libopenapi gives a $ref with sibling keywords as the siblings
		// alone (Schema() is the "sibling-only view"), so the library walks
		// created with a schema declaring nothing.
		{name: "$ref with a readOnly sibling", schemas: accessSchemas, root: "Stamped", side: "response",
			body: `{"created":{"z":1,"v":1}}`,
			libraryDiffers: "the library also reports $.body.created.z: it walks the $ref's siblings alone (libopenapi's " +
				"sibling-only view), not Inner, which declares z; in 3.1 the $ref applies beside its siblings",
			want: []string{"$.body.created.v"}},

		// Composition.
		{name: "allOf, properties split across branches", schemas: compositionSchemas, root: "Split",
			body: `{"id":1,"name":"n","own":"o","meta":{"created":"c","x":1},"extra":1}`},
		{name: "allOf, additionalProperties false in a branch", schemas: compositionSchemas, root: "SplitClosed",
			body: `{"id":1,"name":"n","meta":{"created":"c","x":1},"extra":1}`},
		{name: "allOf of an allOf", schemas: compositionSchemas, root: "NestedAllOf",
			body: `{"id":1,"name":"n","own":"o","more":"m","extra":1}`,
			libraryDiffers: "the library also reports $.body.id and $.body.name: it collects the properties of each allOf branch " +
				"but not of the branch's own allOf (Split's Base and name)",
			want: []string{"$.body.extra"}},
		{name: "patternProperties in an allOf branch", schemas: compositionSchemas, root: "PatternedAllOf",
			body: `{"a":"s","b":"t","x-1":{"v":1,"w":2},"y":1}`,
			libraryDiffers: "the library does not walk into the members a pattern declares in an allOf branch " +
				"(it does in a plain object); our walk does in both",
			want: []string{"$.body.x-1.w", "$.body.y"}},
		{name: "oneOf without discriminator", schemas: compositionSchemas, root: "Pet",
			body: `{"bark":true,"bone":{"size":1,"x":1},"extra":1}`},
		{name: "oneOf, no variant matches", schemas: compositionSchemas, root: "Pet",
			body: `{"extra":1}`},
		{name: "oneOf, both variants match", schemas: compositionSchemas, root: "Pet",
			body: `{"bark":true,"meow":true,"extra":1}`},
		{name: "discriminator by schema name", schemas: compositionSchemas, root: "PetByName",
			body: `{"petType":"Dog","bark":true,"meow":true,"toy":{"q":1}}`},
		{name: "discriminator by schema name, unknown value", schemas: compositionSchemas, root: "PetByName",
			body: `{"petType":"Fish","meow":true,"toy":{"name":"n","q":1},"extra":1}`},
		{name: "discriminator mapping", schemas: compositionSchemas, root: "PetByMapping",
			body: `{"petType":"doggy","bark":true,"bone":{"size":1,"x":1},"meow":true}`},
		{name: "discriminator mapping to bare names", schemas: compositionSchemas, root: "PetByBareMapping",
			body: `{"petType":"doggy","bark":true,"meow":true,"bone":{"x":1}}`,
			libraryDiffers: "the library reports $.body.bark and $.body.bone: it takes mapping values for $ref strings only, " +
				"so doggy: Dog selects nothing and it falls back to the first matching variant, Cat; " +
				"OpenAPI lets a mapping value name a schema",
			want: []string{"$.body.bone.x", "$.body.meow"}},
		{name: "anyOf without discriminator", schemas: compositionSchemas, root: "AnyPet",
			body: `{"meow":true,"toy":{"q":1},"extra":1}`},
		{name: "anyOf with discriminator", schemas: compositionSchemas, root: "AnyPetByName",
			body: `{"petType":"Cat","bark":true,"meow":true,"toy":{"q":1}}`},
		{name: "oneOf with parent properties", schemas: compositionSchemas, root: "OwnedPet",
			body: `{"owner":"o","meow":true,"extra":1}`},
		{name: "nested oneOf", schemas: compositionSchemas, root: "Animal",
			body: `{"bark":true,"bone":{"x":1},"extra":1}`,
			libraryDiffers: "the library reports $.body.bark and $.body.bone and does not walk bone: it selects Pet but declares only " +
				"Pet's own properties (none), not those of Pet's matching variant Dog",
			want: []string{"$.body.bone.x", "$.body.extra"}},
		{name: "oneOf in properties and items", schemas: compositionSchemas, root: "Holder",
			body: `{"pet":{"meow":true,"x":1},"pets":[{"petType":"Dog","bark":true,"y":1},{"petType":"Cat","meow":true,"toy":{"z":1}}]}`},
		{name: "allOf beside oneOf", schemas: compositionSchemas, root: "BasePet",
			body: `{"id":1,"meow":true,"extra":1}`,
			libraryDiffers: "the library reports $.body.extra twice, $.body.id and $.body.meow: its allOf pass and oneOf pass " +
				"each check every member against their own declarations only",
			want: []string{"$.body.extra"}},
		{name: "if, then", schemas: compositionSchemas, root: "Cond",
			body: `{"kind":"a","x":{"x1":1,"x2":2},"y":1}`},
		{name: "if, else", schemas: compositionSchemas, root: "Cond",
			body: `{"kind":"b","x":{"x1":1},"y":1}`},
		{name: "dependentSchemas triggered", schemas: compositionSchemas, root: "Dependent",
			body: `{"card":"c","billing":{"zip":"z","q":1}}`},
		{name: "dependentSchemas not triggered", schemas: compositionSchemas, root: "Dependent",
			body: `{"billing":{"zip":"z","q":1}}`},
		{name: "$ref chain", schemas: compositionSchemas, root: "Chain",
			body: `{"id":1,"meta":{"x":1},"extra":1}`},
		{name: "recursive through properties and items", schemas: compositionSchemas, root: "Node",
			body: `{"name":"a","next":{"name":"b","x":1,"next":{"y":1}},"children":[{"z":1,"children":[{"w":1}]}]}`},
		{name: "recursive oneOf", schemas: compositionSchemas, root: "Tree",
			body: `{"nodes":[{"value":1,"x":1},{"nodes":[{"value":2,"y":1}],"z":1}],"w":1}`,
			libraryDiffers: "the library reports nothing: to match a variant it renders it inline, the render keeps the $ref " +
				"back to Tree, the compiled schema cannot resolve it, so no variant matches and nothing is walked",
			want: []string{"$.body.w", "$.body.nodes[0].x", "$.body.nodes[1].z", "$.body.nodes[1].nodes[0].y"}},

		// Bodies encoding/json reads in its own way.
		{name: "duplicate keys, undeclared", schemas: objectSchemas, root: "Flat",
			body: `{"a":"x","extra":1,"extra":2}`},
		{name: "duplicate keys, the last value counts", schemas: objectSchemas, root: "Flat",
			body: `{"inner":{"c":"y","d":1},"inner":{"c":"z"}}`},
		{name: "duplicate keys, the first value is clean", schemas: objectSchemas, root: "Flat",
			body: `{"inner":{"c":"y"},"inner":{"c":"z","e":1}}`},
		{name: "60 levels deep", schemas: compositionSchemas, root: "Node",
			body: nest("next", 60, `{"name":"deep","extra":1}`)},
		// The library stops walking past 100 levels (its maxDepth): the
		// object 100 levels down is still checked, the one 101 down is not.
		{name: "100 levels deep", schemas: compositionSchemas, root: "Node",
			body: nest("next", 100, `{"name":"deep","extra":1}`)},
		{name: "101 levels deep", schemas: compositionSchemas, root: "Node",
			body: nest("next", 101, `{"name":"deep","extra":1}`)},
	}
}

// TestStrictParity checks, row by row and direction by direction, that our
// strict walk reports what libopenapi-validator's strict mode reports.
func TestStrictParity(t *testing.T) {
	for _, c := range parityCases() {
		doc := []byte(c.document)
		if c.document == "" {
			doc = parityDocument(c.schemas)
		}
		for _, response := range []bool{false, true} {
			if c.side != "" && c.side != directionName(response) {
				continue
			}
			t.Run(c.name+"/"+directionName(response), func(t *testing.T) {
				lib, err := libraryFindings(componentSchema(t, doc, c.root), c.body, response)
				if err != nil {
					t.Fatal(err)
				}
				ours, err := ourFindings(componentSchema(t, doc, c.root), c.body, response)
				if err != nil {
					t.Fatalf("%s body %s against %s: %v", directionName(response), c.body, c.root, err)
				}
				if c.libraryDiffers != "" {
					want := pathsOf(c.want)
					if diff := cmp.Diff(want, ours); diff != "" {
						t.Errorf("%s body %s against %s:\nlibrary %v (it differs: %s)\nwant    %v\nours    %v\n(-want +ours)\n%s",
							directionName(response), c.body, c.root, lib, c.libraryDiffers, want, ours, diff)
					}
					if cmp.Equal(lib, want) {
						t.Errorf("the library now answers %v, as we want: drop libraryDiffers", lib)
					}
					return
				}
				if diff := cmp.Diff(lib, ours); diff != "" {
					t.Errorf("%s body %s against %s:\nlibrary %v\nours    %v\n(-library +ours)\n%s",
						directionName(response), c.body, c.root, lib, ours, diff)
				}
			})
		}
	}
}

// TestStrictParityCasesCount keeps the table from shrinking unnoticed.
func TestStrictParityCasesCount(t *testing.T) {
	if n := len(parityCases()); n < 40 {
		t.Errorf("%d parity cases, want at least 40", n)
	}
}
