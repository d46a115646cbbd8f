package flow

// FormatVersion is the flow file format this package writes. Readers accept
// every version from 1 up to FormatVersion through migrations.
const FormatVersion = 2

// ErrorPort is the name of the error output every node has.
const ErrorPort = "error"

// Flow is a graph of nodes wired by edges. Semantics (nodes, edges, config)
// are kept apart from canvas layout so that moving a node changes only
// Layout.
type Flow struct {
	FormatVersion int    `json:"formatVersion"`
	ID            string `json:"id"`
	Name          string `json:"name"`
	Description   string `json:"description,omitempty"`
	Nodes         []Node `json:"nodes"`
	Edges         []Edge `json:"edges"`
	// Subflows are the definitions the flow's SubflowType nodes use
	// (subflows of subflows included); see ExpandSubflows.
	Subflows []Subflow `json:"subflows,omitempty"`
	// Layout maps node id to its canvas position. It never affects a run.
	Layout map[string]Position `json:"layout,omitempty"`
}

// Node is one step of a flow.
type Node struct {
	// ID is stable across edits and renames; edges reference it.
	ID string `json:"id"`
	// Type names a node spec in the registry, such as "core.script".
	Type string `json:"type"`
	// Name is the display name; it is free to change.
	Name string `json:"name,omitempty"`
	// Config holds the node's settings as described by its spec's schema.
	Config map[string]any `json:"config,omitempty"`
}

// Edge wires an output port of one node to an input port of another.
type Edge struct {
	ID   string  `json:"id"`
	From PortRef `json:"from"`
	To   PortRef `json:"to"`
}

// PortRef names a port of a node by node id and port name.
type PortRef struct {
	Node string `json:"node"`
	Port string `json:"port"`
}

// Position is a node's place on the canvas.
type Position struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// Node returns the node with the given id, or nil.
func (f *Flow) Node(id string) *Node {
	for i := range f.Nodes {
		if f.Nodes[i].ID == id {
			return &f.Nodes[i]
		}
	}
	return nil
}
