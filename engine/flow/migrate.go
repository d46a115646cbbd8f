package flow

import (
	"encoding/json"
	"fmt"
	"strings"
)

// readers decode a file of each format version into the current model,
// running the migration steps from that version up. When the format
// changes: freeze the current types as flowVn, add a step migrateVnToVn+1,
// point the older readers through it, and keep the old testdata files.
var readers = map[int]func([]byte) (*Flow, error){
	1: readV1,
	2: readCurrent,
}

// flowV1 is format version 1: each node carried its canvas position and
// edges named their ends as "nodeId:port" strings. There was no layout.
type flowV1 struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Nodes       []nodeV1 `json:"nodes"`
	Edges       []edgeV1 `json:"edges"`
}

type nodeV1 struct {
	ID       string         `json:"id"`
	Type     string         `json:"type"`
	Name     string         `json:"name"`
	Config   map[string]any `json:"config"`
	Position *Position      `json:"position"`
}

type edgeV1 struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	Target string `json:"target"`
}

func readV1(data []byte) (*Flow, error) {
	var old flowV1
	if err := json.Unmarshal(data, &old); err != nil {
		return nil, jsonError(data, err)
	}
	return migrateV1ToV2(&old)
}

// migrateV1ToV2 moves node positions into Layout and splits "node:port"
// edge ends into PortRefs (at the last colon, so node ids may hold colons).
func migrateV1ToV2(old *flowV1) (*Flow, error) {
	f := &Flow{FormatVersion: 2, ID: old.ID, Name: old.Name, Description: old.Description,
		Nodes: make([]Node, 0, len(old.Nodes)), Edges: make([]Edge, 0, len(old.Edges))}
	for _, n := range old.Nodes {
		f.Nodes = append(f.Nodes, Node{ID: n.ID, Type: n.Type, Name: n.Name, Config: n.Config})
		if n.Position != nil {
			if f.Layout == nil {
				f.Layout = map[string]Position{}
			}
			f.Layout[n.ID] = *n.Position
		}
	}
	for _, e := range old.Edges {
		from, err := splitRef(e.ID, "source", e.Source)
		if err != nil {
			return nil, err
		}
		to, err := splitRef(e.ID, "target", e.Target)
		if err != nil {
			return nil, err
		}
		f.Edges = append(f.Edges, Edge{ID: e.ID, From: from, To: to})
	}
	return f, nil
}

func splitRef(edge, end, ref string) (PortRef, error) {
	i := strings.LastIndex(ref, ":")
	if i <= 0 || i == len(ref)-1 {
		return PortRef{}, fmt.Errorf("format version 1: edge %q: %s %q is not \"node:port\"", edge, end, ref)
	}
	return PortRef{Node: ref[:i], Port: ref[i+1:]}, nil
}
