package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/weftworks/weft/app/runner"
	"github.com/weftworks/weft/engine/bundle"
	"github.com/weftworks/weft/engine/flow"
)

// diffSide is one argument of weft diff: a bundle or a flow file.
type diffSide struct {
	manifest *bundle.Manifest // nil for a flow file
	flows    []*flow.Flow
}

// cmdDiff prints what changed between two bundles or flow files. It exits
// 0 whether or not something changed; only errors fail.
func cmdDiff(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: weft diff A B   (each a .weft bundle or a flow file; canvas positions are ignored)")
	}
	pos, err := parseCommand(fs, args, func(pos []string) bool { return len(pos) != 2 })
	if err != nil {
		return err
	}
	a, err := loadSide(pos[0])
	if err != nil {
		return err
	}
	b, err := loadSide(pos[1])
	if err != nil {
		return err
	}
	lines := diffSides(a, b)
	if len(lines) == 0 {
		fmt.Fprintln(stdout, "no changes")
	}
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	return nil
}

func loadSide(path string) (diffSide, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return diffSide{}, err
	}
	if !runner.IsBundle(data) {
		f, err := runner.LoadFlow(path)
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
