package format

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxXMLDepth bounds element nesting.
const maxXMLDepth = 256

// xmlReader reads the children of the root element as records.
type xmlReader struct {
	dec    *xml.Decoder
	inRoot bool
	done   bool
	n      int
	ns     nsStack
}

func newXMLReader(br *bufio.Reader) *xmlReader {
	dec := xml.NewDecoder(br)
	dec.Strict = true
	dec.CharsetReader = func(charset string, input io.Reader) (io.Reader, error) {
		if strings.EqualFold(charset, "utf-8") || strings.EqualFold(charset, "us-ascii") {
			return input, nil
		}
		return nil, fmt.Errorf("unsupported encoding %q (convert the file to UTF-8)", charset)
	}
	return &xmlReader{dec: dec}
}

func (x *xmlReader) Read() (any, error) {
	if x.done {
		return nil, io.EOF
	}
	for {
		tok, err := x.dec.Token()
		if err == io.EOF {
			x.done = true
			if !x.inRoot && x.n == 0 {
				return nil, io.EOF
			}
			if x.inRoot {
				return nil, x.fail(errors.New("unexpected end of XML: the root element is not closed"))
			}
			return nil, io.EOF
		}
		if err != nil {
			return nil, x.fail(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !x.inRoot {
				x.inRoot = true
				x.ns.push(t)
				continue
			}
			x.n++
			_, v, err := x.element(t, 1)
			if err != nil {
				return nil, x.fail(err)
			}
			return v, nil
		case xml.EndElement:
			x.inRoot = false // the root closed; anything after is ignored
			x.done = true
			return nil, io.EOF
		}
	}
}

func (x *xmlReader) fail(err error) error {
	x.done = true
	line, _ := x.dec.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
		err = errors.New(se.Msg)
	}
	return &Error{Record: x.n, Line: line, Msg: "invalid XML: " + err.Error(), Fatal: true}
}

// element converts the element that start opened into a string (only
// text) or an object of "@attributes", children and "#text", and returns
// its name with its namespace prefix.
func (x *xmlReader) element(start xml.StartElement, depth int) (string, any, error) {
	if depth > maxXMLDepth {
		return "", nil, fmt.Errorf("elements nested deeper than %d levels", maxXMLDepth)
	}
	x.ns.push(start)
	defer x.ns.pop()
	name := x.ns.name(start.Name, true)
	obj := map[string]any{}
	for _, a := range start.Attr {
		if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" && a.Name.Space == "" {
			continue
		}
		obj["@"+x.ns.name(a.Name, false)] = a.Value
	}
	attrs := len(obj)
	var text strings.Builder
	for {
		tok, err := x.dec.Token()
		if err != nil {
			if err == io.EOF {
				err = fmt.Errorf("element <%s> is not closed", name)
			}
			return "", nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			childName, child, err := x.element(t, depth+1)
			if err != nil {
				return "", nil, err
			}
			addChild(obj, childName, child)
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			s := strings.TrimSpace(text.String())
			if len(obj) == 0 && attrs == 0 {
				return name, s, nil
			}
			if s != "" {
				obj["#text"] = s
			}
			return name, obj, nil
		}
	}
}

// addChild stores a child element; a repeated name becomes an array.
func addChild(obj map[string]any, name string, v any) {
	prev, ok := obj[name]
	switch {
	case !ok:
		obj[name] = v
	case isArray(prev):
		obj[name] = append(prev.([]any), v)
	default:
		obj[name] = []any{prev, v}
	}
}

func isArray(v any) bool {
	_, ok := v.([]any)
	return ok
}
