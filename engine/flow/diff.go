package flow

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Diff lists what changed from a to b, one line each: flow name and
// description, nodes added, removed or changed (type, name, and the paths
// of changed config fields), edges added, removed or rewired, and the
// subflow definitions added, removed or changed (their ports, nodes and
// edges, diffed the same way). Canvas
// positions are ignored. No lines means no change. It is the diff `weft diff`
// prints and Studio's history panel shows.
func Diff(a, b *Flow) []string {
	var out []string
	if a.Name != b.Name {
		out = append(out, fmt.Sprintf("name %q → %q", a.Name, b.Name))
	}
	if a.Description != b.Description {
		out = append(out, "description changed")
	}
	out = append(out, diffNodes(a.Nodes, b.Nodes)...)
	out = append(out, diffEdges(a.Edges, b.Edges)...)
	return append(out, diffSubflows(a.Subflows, b.Subflows)...)
}

func diffSubflows(a, b []Subflow) []string {
	old := map[string]Subflow{}
	for _, s := range a {
		old[s.ID] = s
	}
	seen := map[string]bool{}
	var out []string
	for _, s := range b {
		seen[s.ID] = true
		o, ok := old[s.ID]
		if !ok {
			out = append(out, fmt.Sprintf("+ subflow %s (%q)", s.ID, s.Name))
			continue
		}
		var lines []string
		if o.Name != s.Name {
			lines = append(lines, fmt.Sprintf("name %q → %q", o.Name, s.Name))
		}
		if !reflect.DeepEqual(o.Inputs, s.Inputs) || !reflect.DeepEqual(o.Outputs, s.Outputs) {
			lines = append(lines, "ports changed")
		}
		lines = append(lines, diffNodes(o.Nodes, s.Nodes)...)
		for _, l := range append(lines, diffEdges(o.Edges, s.Edges)...) {
			out = append(out, fmt.Sprintf("~ subflow %s: %s", s.ID, l))
		}
	}
	for _, s := range a {
		if !seen[s.ID] {
			out = append(out, fmt.Sprintf("- subflow %s (%q)", s.ID, s.Name))
		}
	}
	return out
}

func diffNodes(a, b []Node) []string {
	old := map[string]Node{}
	for _, n := range a {
		old[n.ID] = n
	}
	seen := map[string]bool{}
	var out []string
	for _, n := range b {
		seen[n.ID] = true
		o, ok := old[n.ID]
		if !ok {
			out = append(out, fmt.Sprintf("+ node %s (%s)", n.ID, n.Type))
			continue
		}
		out = append(out, nodeDiff(o, n)...)
	}
	for _, n := range a {
		if !seen[n.ID] {
			out = append(out, fmt.Sprintf("- node %s (%s)", n.ID, n.Type))
		}
	}
	return out
}

func nodeDiff(a, b Node) []string {
	var out []string
	if a.Type != b.Type {
		out = append(out, fmt.Sprintf("~ node %s: type %s → %s", b.ID, a.Type, b.Type))
	}
	if a.Name != b.Name {
		out = append(out, fmt.Sprintf("~ node %s: name %q → %q", b.ID, a.Name, b.Name))
	}
	if paths := configPaths(a.Config, b.Config, ""); len(paths) > 0 {
		out = append(out, fmt.Sprintf("~ node %s (%s): config %s", b.ID, b.Type, strings.Join(paths, ", ")))
	}
	return out
}

// configPaths returns the sorted paths whose values differ, descending
// into objects present on both sides ("auth.token").
func configPaths(a, b map[string]any, prefix string) []string {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var out []string
	for k := range keys {
		va, vb := a[k], b[k]
		if reflect.DeepEqual(va, vb) {
			continue
		}
		ma, okA := va.(map[string]any)
		mb, okB := vb.(map[string]any)
		if okA && okB {
			out = append(out, configPaths(ma, mb, prefix+k+".")...)
			continue
		}
		out = append(out, prefix+k)
	}
	sort.Strings(out)
	return out
}

func diffEdges(a, b []Edge) []string {
	old := map[string]Edge{}
	for _, e := range a {
		old[e.ID] = e
	}
	seen := map[string]bool{}
	var out []string
	for _, e := range b {
		seen[e.ID] = true
		o, ok := old[e.ID]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("+ edge %s: %s", e.ID, edgeText(e)))
		case o != e:
			out = append(out, fmt.Sprintf("~ edge %s: %s ⇒ %s", e.ID, edgeText(o), edgeText(e)))
		}
	}
	for _, e := range a {
		if !seen[e.ID] {
			out = append(out, fmt.Sprintf("- edge %s: %s", e.ID, edgeText(e)))
		}
	}
	return out
}

func edgeText(e Edge) string {
	return fmt.Sprintf("%s.%s → %s.%s", e.From.Node, e.From.Port, e.To.Node, e.To.Port)
}
