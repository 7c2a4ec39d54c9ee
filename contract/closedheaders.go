package contract

import (
	"fmt"
	"net/http"
)

// ClosedHeadersExtension, set to true on a response object, says the
// response carries no header beyond those it declares (and the transport's
// own: Content-Type, Content-Length, Date, Transfer-Encoding, Connection).
// OpenAPI has no word for it; a document uses it where an extra header
// would leak something (a debug or internal header, say), and the probe's
// CheckUndocumentedHeader holds the service to it.
const ClosedHeadersExtension = "x-starling-closed-headers"

// transportHeaders are set by HTTP itself, not by the operation.
var transportHeaders = []string{"Content-Type", "Content-Length", "Date", "Transfer-Encoding", "Connection", "Keep-Alive"}

// undeclaredHeaders returns the findings for headers a closed response
// does not declare, in sorted order.
func undeclaredHeaders(resp map[string]any, header http.Header, status int) []finding {
	if closed, _ := resp[ClosedHeadersExtension].(bool); !closed {
		return nil
	}
	declared := map[string]bool{}
	for name := range obj(resp["headers"]) {
		declared[http.CanonicalHeaderKey(name)] = true
	}
	for _, name := range transportHeaders {
		declared[name] = true
	}
	var out []finding
	for _, name := range sortedKeys(header) {
		if !declared[http.CanonicalHeaderKey(name)] {
			out = append(out, finding{CheckUndocumentedHeader, fmt.Sprintf("the response has header %s, which status %d does not declare (%s)",
				name, status, ClosedHeadersExtension)})
		}
	}
	return out
}
