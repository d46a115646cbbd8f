package http

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"strings"
	"unicode/utf8"

	gojson "github.com/goccy/go-json"

	"github.com/weftworks/weft/engine/format"
	"github.com/weftworks/weft/engine/jsoncodec"
)

// ErrBody is wrapped by ParseBody's errors: the body does not fit its
// content type.
var ErrBody = errors.New("bad body")

// ParseBody turns an HTTP body into a JSON-like value by its content
// type: JSON (and +json) decoded; a form (application/x-www-form-urlencoded)
// as an object of strings (arrays for repeated names); XML (and +xml) as
// an object holding the root element, read by engine/format (attributes
// as "@name", repeated elements as arrays); anything else as text. An
// empty body is nil. Invalid JSON or XML, and text that is not UTF-8, give
// an error wrapping ErrBody.
func ParseBody(contentType string, data []byte) (any, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	media, _, _ := mime.ParseMediaType(contentType)
	switch {
	case media == "application/json" || strings.HasSuffix(media, "+json"):
		return parseJSON(data)
	case media == "application/x-www-form-urlencoded":
		q, err := url.ParseQuery(string(data))
		if err != nil {
			return nil, fmt.Errorf("%w: invalid form: %w", ErrBody, err)
		}
		return valuesObject(q), nil
	case media == "application/xml" || media == "text/xml" || strings.HasSuffix(media, "+xml"):
		return parseXML(data)
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%w: %s body is not UTF-8 text", ErrBody, orUnknown(media))
	}
	return string(data), nil
}

// parseJSON decodes a JSON body with objects as *jsoncodec.Object, in
// the body's key order, so that flows write them in that order. Input the
// fast ordered decoder leaves aside is checked by go-json (the same values
// and errors as encoding/json, about twice as fast) and then decoded in
// order by jsoncodec.DecodeFull.
func parseJSON(data []byte) (any, error) {
	if v, err := jsoncodec.DecodeJSON(string(data)); err == nil {
		return v, nil
	}
	var v any
	if err := gojson.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("%w: invalid JSON: %w", ErrBody, err)
	}
	if o, err := jsoncodec.DecodeFull(data); err == nil {
		return o, nil
	}
	return v, nil
}

func orUnknown(media string) string {
	if media == "" {
		return "an untyped"
	}
	return "a " + media
}

// valuesObject turns form or query values into an object: one value as a
// string, several as an array of strings.
func valuesObject(q url.Values) map[string]any {
	out := make(map[string]any, len(q))
	for k, vs := range q {
		if len(vs) == 1 {
			out[k] = vs[0]
			continue
		}
		list := make([]any, len(vs))
		for i, v := range vs {
			list[i] = v
		}
		out[k] = list
	}
	return out
}

// parseXML reads a document as {rootName: root}, by wrapping the root
// element so that engine/format's reader (which returns the root's
// children) returns the root itself.
func parseXML(data []byte) (any, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var name string
	var start int64
	for name == "" {
		start = dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%w: invalid XML: %w", ErrBody, err)
		}
		if el, ok := tok.(xml.StartElement); ok {
			name = el.Name.Local
			if el.Name.Space != "" && prefixOf(data[start:]) != "" {
				name = prefixOf(data[start:]) + ":" + name
			}
		}
	}
	wrapped := io.MultiReader(strings.NewReader("<weft-body>"), bytes.NewReader(data[start:]), strings.NewReader("</weft-body>"))
	r, err := format.NewReader(wrapped, format.FormatXML)
	if err != nil {
		return nil, err
	}
	recs, err := format.ReadAll(r, 2)
	if err != nil {
		return nil, fmt.Errorf("%w: invalid XML: %w", ErrBody, err)
	}
	if len(recs) != 1 {
		return nil, fmt.Errorf("%w: invalid XML: want one root element, got %d", ErrBody, len(recs))
	}
	return map[string]any{name: recs[0]}, nil
}

// prefixOf returns the namespace prefix of the start tag at the head of
// data ("soap" for "<soap:Envelope"), or "".
func prefixOf(data []byte) string {
	tag := bytes.TrimPrefix(data, []byte("<"))
	end := bytes.IndexAny(tag, " \t\r\n/>")
	if end < 0 {
		return ""
	}
	prefix, _, ok := bytes.Cut(tag[:end], []byte(":"))
	if !ok {
		return ""
	}
	return string(prefix)
}
