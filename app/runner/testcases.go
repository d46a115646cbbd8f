package runner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/weftworks/weft/engine/mapping"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// Suite is the test cases of one mapping, run: a mapping file's, or those
// of one mapping field of a flow's node.
type Suite struct {
	// Name is the file path, or "<flow name>#<node id>".
	Name    string
	Results []mapping.TestResult
}

// LoadMapping reads and decodes a mapping file; errors name the file, and
// for a malformed file the line and column.
func LoadMapping(path string) (*mapping.Mapping, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m, err := mapping.Decode(data)
	if err != nil {
		var syn *mapping.SyntaxError
		if errors.As(err, &syn) {
			return nil, fmt.Errorf("%s:%d:%d: %s", path, syn.Line, syn.Column, syn.Msg)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Suites runs the mapping test cases of a bundle, of a flow file (a JSON
// object with "nodes") or of a mapping file.
func Suites(ctx context.Context, path string, reg *registry.Registry) ([]Suite, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var probe map[string]json.RawMessage
	if IsBundle(data) || (json.Unmarshal(data, &probe) == nil && probe["nodes"] != nil) {
		return flowSuites(ctx, path, reg)
	}
	m, err := LoadMapping(path)
	if err != nil {
		return nil, err
	}
	return []Suite{{Name: path, Results: mapping.RunTests(ctx, m)}}, nil
}

// flowSuites runs the tests of every mapping a node of the flow file, or
// of every flow of the bundle, holds: the config fields its spec edits
// with the mapping editor (core.mapping's "mapping"), those inside
// subflows too. Suites are named "<flow name>#<node id>".
func flowSuites(ctx context.Context, path string, reg *registry.Registry) ([]Suite, error) {
	flows, err := LoadFlows(path)
	if err != nil {
		return nil, err
	}
	var suites []Suite
	for _, nf := range flows {
		fl := nf.Flow
		if x, err := reg.ExpandSubflows(fl); err == nil {
			fl = x // mappings inside subflows are tested as "<flow>#<subflow node>/<node>"
		}
		for _, n := range fl.Nodes {
			s, _ := reg.Spec(n.Type)
			for _, f := range s.Config {
				if f.Editor != spec.EditorMapping {
					continue
				}
				m, err := mapping.FromValue(n.Config[f.Name])
				if err != nil {
					return nil, fmt.Errorf("%s: node %q: %w", nf.Name, n.ID, err)
				}
				suites = append(suites, Suite{Name: nf.Name + "#" + n.ID, Results: mapping.RunTests(ctx, m)})
			}
		}
	}
	return suites, nil
}
