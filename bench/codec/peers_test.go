package codec_test

import (
	stdjson "encoding/json"

	"github.com/bytedance/sonic"
	jsonv2 "github.com/go-json-experiment/json"
	goccy "github.com/goccy/go-json"
)

// peer is a JSON library the codec is compared with.
type peer struct {
	name      string
	unmarshal func([]byte, any) error
	marshal   func(any) ([]byte, error)
}

// peers lists the libraries; encoding/json/v2 joins them when the tests
// are built with GOEXPERIMENT=jsonv2 (see stdv2_test.go).
func peers() []peer {
	ps := []peer{
		{"encoding_json", stdjson.Unmarshal, stdjson.Marshal},
		{"go_json_experiment", func(b []byte, v any) error { return jsonv2.Unmarshal(b, v) },
			func(v any) ([]byte, error) { return jsonv2.Marshal(v) }},
		{"goccy", goccy.Unmarshal, goccy.Marshal},
		{"sonic", sonic.Unmarshal, sonic.Marshal},
	}
	if p, ok := stdV2(); ok {
		ps = append(ps, p)
	}
	return ps
}
