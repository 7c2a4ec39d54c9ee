package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	yaml "github.com/pb33f/go-yaml"

	"github.com/starling-http/starling/framework"
)

// Document is a parsed OpenAPI document: the bytes it came from and a
// generic tree (maps, slices, strings, float64, bool, nil) that the gate,
// the snapshot and the probe read. Local $refs are resolved on demand.
type Document struct {
	// Source says where the document came from (a file, a URL, "REV:path",
	// "app").
	Source string
	raw    []byte
	root   map[string]any
}

// JSON returns the app's OpenAPI document as indented JSON.
func JSON(app *framework.App) []byte { return app.OpenAPI() }

// YAML returns the app's OpenAPI document as YAML, in the same order as JSON.
func YAML(app *framework.App) []byte { return app.OpenAPIYAML() }

// Write writes the app's document to path without starting a server:
// YAML when path ends in .yaml or .yml, JSON otherwise. Missing parent
// directories are created.
func Write(app *framework.App, path string) error {
	data := JSON(app)
	if isYAMLPath(path) {
		data = YAML(app)
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	return os.WriteFile(path, data, 0o644)
}

func isYAMLPath(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".yaml" || ext == ".yml"
}

// FromApp parses the app's own document.
func FromApp(app *framework.App) *Document {
	d, err := Parse(JSON(app))
	if err != nil { // the framework writes valid JSON; this is a bug there
		panic(fmt.Sprintf("contract: the app's document does not parse: %v", err))
	}
	d.Source = "app"
	return d
}

// Parse reads a document in JSON or YAML.
func Parse(data []byte) (*Document, error) {
	var v any
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		if err := json.Unmarshal(trimmed, &v); err != nil {
			return nil, fmt.Errorf("parsing JSON document: %w", err)
		}
	} else {
		if err := yaml.Unmarshal(data, &v); err != nil {
			return nil, fmt.Errorf("parsing YAML document: %w", err)
		}
		v = normalize(v)
	}
	root, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the document is not an object")
	}
	if _, ok := root["openapi"]; !ok {
		return nil, fmt.Errorf("the document has no openapi version field")
	}
	return &Document{raw: bytes.Clone(data), root: root}, nil
}

// normalize turns a YAML tree into the JSON tree encoding/json would make:
// string keys and float64 numbers.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = normalize(e)
		}
		return v
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[fmt.Sprint(k)] = normalize(e)
		}
		return m
	case []any:
		for i, e := range v {
			v[i] = normalize(e)
		}
		return v
	case int:
		return float64(v)
	case int64:
		return float64(v)
	case uint64:
		return float64(v)
	case float32:
		return float64(v)
	}
	return v
}

// Load reads a document from src: a file path, an http(s) URL, "-" for
// standard input, or REV:PATH for a file at a git revision (as `git show
// REV:PATH` reads it; write REV:./PATH for a path relative to the current
// directory).
func Load(src string) (*Document, error) {
	data, err := readSource(src)
	if err != nil {
		return nil, err
	}
	d, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src, err)
	}
	d.Source = src
	return d, nil
}

// LoadRevision reads the document at path as it was at the git revision rev.
func LoadRevision(rev, path string) (*Document, error) { return Load(rev + ":" + path) }

func readSource(src string) ([]byte, error) {
	switch {
	case src == "-":
		return io.ReadAll(os.Stdin)
	case strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://"):
		return fetch(src)
	}
	if _, err := os.Stat(src); err == nil {
		return os.ReadFile(src)
	}
	if rev, path, ok := strings.Cut(src, ":"); ok && rev != "" && path != "" {
		out, err := exec.Command("git", "show", rev+":"+path).Output()
		if err != nil {
			if ee, ok := err.(*exec.ExitError); ok {
				return nil, fmt.Errorf("git show %s:%s: %s", rev, path, strings.TrimSpace(string(ee.Stderr)))
			}
			return nil, fmt.Errorf("git show %s:%s: %w", rev, path, err)
		}
		return out, nil
	}
	return os.ReadFile(src) // for its error
}

func fetch(url string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json, application/yaml;q=0.9, */*;q=0.1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return data, nil
}

// Bytes returns the bytes the document was parsed from.
func (d *Document) Bytes() []byte { return bytes.Clone(d.raw) }

// Version returns the document's openapi field, such as "3.1.0".
func (d *Document) Version() string { s, _ := d.root["openapi"].(string); return s }
