package format

import (
	"encoding/xml"
	"maps"
	"slices"
)

// xmlURL is the namespace encoding/xml gives the reserved "xml" prefix.
const xmlURL = "http://www.w3.org/XML/1998/namespace"

// nsStack keeps the namespace declarations in scope, so that names keep
// the prefix the document wrote ("x:note") although encoding/xml hands
// over the namespace URL instead.
type nsStack []map[string]string // per element: prefix → URL ("" the default)

// push opens the scope of an element with its xmlns declarations.
func (s *nsStack) push(start xml.StartElement) {
	var decl map[string]string
	for _, a := range start.Attr {
		prefix, ok := "", false
		switch {
		case a.Name.Space == "xmlns":
			prefix, ok = a.Name.Local, true
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			ok = true
		}
		if ok {
			if decl == nil {
				decl = map[string]string{}
			}
			decl[prefix] = a.Value
		}
	}
	*s = append(*s, decl)
}

func (s *nsStack) pop() { *s = (*s)[:len(*s)-1] }

// name is n as the document wrote it: the prefix bound to n's namespace
// in the innermost scope, nothing for the default namespace of an
// element, or the namespace as it is when no declaration binds it.
func (s nsStack) name(n xml.Name, element bool) string {
	switch n.Space {
	case "":
		return n.Local
	case xmlURL:
		return "xml:" + n.Local
	}
	for i := len(s) - 1; i >= 0; i-- {
		for _, prefix := range slices.Sorted(maps.Keys(s[i])) {
			if s[i][prefix] == n.Space && prefix != "" {
				return prefix + ":" + n.Local
			}
		}
		if element && s[i][""] == n.Space {
			return n.Local
		}
	}
	return n.Space + ":" + n.Local
}
