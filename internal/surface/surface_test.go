// Package surface_test holds the module's promises about its API. An
// exported declaration of a public package names no internal package's type
// and no third-party type except the few the API means to promise (listed
// in promised, each with its reason): a type from an internal package in a
// public signature is one a user cannot name, and one from a third party
// ties our API to that module's versions. And every exported name of every
// package has a doc comment.
package surface_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/starling-http/starling"

// promised are the third-party packages whose types the public API shows on
// purpose.
var promised = map[string]string{
	"github.com/gavv/httpexpect/v2": "apitest.API is an httpexpect client; its assertions are the harness's",
	"github.com/google/go-cmp/cmp":  "apitest.Equal takes go-cmp options, as go-cmp users expect",
	"pgregory.net/rapid":            "fakes.Gen hands out rapid generators for property tests",
}

// skipped are the top-level directories that hold no public package of the
// module: examples and tools are programs, bench is a module of its own.
var skipped = []string{"bench", "docs", "examples", "scripts", "tools"}

func TestPublicAPIShowsNoInternalOrUnpromisedType(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	pkgs := publicPackages(t, root)
	if !slices.Contains(pkgs, "framework") || !slices.Contains(pkgs, "apitest") {
		t.Fatalf("found the public packages %v, want framework and apitest among them", pkgs)
	}
	for _, dir := range pkgs {
		t.Run(dir, func(t *testing.T) {
			fset := token.NewFileSet()
			files, err := filepath.Glob(filepath.Join(root, dir, "*.go"))
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range files {
				if strings.HasSuffix(name, "_test.go") {
					continue
				}
				f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
				if err != nil {
					t.Fatal(err)
				}
				for _, leak := range leaks(f) {
					at := fset.Position(leak.pos)
					rel, _ := filepath.Rel(root, at.Filename)
					t.Errorf("%s:%d: %s", filepath.ToSlash(rel), at.Line, leak.what)
				}
			}
		})
	}
}

// TestLeaksFindsAPlantedLeak shows the check can fail: each source declares
// one exported name that shows an internal or unpromised type.
func TestLeaksFindsAPlantedLeak(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`func Plan(p *plan.Type) Option`, "Plan shows github.com/starling-http/starling/internal/plan.Type"},
		{`type Opts struct{ Codec codec.Options }`, "Opts shows github.com/starling-http/starling/internal/codec.Options"},
		{`type T = plan.Type`, "T shows github.com/starling-http/starling/internal/plan.Type"},
		{`func (App) Doc() *v3.Document`, "App.Doc shows github.com/pb33f/libopenapi/datamodel/high/v3.Document"},
		{`type Faker interface{ Fake() *gofakeit.Faker; local() }`, "Faker shows github.com/brianvoe/gofakeit/v7.Faker"},
		{`var Default = codec.New()`, "Default shows github.com/starling-http/starling/internal/codec.New"},
		{`func Gen[T any](c plan.Compiler) *rapid.Generator[T]`, "Gen shows github.com/starling-http/starling/internal/plan.Compiler"},
	} {
		src := `package p
import (
	"github.com/starling-http/starling/internal/codec"
	"github.com/starling-http/starling/internal/plan"
	"github.com/brianvoe/gofakeit/v7"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
	"pgregory.net/rapid"
)
type App struct{}
type Option func()
` + c.src
		f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		var got []string
		for _, l := range leaks(f) {
			got = append(got, l.what)
		}
		if !slices.Contains(got, c.want) {
			t.Errorf("%s: leaks %q, want %q among them", c.src, got, c.want)
		}
	}
	for _, src := range []string{
		`func plan(p *plan.Type) Option`,
		`type t struct{ P plan.Type }`,
		`type T struct{ p plan.Type }`,
		`func (t) Doc() *v3.Document`,
		`func Gen[T any]() *rapid.Generator[T]`,
		`func Body() { _ = plan.Type{} }`,
		`type Spec interface{ config() plan.DTOConfig }`,
	} {
		f, err := parser.ParseFile(token.NewFileSet(), "p.go", `package p
import (
	"github.com/starling-http/starling/internal/plan"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
	"pgregory.net/rapid"
)
type t struct{}
type Option func()
`+src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if l := leaks(f); len(l) != 0 {
			t.Errorf("%s: reported %v, want nothing (unexported, a body, or promised)", src, l)
		}
	}
}

// TestExportedNamesHaveDocComments: every exported name of every package
// of the repository (internal ones too; programs excepted) has a doc
// comment, as go doc shows it. A name in a documented const or var group
// counts as documented.
func TestExportedNamesHaveDocComments(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != root && (d.Name() == "testdata" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		if f.Name.Name == "main" {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		for _, name := range undocumented(f) {
			missing = append(missing, filepath.ToSlash(rel)+": "+name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range missing {
		t.Errorf("no doc comment: %s", m)
	}
}

// undocumented lists f's exported names that have no doc comment: funcs,
// methods of exported types, types, consts and vars.
func undocumented(f *ast.File) []string {
	var out []string
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if name, ok := exportedFunc(d); ok && d.Doc == nil {
				out = append(out, name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if s.Name.IsExported() && s.Doc == nil && d.Doc == nil {
						out = append(out, s.Name.Name)
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.IsExported() && s.Doc == nil && s.Comment == nil && d.Doc == nil {
							out = append(out, n.Name)
						}
					}
				}
			}
		}
	}
	return out
}

// TestUndocumentedFindsAPlantedName shows the check can fail.
func TestUndocumentedFindsAPlantedName(t *testing.T) {
	src := `package p

// Documented is documented.
func Documented() {}

func Bare() {}

type T struct{}

func (T) String() string { return "" }

type hidden struct{}

func (hidden) Exported() {}

// Group doc.
const (
	A = 1
	B = 2
)

var (
	// C has its own.
	C = 1
	D = 2 // a trailing comment counts, as go doc shows it
	E = 3
)
`
	f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	got, want := undocumented(f), []string{"Bare", "T", "T.String", "E"}
	if !slices.Equal(got, want) {
		t.Errorf("undocumented = %q, want %q", got, want)
	}
}

// publicPackages lists the module's package directories a user can import.
func publicPackages(t *testing.T, root string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		top, _, _ := strings.Cut(rel, "/")
		if rel != "." && (slices.Contains(skipped, top) || d.Name() == "internal" || d.Name() == "testdata" ||
			strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if library(t, p) {
			dirs = append(dirs, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

// library reports whether dir holds a non-main package.
func library(t *testing.T, dir string) bool {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.PackageClauseOnly)
		if err != nil {
			t.Fatal(err)
		}
		return f.Name.Name != "main"
	}
	return false
}

type leak struct {
	pos  token.Pos
	what string
}

// leaks returns the internal and unpromised types f's exported declarations
// show: in signatures, exported fields, interface methods, aliases and the
// values of exported variables, never in function bodies.
func leaks(f *ast.File) []leak {
	imports := map[string]string{}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := packageName(p)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		imports[name] = p
	}
	var out []leak
	check := func(decl string, n ast.Node) {
		if n != nil {
			out = append(out, within(imports, decl, n)...)
		}
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if name, ok := exportedFunc(d); ok {
				check(name, d.Type)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if s.Name.IsExported() {
						if s.TypeParams != nil {
							check(s.Name.Name, s.TypeParams)
						}
						check(s.Name.Name, s.Type)
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.IsExported() {
							check(n.Name, s.Type)
							for _, v := range s.Values {
								check(n.Name, v)
							}
							break
						}
					}
				}
			}
		}
	}
	return out
}

// within reports the selectors under n that name a type of an internal or
// unpromised package.
func within(imports map[string]string, decl string, n ast.Node) []leak {
	var out []leak
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.StructType:
			for _, field := range n.Fields.List {
				if exportedField(field) {
					out = append(out, within(imports, decl, field.Type)...)
				}
			}
			return false
		case *ast.InterfaceType:
			for _, m := range n.Methods.List {
				if len(m.Names) == 0 || exportedField(m) {
					out = append(out, within(imports, decl, m.Type)...)
				}
			}
			return false
		case *ast.SelectorExpr:
			x, ok := n.X.(*ast.Ident)
			if !ok {
				return true
			}
			p, ok := imports[x.Name]
			if ok && !allowed(p) {
				out = append(out, leak{n.Pos(), decl + " shows " + p + "." + n.Sel.Name})
			}
			return false
		}
		return true
	})
	return out
}

// allowed reports whether the public API may show p's types.
func allowed(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	switch {
	case strings.Contains(p, "/internal/") || strings.HasSuffix(p, "/internal"):
		return false
	case !strings.Contains(first, "."): // the standard library
		return true
	case strings.HasPrefix(p, module+"/"):
		return true
	}
	_, ok := promised[p]
	return ok
}

// exportedFunc returns a function's name as go doc lists it ("T.Method"
// for a method), and whether users see it: exported, and a method of an
// exported type.
func exportedFunc(d *ast.FuncDecl) (string, bool) {
	if !d.Name.IsExported() {
		return "", false
	}
	if d.Recv == nil {
		return d.Name.Name, true
	}
	recv := receiverName(d.Recv.List[0].Type)
	return recv + "." + d.Name.Name, ast.IsExported(recv)
}

// exportedField reports whether a struct field is visible to users: a named
// exported field, or an embedded type whose name is exported.
func exportedField(f *ast.Field) bool {
	if len(f.Names) == 0 {
		return ast.IsExported(receiverName(f.Type))
	}
	return slices.ContainsFunc(f.Names, func(n *ast.Ident) bool { return n.IsExported() })
}

// receiverName is the type name of a receiver or embedded field.
func receiverName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return receiverName(e.X)
	case *ast.IndexExpr:
		return receiverName(e.X)
	case *ast.IndexListExpr:
		return receiverName(e.X)
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.Ident:
		return e.Name
	}
	return ""
}

var majorVersion = regexp.MustCompile(`^v[0-9]+$`)

// packageName guesses an import's package name from its path, as goimports
// does: the last element, or the one before a major version suffix.
func packageName(p string) string {
	name := path.Base(p)
	if majorVersion.MatchString(name) {
		name = path.Base(path.Dir(p))
	}
	return strings.TrimPrefix(name, "go-")
}
