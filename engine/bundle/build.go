package bundle

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/weftworks/weft/engine/buildinfo"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
)

// Meta is what the person building a bundle says about it.
type Meta struct {
	Name    string
	Version string
	// CreatedBy names the tool; empty means "weft <engine version>", which
	// Studio and the CLI both use so that their bundles are byte-identical.
	CreatedBy string
}

// Build makes an unsigned bundle of flows. The result depends only on the
// flows (in any order), meta and the engine version. Every flow must be
// valid for reg and hold no secret value.
func Build(flows []*flow.Flow, meta Meta, reg *registry.Registry) ([]byte, error) {
	if strings.TrimSpace(meta.Name) == "" || strings.TrimSpace(meta.Version) == "" {
		return nil, errors.New("a bundle needs a name and a version")
	}
	if len(flows) == 0 {
		return nil, errors.New("a bundle needs at least one flow")
	}
	sorted, err := checkFlows(flows, reg)
	if err != nil {
		return nil, err
	}
	m := &Manifest{FormatVersion: FormatVersion, Name: meta.Name, Version: meta.Version,
		EngineVersion: buildinfo.Version, CreatedBy: meta.CreatedBy, Files: map[string]string{}}
	if m.CreatedBy == "" {
		m.CreatedBy = "weft " + buildinfo.Version
	}
	entries := map[string][]byte{}
	for _, f := range sorted {
		data, err := flow.Encode(f)
		if err != nil {
			return nil, fmt.Errorf("flow %q: %w", f.ID, err)
		}
		file := flowDir + f.ID + flowExt
		entries[file] = data
		m.Files[file] = checksum(data)
		m.Flows = append(m.Flows, FlowEntry{ID: f.ID, Name: f.Name, File: file, SHA256: m.Files[file]})
	}
	if err := addRequirements(m, sorted, reg); err != nil {
		return nil, err
	}
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	entries[ManifestFile] = append(mb, '\n')
	return writeZip(entries)
}

// checkFlows refuses missing, duplicate or unsafe ids, invalid flows and
// secret values, and returns the flows sorted by id.
func checkFlows(flows []*flow.Flow, reg *registry.Registry) ([]*flow.Flow, error) {
	seen := map[string]bool{}
	for _, f := range flows {
		if f == nil {
			return nil, errors.New("nil flow")
		}
		if !safeID(f.ID) {
			return nil, fmt.Errorf("flow %q: a bundled flow needs an id of letters, digits, '-', '_' or '.'", f.ID)
		}
		if seen[f.ID] {
			return nil, fmt.Errorf("flow %q: two flows have this id", f.ID)
		}
		seen[f.ID] = true
		if err := validate(f, reg); err != nil {
			return nil, err
		}
		x, err := flow.ExpandSubflows(f)
		if err != nil {
			return nil, fmt.Errorf("flow %q: %w", f.ID, err)
		}
		if err := checkSecrets(x, reg); err != nil {
			return nil, err
		}
	}
	sorted := slices.Clone(flows)
	slices.SortFunc(sorted, func(a, b *flow.Flow) int { return strings.Compare(a.ID, b.ID) })
	return sorted, nil
}

func validate(f *flow.Flow, reg *registry.Registry) error {
	var msgs []string
	for _, p := range reg.Validate(f) {
		if p.Severity == "error" {
			msgs = append(msgs, p.String())
		}
	}
	if len(msgs) > 0 {
		return fmt.Errorf("flow %q is invalid: %s", f.ID, strings.Join(msgs, "; "))
	}
	return nil
}

// safeID reports whether id can name a file in the bundle.
func safeID(id string) bool {
	if id == "" || id == "." || id == ".." || len(id) > 128 {
		return false
	}
	for _, r := range id {
		ok := r == '-' || r == '_' || r == '.' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')
		if !ok {
			return false
		}
	}
	return true
}
