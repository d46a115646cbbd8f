package registry_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/weftworks/weft/engine/flow"
)

// build makes a flow from "id:type" nodes and "from:port>to:port" edges,
// edge ids e1, e2, ...
func build(nodes []string, edges ...string) *flow.Flow {
	f := &flow.Flow{FormatVersion: flow.FormatVersion, ID: "f", Name: "f"}
	for _, n := range nodes {
		id, typ, _ := strings.Cut(n, ":")
		cfg := map[string]any{}
		if typ == "test.step" {
			cfg["code"] = "x"
		}
		f.Nodes = append(f.Nodes, flow.Node{ID: id, Type: typ, Config: cfg})
	}
	for i, e := range edges {
		from, to, _ := strings.Cut(e, ">")
		fn, fp, _ := strings.Cut(from, ":")
		tn, tp, _ := strings.Cut(to, ":")
		f.Edges = append(f.Edges, flow.Edge{ID: fmt.Sprintf("e%d", i+1),
			From: flow.PortRef{Node: fn, Port: fp}, To: flow.PortRef{Node: tn, Port: tp}})
	}
	return f
}

func problem(sev, node, edge, field, msg string) flow.Problem {
	return flow.Problem{Severity: sev, Node: node, Edge: edge, Field: field, Message: msg}
}

const (
	E = flow.SeverityError
	W = flow.SeverityWarning
)

func TestValidate(t *testing.T) {
	linear := []string{"a:test.start", "b:test.step", "c:test.sink"}
	tests := []struct {
		name   string
		flow   *flow.Flow
		change func(f *flow.Flow)
		want   []flow.Problem
	}{
		{"valid", build(linear, "a:out>b:in", "b:out>c:in"), nil, nil},
		{"error port is always there", build(linear, "a:out>b:in", "b:error>c:in"), nil, nil},
		{"empty flow", build(nil), nil, nil},
		{"empty and duplicate node ids", build([]string{"a:test.start", ":test.sink", "a:test.sink"}), nil, []flow.Problem{
			problem(E, "", "", "", "node #2 (test.sink) has no id"),
			problem(E, "a", "", "", "duplicate node id")}},
		{"unknown type", build([]string{"a:test.start", "x:core.nope"}, "a:out>x:in"), nil, []flow.Problem{
			problem(E, "x", "", "", `unknown node type "core.nope"`)}},
		{"config problems", build(linear, "a:out>b:in", "b:out>c:in"), func(f *flow.Flow) {
			f.Nodes[1].Config = map[string]any{"retries": 1.5, "extra": true}
		}, []flow.Problem{
			problem(E, "b", "", "code", "required"),
			problem(E, "b", "", "retries", "must be an integer, got 1.5"),
			problem(E, "b", "", "extra", "unknown field")}},
		{"edge problems", build(linear, "a:out>b:in", "b:out>c:in", "a:nope>zz:in", "b:out>c:out", "a:out>b:in"), func(f *flow.Flow) {
			f.Edges = append(f.Edges, flow.Edge{ID: "e1", From: flow.PortRef{Node: "a", Port: "out"}, To: flow.PortRef{Node: "c", Port: "in"}},
				flow.Edge{From: flow.PortRef{Node: "b", Port: "error"}, To: flow.PortRef{Node: "c", Port: "in"}})
		}, []flow.Problem{
			problem(E, "a", "e3", "", `test.start has no output port "nope"`),
			problem(E, "", "e3", "", `to node "zz" does not exist`),
			problem(E, "c", "e4", "", `test.sink has no input port "out"`),
			problem(E, "", "e5", "", `duplicates edge "e1"`),
			problem(E, "", "e1", "", "duplicate edge id"),
			problem(E, "", "", "", "edge #7 has no id")}},
		{"cycle", build([]string{"a:test.start", "b:test.step", "c:test.step", "d:test.sink"},
			"a:out>b:in", "b:out>c:in", "c:out>b:in", "c:out>d:in"), nil, []flow.Problem{
			problem(E, "b", "", "", "cycle: b → c → b")}},
		{"self loop and two cycles", build([]string{"a:test.start", "b:test.step", "c:test.step", "d:test.step"},
			"a:out>b:in", "b:out>b:in", "a:out>c:in", "c:out>d:in", "d:error>c:in"), nil, []flow.Problem{
			problem(E, "b", "", "", "cycle: b → b"),
			problem(E, "c", "", "", "cycle: c → d → c")}},
		{"unreachable nodes warn", build(linear, "b:out>c:in"), nil, []flow.Problem{
			problem(W, "b", "", "", "not reachable from any trigger"),
			problem(W, "c", "", "", "not reachable from any trigger")}},
		{"no trigger", build([]string{"b:test.step", "c:test.sink"}, "b:out>c:in"), nil, []flow.Problem{
			problem(W, "", "", "", "flow has no trigger node")}},
	}
	r := testRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.change != nil {
				tt.change(tt.flow)
			}
			assert.Equal(t, tt.want, r.Validate(tt.flow))
		})
	}
}

func TestValidateIsDeterministic(t *testing.T) {
	r := testRegistry(t)
	f := build([]string{"a:test.start", "b:test.step", "c:test.step", "d:test.step", "e:test.sink"},
		"b:out>c:in", "c:out>d:in", "d:out>b:in", "d:out>x:in", "a:out>e:bad")
	first := r.Validate(f)
	assert.NotEmpty(t, first)
	for range 20 {
		assert.Equal(t, first, r.Validate(f))
	}
}
