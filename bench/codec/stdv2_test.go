//go:build goexperiment.jsonv2

package codec_test

import "encoding/json/v2"

// stdV2 is encoding/json/v2, in the standard library under
// GOEXPERIMENT=jsonv2.
func stdV2() (peer, bool) {
	return peer{"encoding_json_v2", func(b []byte, v any) error { return json.Unmarshal(b, v) },
		func(v any) ([]byte, error) { return json.Marshal(v) }}, true
}
