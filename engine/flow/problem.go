package flow

import (
	"fmt"
	"strings"
)

// The problem severities. An error keeps a flow from running; a warning
// does not.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// Problem is one issue found when validating a flow. Node, Edge and Field
// say where it is; Message says what is wrong.
type Problem struct {
	Severity string `json:"severity"`
	Node     string `json:"node,omitempty"`
	Edge     string `json:"edge,omitempty"`
	Field    string `json:"field,omitempty"`
	Message  string `json:"message"`
}

// String renders the problem for people, such as
// `node "n2" field "code": required`. Warnings start with "warning: ".
func (p Problem) String() string {
	var parts []string
	if p.Node != "" {
		parts = append(parts, fmt.Sprintf("node %q", p.Node))
	}
	if p.Edge != "" {
		parts = append(parts, fmt.Sprintf("edge %q", p.Edge))
	}
	if p.Field != "" {
		parts = append(parts, fmt.Sprintf("field %q", p.Field))
	}
	s := p.Message
	if len(parts) > 0 {
		s = strings.Join(parts, " ") + ": " + p.Message
	}
	if p.Severity == SeverityWarning {
		s = "warning: " + s
	}
	return s
}
