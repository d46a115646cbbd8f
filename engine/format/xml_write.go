package format

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// XMLOptions tunes the XML writer. The zero value writes
// <records><record>…</record>…</records>, one record per line.
type XMLOptions struct {
	// Root names the document element; default "records".
	Root string
	// Item names each record's element and the elements of nested
	// arrays; default "record".
	Item string
	// Indent indents nested elements with this string; "" keeps each
	// record on one line.
	Indent string
}

// ErrXMLName is wrapped by the XML writer's error for a key or option
// that is not a valid XML name.
var ErrXMLName = errors.New("not a valid XML name")

// xmlWriter writes records as the XML reader reads them: "@name" keys
// become attributes, "#text" the text, other keys child elements (sorted
// by name), arrays repeated elements.
type xmlWriter struct {
	w       *bufio.Writer
	opts    XMLOptions
	buf     bytes.Buffer
	started bool
	n       int
}

// NewXMLWriter returns an XML writer over w; an invalid Root or Item is
// an error wrapping ErrXMLName.
func NewXMLWriter(w io.Writer, o XMLOptions) (Writer, error) {
	if o.Root == "" {
		o.Root = "records"
	}
	if o.Item == "" {
		o.Item = "record"
	}
	for _, name := range []string{o.Root, o.Item} {
		if !validXMLName(name) {
			return nil, fmt.Errorf("%q is %w", name, ErrXMLName)
		}
	}
	return &xmlWriter{w: bufio.NewWriterSize(w, 64<<10), opts: o}, nil
}

func (x *xmlWriter) Write(rec any) error {
	x.n++
	x.start()
	x.buf.Reset()
	if err := x.element(x.opts.Item, rec, 1); err != nil {
		return fmt.Errorf("record %d: %w", x.n, err)
	}
	_, err := x.w.Write(x.buf.Bytes())
	return err
}

func (x *xmlWriter) Close() error {
	x.start()
	x.w.WriteString("</" + x.opts.Root + ">\n")
	return x.w.Flush()
}

func (x *xmlWriter) start() {
	if !x.started {
		x.started = true
		x.w.WriteString(xml.Header + "<" + x.opts.Root + ">\n")
	}
}

// field writes v under name: an array as repeated elements.
func (x *xmlWriter) field(name string, v any, depth int) error {
	if a, ok := v.([]any); ok {
		for _, e := range a {
			if err := x.element(name, e, depth); err != nil {
				return err
			}
		}
		return nil
	}
	return x.element(name, v, depth)
}

// element writes one element holding v. With Indent every element
// starts on its own line; without it each record ends a line.
func (x *xmlWriter) element(name string, v any, depth int) error {
	if depth > maxXMLDepth {
		return fmt.Errorf("values nested deeper than %d levels", maxXMLDepth)
	}
	if !validXMLName(name) {
		return fmt.Errorf("key %q is %w", name, ErrXMLName)
	}
	x.pad(depth)
	x.buf.WriteString("<" + name)
	var err error
	switch t := v.(type) {
	case map[string]any, *jsoncodec.Object:
		err = x.object(name, t, depth)
	case []any:
		err = x.array(name, t, depth)
	default:
		err = x.scalar(name, v)
	}
	if err == nil && (depth == 1 || x.opts.Indent != "") {
		x.buf.WriteByte('\n')
	}
	return err
}

// object writes the attributes, text and children of an element whose
// "<name" is written.
func (x *xmlWriter) object(name string, m any, depth int) error {
	// an ordered object's key order, a map's keys sorted
	keys, _ := jsoncodec.ObjectKeys(m)
	get := func(k string) any { v, _ := jsoncodec.Lookup(m, k); return v }
	var children []string
	for _, k := range keys {
		attr, ok := strings.CutPrefix(k, "@")
		if !ok {
			if k != "#text" {
				children = append(children, k)
			}
			continue
		}
		if !validXMLName(attr) {
			return fmt.Errorf("attribute %q is %w", attr, ErrXMLName)
		}
		s, err := scalarText(get(k))
		if err != nil {
			return fmt.Errorf("attribute %q: %w", attr, err)
		}
		x.buf.WriteString(" " + attr + `="`)
		_ = xml.EscapeText(&x.buf, []byte(s))
		x.buf.WriteByte('"')
	}
	text, err := scalarText(get("#text"))
	if err != nil {
		return fmt.Errorf("key %q: %w", "#text", err)
	}
	if text == "" && len(children) == 0 {
		x.buf.WriteString("/>")
		return nil
	}
	x.buf.WriteByte('>')
	_ = xml.EscapeText(&x.buf, []byte(text))
	x.newline(len(children) > 0)
	for _, k := range children {
		if err := x.field(k, get(k), depth+1); err != nil {
			return err
		}
	}
	x.end(name, depth, len(children) > 0)
	return nil
}

// array writes a nested array's elements as Item children.
func (x *xmlWriter) array(name string, a []any, depth int) error {
	x.buf.WriteByte('>')
	x.newline(len(a) > 0)
	for _, e := range a {
		if err := x.element(x.opts.Item, e, depth+1); err != nil {
			return err
		}
	}
	x.end(name, depth, len(a) > 0)
	return nil
}

// scalar writes the rest of an element holding a scalar.
func (x *xmlWriter) scalar(name string, v any) error {
	s, err := scalarText(v)
	if err != nil {
		return fmt.Errorf("element %q: %w", name, err)
	}
	if s == "" {
		x.buf.WriteString("/>")
		return nil
	}
	x.buf.WriteByte('>')
	_ = xml.EscapeText(&x.buf, []byte(s))
	x.buf.WriteString("</" + name + ">")
	return nil
}

// end writes a closing tag, on its own line after nested elements.
func (x *xmlWriter) end(name string, depth int, nested bool) {
	if nested {
		x.pad(depth)
	}
	x.buf.WriteString("</" + name + ">")
}

func (x *xmlWriter) newline(nested bool) {
	if nested && x.opts.Indent != "" {
		x.buf.WriteByte('\n')
	}
}

func (x *xmlWriter) pad(depth int) {
	if x.opts.Indent != "" {
		x.buf.WriteString(strings.Repeat(x.opts.Indent, depth))
	}
}

// scalarText is the text of a scalar value; objects and arrays are an
// error.
func scalarText(v any) (string, error) {
	switch t := v.(type) {
	case nil:
		return "", nil
	case string:
		return t, nil
	case bool:
		return strconv.FormatBool(t), nil
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return "", fmt.Errorf("%v is not a number XML can hold", t)
		}
		if math.Abs(t) < 1e21 {
			return strconv.FormatFloat(t, 'f', -1, 64), nil
		}
		return strconv.FormatFloat(t, 'g', -1, 64), nil
	case map[string]any, *jsoncodec.Object, []any:
		return "", errors.New("an object or array cannot be an attribute or text")
	}
	return fmt.Sprint(v), nil
}

// validXMLName accepts names the XML reader can read back: a letter,
// "_" or ":" first, then letters, digits and "_:.-"; no control or
// markup characters.
func validXMLName(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	for i, r := range s {
		ok := unicode.IsLetter(r) || r == '_' || r == ':'
		if i > 0 {
			ok = ok || unicode.IsDigit(r) || r == '-' || r == '.' || unicode.Is(unicode.Mn, r)
		}
		if !ok {
			return false
		}
	}
	return true
}
