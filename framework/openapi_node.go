package framework

import (
	"bytes"
	"encoding/json"
	"strconv"

	yaml "github.com/pb33f/go-yaml"
)

// The OpenAPI document is built as an ordered tree so that its JSON and YAML
// forms share one property order and are byte-stable across builds. A node
// value is one of: string, bool, int, uint64, jsonNumber, []any, *object.

// object is a JSON object whose keys keep the order they were set in.
type object struct {
	keys []string
	vals []any
}

// jsonNumber is a number literal written verbatim (bounds keep the text of
// the validate tag, so 0.1 stays 0.1).
type jsonNumber string

func obj() *object { return &object{} }

// set adds key (or replaces its value, keeping its place) and returns o.
func (o *object) set(key string, v any) *object {
	for i, k := range o.keys {
		if k == key {
			o.vals[i] = v
			return o
		}
	}
	o.keys = append(o.keys, key)
	o.vals = append(o.vals, v)
	return o
}

// get returns the value of key, or nil.
func (o *object) get(key string) any {
	for i, k := range o.keys {
		if k == key {
			return o.vals[i]
		}
	}
	return nil
}

// has reports whether key is set.
func (o *object) has(key string) bool {
	for _, k := range o.keys {
		if k == key {
			return true
		}
	}
	return false
}

func (o *object) len() int { return len(o.keys) }

// marshalJSON writes v as indented JSON (two spaces, a trailing newline).
func marshalJSON(v any) []byte {
	var b bytes.Buffer
	writeJSON(&b, v, 0)
	b.WriteByte('\n')
	return b.Bytes()
}

func writeJSON(b *bytes.Buffer, v any, depth int) {
	indent := func(d int) {
		b.WriteByte('\n')
		for range d {
			b.WriteString("  ")
		}
	}
	switch v := v.(type) {
	case *object:
		if v.len() == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteByte('{')
		for i, k := range v.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			indent(depth + 1)
			writeJSONString(b, k)
			b.WriteString(": ")
			writeJSON(b, v.vals[i], depth+1)
		}
		indent(depth)
		b.WriteByte('}')
	case []any:
		if len(v) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			indent(depth + 1)
			writeJSON(b, e, depth+1)
		}
		indent(depth)
		b.WriteByte(']')
	case string:
		writeJSONString(b, v)
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int:
		b.WriteString(strconv.Itoa(v))
	case uint64:
		b.WriteString(strconv.FormatUint(v, 10))
	case jsonNumber:
		b.WriteString(string(v))
	case nil:
		b.WriteString("null")
	default:
		panic("framework: openapi node of unexpected type")
	}
}

// writeJSONString writes s as a JSON string without HTML escaping; invalid
// UTF-8 becomes U+FFFD, as encoding/json does.
func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)       // a string always encodes
	b.Truncate(b.Len() - 1) // Encode ends with a newline
}

// marshalYAML writes v as YAML 1.2 with the same order as marshalJSON.
func marshalYAML(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(yamlNode(v)); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func yamlNode(v any) *yaml.Node {
	scalar := func(tag, value string) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
	}
	switch v := v.(type) {
	case *object:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		if v.len() == 0 {
			n.Style = yaml.FlowStyle
		}
		for i, k := range v.keys {
			n.Content = append(n.Content, scalar("!!str", k), yamlNode(v.vals[i]))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		if len(v) == 0 {
			n.Style = yaml.FlowStyle
		}
		for _, e := range v {
			n.Content = append(n.Content, yamlNode(e))
		}
		return n
	case string:
		return scalar("!!str", v)
	case bool:
		return scalar("!!bool", strconv.FormatBool(v))
	case int:
		return scalar("!!int", strconv.Itoa(v))
	case uint64:
		return scalar("!!int", strconv.FormatUint(v, 10))
	case jsonNumber:
		s := string(v)
		if _, err := strconv.ParseInt(s, 10, 64); err == nil {
			return scalar("!!int", s)
		}
		if _, err := strconv.ParseUint(s, 10, 64); err == nil {
			return scalar("!!int", s)
		}
		return scalar("!!float", s)
	case nil:
		return scalar("!!null", "null")
	}
	panic("framework: openapi node of unexpected type")
}
