package framework

import (
	"io"
	"net/http"
	"reflect"
	"unsafe"
)

// Text is the result type of handlers that answer with plain text: the
// string is the body, as is, with Content-Type text/plain; charset=utf-8 —
// no JSON encoding, no quotes. The document lists the route's response as
// text/plain with the schema {"type": "string"}.
//
//	framework.Get("/healthz", func(context.Context, struct{}) (framework.Text, error) {
//		return "ok", nil
//	})
//
// Only a route's own result is written raw: a Text inside a struct, slice
// or map is encoded as the JSON string it is.
type Text string

// Bytes is the result type of handlers that answer with bytes of a media
// type known only when they answer (an image, a file, a CSV export): Data
// is the body, as is, and ContentType its Content-Type.
//
// Because the media type is chosen per response, the document lists the
// route's response as the media range */* without a schema: any content
// type. Use Text for text/plain, or a JSON result, when the document
// should say more.
type Bytes struct {
	// ContentType is the response's Content-Type, such as "image/png" or
	// "text/csv; charset=utf-8"; application/octet-stream when empty.
	ContentType string
	// Data is the response body.
	Data []byte
}

// TextContentType is the Content-Type of Text results.
const TextContentType = "text/plain; charset=utf-8"

// rawKind says how an encoder writes its result.
type rawKind uint8

const (
	rawNone  rawKind = iota // JSON through the type plan
	rawText                 // Text
	rawBytes                // Bytes
)

var (
	typeText  = reflect.TypeFor[Text]()
	typeBytes = reflect.TypeFor[Bytes]()
)

func rawKindOf(t reflect.Type) rawKind {
	switch t {
	case typeText:
		return rawText
	case typeBytes:
		return rawBytes
	}
	return rawNone
}

// writeRaw writes a Text or Bytes result at out. It reads out and keeps no
// reference to it, so the caller's result can stay on its stack.
func (enc *encoder) writeRaw(w http.ResponseWriter, r *http.Request, st *requestState, status int, out unsafe.Pointer, pool *bufferPool) error {
	h := w.Header()
	if enc.raw == rawText {
		s := string(*(*Text)(out))
		st.setHeader(h, "Content-Type", hdrType, TextContentType)
		st.setContentLength(h, len(s))
		w.WriteHeader(status)
		if r.Method == http.MethodHead || s == "" {
			return nil
		}
		if sw, ok := w.(io.StringWriter); ok {
			_, _ = sw.WriteString(s)
			return nil
		}
		// A middleware's writer without WriteString: copy into a pooled
		// buffer rather than allocate the []byte conversion.
		buf := pool.get()
		defer pool.put(buf)
		*buf = append((*buf)[:0], s...)
		_, _ = w.Write(*buf)
		return nil
	}
	b := (*Bytes)(out)
	ct := b.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	st.setHeader(h, "Content-Type", hdrType, ct)
	st.setContentLength(h, len(b.Data))
	w.WriteHeader(status)
	if r.Method != http.MethodHead && len(b.Data) > 0 {
		_, _ = w.Write(b.Data)
	}
	return nil
}

// resultContent is the content object of a route's own (success) response.
func (d *docBuilder) resultContent(enc *encoder) *object {
	switch enc.raw {
	case rawText:
		return obj().set("text/plain", obj().set("schema", obj().set("type", "string")))
	case rawBytes:
		return obj().set("*/*", obj())
	}
	return obj().set("application/json", obj().
		set("schema", d.schemas.schema(enc.plan, nil, viewResponse)))
}
