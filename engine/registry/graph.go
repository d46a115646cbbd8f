package registry

import (
	"slices"
	"strings"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/spec"
)

// cycles reports one error per group of nodes that loop (a strongly
// connected component), naming a shortest cycle through the group's first
// node.
func (v *validation) cycles() {
	for _, group := range v.components() {
		if path := v.shortestCycle(group); path != nil {
			v.add(flow.SeverityError, flow.Problem{Node: group[0],
				Message: "cycle: " + strings.Join(path, " → ")})
		}
	}
}

// ids returns the distinct non-empty node ids in node order.
func (v *validation) ids() []string {
	var ids []string
	seen := map[string]bool{}
	for _, n := range v.flow.Nodes {
		if n.ID != "" && !seen[n.ID] {
			seen[n.ID] = true
			ids = append(ids, n.ID)
		}
	}
	return ids
}

// components returns the strongly connected components (Tarjan), each in
// node order, ordered by their first node.
func (v *validation) components() [][]string {
	t := &tarjan{next: v.next, index: map[string]int{}, low: map[string]int{}, on: map[string]bool{}, group: map[string]int{}}
	ids := v.ids()
	for _, id := range ids {
		if _, seen := t.index[id]; !seen {
			t.visit(id)
		}
	}
	byGroup := make([][]string, t.groups)
	var order []int
	for _, id := range ids {
		g := t.group[id]
		if byGroup[g] == nil {
			order = append(order, g)
		}
		byGroup[g] = append(byGroup[g], id)
	}
	out := make([][]string, len(order))
	for i, g := range order {
		out[i] = byGroup[g]
	}
	return out
}

// shortestCycle returns the nodes of a shortest cycle from group[0] back to
// itself, start repeated at the end, or nil when the group does not loop.
func (v *validation) shortestCycle(group []string) []string {
	start := group[0]
	parent := map[string]string{}
	queue := []string{start}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, m := range v.next[n] {
			if m == start {
				path := []string{start}
				for at := n; at != start; at = parent[at] {
					path = append(path, at)
				}
				slices.Reverse(path[1:])
				return append(path, start)
			}
			if _, seen := parent[m]; !seen && slices.Contains(group, m) {
				parent[m] = n
				queue = append(queue, m)
			}
		}
	}
	return nil
}

type tarjan struct {
	next       map[string][]string
	index, low map[string]int
	on         map[string]bool
	stack      []string
	counter    int
	group      map[string]int
	groups     int
}

func (t *tarjan) visit(n string) {
	t.index[n], t.low[n] = t.counter, t.counter
	t.counter++
	t.stack = append(t.stack, n)
	t.on[n] = true
	for _, m := range t.next[n] {
		if _, seen := t.index[m]; !seen {
			t.visit(m)
			t.low[n] = min(t.low[n], t.low[m])
		} else if t.on[m] {
			t.low[n] = min(t.low[n], t.index[m])
		}
	}
	if t.low[n] != t.index[n] {
		return
	}
	for {
		m := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		t.on[m] = false
		t.group[m] = t.groups
		if m == n {
			break
		}
	}
	t.groups++
}

// reachability warns about nodes no trigger leads to. A flow with nodes but
// no trigger gets one flow-level warning instead of one per node.
func (v *validation) reachability() {
	var queue []string
	reached := map[string]bool{}
	for _, id := range v.ids() {
		if s, ok := v.specs[id]; ok && s.Category == spec.Trigger {
			reached[id] = true
			queue = append(queue, id)
		}
	}
	if len(queue) == 0 {
		if len(v.flow.Nodes) > 0 {
			v.add(flow.SeverityWarning, flow.Problem{Message: "flow has no trigger node"})
		}
		return
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, m := range v.next[n] {
			if !reached[m] {
				reached[m] = true
				queue = append(queue, m)
			}
		}
	}
	for _, id := range v.ids() {
		if !reached[id] {
			v.add(flow.SeverityWarning, flow.Problem{Node: id, Message: "not reachable from any trigger"})
		}
	}
}
