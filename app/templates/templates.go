package templates

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/weftworks/weft/engine/flow"
)

//go:embed index.json flows/*.flow.json
var files embed.FS

// ErrUnknown is returned for a template id the gallery does not hold.
var ErrUnknown = errors.New("no such template")

// Template describes one gallery entry.
type Template struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Category    string `json:"category"`
	// Nodes is the node types of the flow, in flow order, for the card.
	Nodes []string `json:"nodes"`
}

type indexEntry struct {
	ID       string `json:"id"`
	Category string `json:"category"`
}

// List returns every template in gallery order.
func List() ([]Template, error) {
	raw, err := files.ReadFile("index.json")
	if err != nil {
		return nil, err
	}
	var index []indexEntry
	if err := json.Unmarshal(raw, &index); err != nil {
		return nil, fmt.Errorf("templates index: %w", err)
	}
	out := make([]Template, 0, len(index))
	for _, e := range index {
		f, err := Flow(e.ID)
		if err != nil {
			return nil, err
		}
		t := Template{ID: e.ID, Name: f.Name, Description: f.Description, Category: e.Category, Nodes: []string{}}
		for _, n := range f.Nodes {
			t.Nodes = append(t.Nodes, n.Type)
		}
		out = append(out, t)
	}
	return out, nil
}

// Flow returns a fresh copy of the template's flow; its id is the
// template id, which callers replace before saving a flow made from it.
func Flow(id string) (*flow.Flow, error) {
	raw, err := files.ReadFile("flows/" + id + ".flow.json")
	if err != nil {
		return nil, fmt.Errorf("template %q: %w", id, ErrUnknown)
	}
	f, err := flow.Decode(raw)
	if err != nil {
		return nil, fmt.Errorf("template %q: %w", id, err)
	}
	return f, nil
}
