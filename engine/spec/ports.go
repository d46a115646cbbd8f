package spec

import (
	"fmt"
	"slices"

	"github.com/weftworks/weft/engine/flow"
)

// PortsFrom declares output ports named by a node's config, as data, so
// that the editor computes them the same way the engine does while the
// user types. Field names a top-level config field of type array; each
// element names one output port: the element itself when Key is empty (an
// array of strings), else the element's Key member (an array of objects,
// such as switch rules [{"output": "big", "condition": "..."}]).
type PortsFrom struct {
	Field string `json:"field"`
	Key   string `json:"key,omitempty"`
}

// CatchFrom marks a catcher node type. A catcher receives, through
// Receive on the port "error", the failures of other nodes whose error
// port is unwired, as {"error": reason, "node": id, "message": payload}.
// Field names a top-level config field of type array of strings listing
// the node ids it catches; when Field is empty or the list is empty, the
// catcher catches every node that is neither a catcher nor downstream of
// it; inside a subflow, every such node of its subflow instance
// (registry.ExpandSubflows).
type CatchFrom struct {
	Field string `json:"field,omitempty"`
}

// OutputPorts returns the output ports of a node of type s whose config
// (defaults applied) is cfg: Outputs, then the ports OutputsFrom names in
// element order, each name once. It never includes the implicit "error"
// port. errs reports elements that name no port or the reserved "error"
// port, with paths such as "rules[2].output".
func (s Spec) OutputPorts(cfg map[string]any) (ports []Port, errs []FieldError) {
	ports = slices.Clone(s.Outputs)
	from := s.OutputsFrom
	if from == nil {
		return ports, nil
	}
	list, _ := cfg[from.Field].([]any)
	for i, el := range list {
		path := fmt.Sprintf("%s[%d]", from.Field, i)
		if from.Key != "" {
			obj, _ := el.(map[string]any)
			el, path = obj[from.Key], join(path, from.Key)
		}
		name, _ := el.(string)
		switch {
		case name == "":
			errs = append(errs, FieldError{Field: path, Message: "names no output port"})
		case name == flow.ErrorPort:
			errs = append(errs, FieldError{Field: path, Message: `output port "error" is reserved`})
		case !slices.ContainsFunc(ports, func(p Port) bool { return p.Name == name }):
			ports = append(ports, Port{Name: name})
		}
	}
	return ports, errs
}

// CatchNodes returns the node ids a catcher of type s with config cfg
// lists, and all = true when it catches every node it may. It returns
// nil, false for a type that is not a catcher.
func (s Spec) CatchNodes(cfg map[string]any) (ids []string, all bool) {
	if s.Catch == nil {
		return nil, false
	}
	list, _ := cfg[s.Catch.Field].([]any)
	for _, el := range list {
		if id, ok := el.(string); ok && id != "" {
			ids = append(ids, id)
		}
	}
	return ids, len(ids) == 0
}

// checkDynamic checks OutputsFrom and Catch against the spec's fields.
func checkDynamic(s Spec, add func(string, ...any)) {
	if p := s.OutputsFrom; p != nil {
		f := topField(s.Config, p.Field)
		switch {
		case f == nil || f.Type != Array:
			add("outputsFrom: field %q is not an array field", p.Field)
		case p.Key == "" && f.Items != nil && f.Items.Type != String:
			add("outputsFrom: field %q is not an array of strings", p.Field)
		case p.Key != "" && (f.Items == nil || f.Items.Type != Object || !hasMember(f.Items.Fields, p.Key, String)):
			add("outputsFrom: field %q has no string member %q", p.Field, p.Key)
		}
	}
	if c := s.Catch; c != nil {
		if s.Category != Transform {
			add("catch: a catcher is a transform")
		}
		f := topField(s.Config, c.Field)
		if c.Field != "" && (f == nil || f.Type != Array || f.Items != nil && f.Items.Type != String) {
			add("catch: field %q is not an array of strings", c.Field)
		}
	}
}

func topField(fields []Field, name string) *Field {
	i := slices.IndexFunc(fields, func(f Field) bool { return f.Name == name })
	if i < 0 {
		return nil
	}
	return &fields[i]
}

func hasMember(fields []Field, name string, t Type) bool {
	f := topField(fields, name)
	return f != nil && f.Type == t
}
