package runner

import (
	"fmt"
	"os"

	"github.com/weftworks/weft/engine/bundle"
	"github.com/weftworks/weft/engine/flow"
)

// diffSide is one side of Diff: a bundle or a flow file.
type diffSide struct {
	manifest *bundle.Manifest // nil for a flow file
	flows    []*flow.Flow
}

// Diff lists what changed from the bundle or flow file at pathA to the
// one at pathB (canvas positions are ignored): two flow files are
// compared directly, whatever their ids; otherwise the bundles' names and
// versions, then their flows by id (added, removed, changed).
func Diff(pathA, pathB string) ([]string, error) {
	a, err := loadSide(pathA)
	if err != nil {
		return nil, err
	}
	b, err := loadSide(pathB)
	if err != nil {
		return nil, err
	}
	return diffSides(a, b), nil
}

func loadSide(path string) (diffSide, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return diffSide{}, err
	}
	if !IsBundle(data) {
		f, err := LoadFlow(path)
		return diffSide{flows: []*flow.Flow{f}}, err
	}
	b, err := bundle.Read(data)
	if err != nil {
		return diffSide{}, fmt.Errorf("%s: %w", path, err)
	}
	return diffSide{manifest: b.Manifest, flows: b.Flows}, nil
}

// diffSides compares two flow files directly (whatever their ids), and
// otherwise the bundles' metadata and their flows by id.
func diffSides(a, b diffSide) []string {
	if a.manifest == nil && b.manifest == nil {
		return flow.Diff(a.flows[0], b.flows[0])
	}
	var out []string
	if a.manifest != nil && b.manifest != nil {
		ma, mb := a.manifest, b.manifest
		if ma.Name != mb.Name || ma.Version != mb.Version {
			out = append(out, fmt.Sprintf("bundle %s %s → %s %s", ma.Name, ma.Version, mb.Name, mb.Version))
		}
	}
	old := map[string]*flow.Flow{}
	for _, f := range a.flows {
		old[f.ID] = f
	}
	seen := map[string]bool{}
	for _, f := range b.flows {
		seen[f.ID] = true
		o, ok := old[f.ID]
		if !ok {
			out = append(out, fmt.Sprintf("+ flow %s (%d nodes)", f.ID, len(f.Nodes)))
			continue
		}
		for _, l := range flow.Diff(o, f) {
			out = append(out, fmt.Sprintf("flow %s: %s", f.ID, l))
		}
	}
	for _, f := range a.flows {
		if !seen[f.ID] {
			out = append(out, fmt.Sprintf("- flow %s (%d nodes)", f.ID, len(f.Nodes)))
		}
	}
	return out
}
