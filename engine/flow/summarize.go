package flow

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// listLimit is how many items a summary names before it only counts them.
const listLimit = 3

// Summarize describes what changed from old to new in one line for the
// version history, such as "added node n3 (core.debug); removed edge e2;
// changed config of n2 (code); moved 2 nodes; renamed flow". It is "created"
// when old is nil and "no changes" when nothing differs.
func Summarize(old, new *Flow) string {
	if old == nil {
		return "created"
	}
	var parts []string
	add := func(p string) {
		if p != "" {
			parts = append(parts, p)
		}
	}
	oldNodes, newNodes := nodeMap(old.Nodes), nodeMap(new.Nodes)
	add(listChange("added", "node", missing(new.Nodes, oldNodes), newNodes))
	add(listChange("removed", "node", missing(old.Nodes, newNodes), oldNodes))
	oldEdges, newEdges := edgeMap(old.Edges), edgeMap(new.Edges)
	add(listChange("added", "edge", missingEdges(new.Edges, oldEdges), nil))
	add(listChange("removed", "edge", missingEdges(old.Edges, newEdges), nil))
	add(rewired(old.Edges, newEdges))
	parts = append(parts, nodeChanges(new.Nodes, oldNodes)...)
	add(moved(old, new, oldNodes))
	if old.Name != new.Name {
		add("renamed flow")
	}
	if old.Description != new.Description {
		add("changed description")
	}
	if len(parts) == 0 && !slices.Equal(ids(old.Nodes), ids(new.Nodes)) {
		add("reordered nodes")
	}
	if len(parts) == 0 && !reflect.DeepEqual(nonNil(old.Edges), nonNil(new.Edges)) {
		add("reordered edges")
	}
	if len(parts) == 0 {
		return "no changes"
	}
	return strings.Join(parts, "; ")
}

func nodeMap(nodes []Node) map[string]Node {
	m := make(map[string]Node, len(nodes))
	for _, n := range nodes {
		if _, dup := m[n.ID]; !dup {
			m[n.ID] = n
		}
	}
	return m
}

func edgeMap(edges []Edge) map[string]Edge {
	m := make(map[string]Edge, len(edges))
	for _, e := range edges {
		if _, dup := m[e.ID]; !dup {
			m[e.ID] = e
		}
	}
	return m
}

func ids(nodes []Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.ID
	}
	return out
}

// missing lists the ids of nodes that other lacks, in order.
func missing(nodes []Node, other map[string]Node) []string {
	var out []string
	for _, n := range nodes {
		if _, ok := other[n.ID]; !ok && !slices.Contains(out, n.ID) {
			out = append(out, n.ID)
		}
	}
	return out
}

func missingEdges(edges []Edge, other map[string]Edge) []string {
	var out []string
	for _, e := range edges {
		if _, ok := other[e.ID]; !ok && !slices.Contains(out, e.ID) {
			out = append(out, e.ID)
		}
	}
	return out
}

// listChange renders "added node n3 (core.debug)", "added nodes a, b" or,
// past listLimit, "added 5 nodes". types, when given, adds node types.
func listChange(verb, noun string, idList []string, types map[string]Node) string {
	switch {
	case len(idList) == 0:
		return ""
	case len(idList) > listLimit:
		return fmt.Sprintf("%s %d %ss", verb, len(idList), noun)
	}
	named := make([]string, len(idList))
	for i, id := range idList {
		named[i] = id
		if n, ok := types[id]; ok && n.Type != "" {
			named[i] += " (" + n.Type + ")"
		}
	}
	if len(idList) > 1 {
		noun += "s"
	}
	return fmt.Sprintf("%s %s %s", verb, noun, strings.Join(named, ", "))
}

// rewired names edges kept by id whose ends changed.
func rewired(old []Edge, now map[string]Edge) string {
	var changed []string
	for _, e := range old {
		if n, ok := now[e.ID]; ok && n != e && !slices.Contains(changed, e.ID) {
			changed = append(changed, e.ID)
		}
	}
	return listChange("rewired", "edge", changed, nil)
}

// nodeChanges describes type, name and config changes of kept nodes.
func nodeChanges(nodes []Node, old map[string]Node) []string {
	var out []string
	for _, n := range nodes {
		o, ok := old[n.ID]
		if !ok {
			continue
		}
		if o.Type != n.Type {
			out = append(out, fmt.Sprintf("changed type of %s to %s", n.ID, n.Type))
		}
		if o.Name != n.Name {
			out = append(out, fmt.Sprintf("renamed node %s", n.ID))
		}
		if keys := changedKeys(o.Config, n.Config); len(keys) > 0 {
			out = append(out, fmt.Sprintf("changed config of %s (%s)", n.ID, strings.Join(keys, ", ")))
		}
	}
	return out
}

func changedKeys(a, b map[string]any) []string {
	var keys []string
	for k, v := range a {
		if w, ok := b[k]; !ok || !reflect.DeepEqual(v, w) {
			keys = append(keys, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// moved counts kept nodes whose layout position changed, appeared or went.
func moved(old, new *Flow, oldNodes map[string]Node) string {
	count := 0
	seen := map[string]bool{}
	for _, n := range new.Nodes {
		if _, kept := oldNodes[n.ID]; !kept || seen[n.ID] {
			continue
		}
		seen[n.ID] = true
		p, okOld := old.Layout[n.ID]
		q, okNew := new.Layout[n.ID]
		if okOld != okNew || p != q {
			count++
		}
	}
	switch count {
	case 0:
		return ""
	case 1:
		return "moved 1 node"
	}
	return fmt.Sprintf("moved %d nodes", count)
}
