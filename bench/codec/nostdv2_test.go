//go:build !goexperiment.jsonv2

package codec_test

// stdV2 reports that encoding/json/v2 is not built in (no GOEXPERIMENT=jsonv2).
func stdV2() (peer, bool) { return peer{}, false }
