package main

import (
	"io"

	"bytes"
	"fmt"
	"github.com/weftworks/weft/engine/runtime"
	"os"
	"strings"

	"github.com/weftworks/weft/engine/bundle"
	"github.com/weftworks/weft/engine/flow"
)

// namedFlow is a flow and the name messages use for it: the file path, or
// "bundle.weft#flowID" for a flow inside a bundle.
type namedFlow struct {
	name string
	flow *flow.Flow
}

// isBundle reports whether data is a zip archive, as every .weft file is.
func isBundle(data []byte) bool {
	return bytes.HasPrefix(data, []byte("PK\x03\x04"))
}

// loadBundle reads and checks a .weft file.
func loadBundle(path string) (*bundle.Bundle, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	b, err := bundle.Read(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// loadFlows returns the flows of a flow file or of a bundle.
func loadFlows(path string) ([]namedFlow, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !isBundle(data) {
		f, err := loadFlow(path)
		if err != nil {
			return nil, err
		}
		return []namedFlow{{name: path, flow: f}}, nil
	}
	b, err := bundle.Read(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := make([]namedFlow, 0, len(b.Flows))
	for _, f := range b.Flows {
		out = append(out, namedFlow{name: path + "#" + f.ID, flow: f})
	}
	return out, nil
}

// runnableFlow picks the flow weft run runs: the flow of a flow file, the
// only flow of a bundle, or the one --flow names. With a public key, the
// file must be a bundle whose signature matches it.
func runnableFlow(path, flowID, pubPath string) (namedFlow, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return namedFlow{}, err
	}
	if !isBundle(data) {
		if pubPath != "" {
			return namedFlow{}, &exitError{code: 1, msg: fmt.Sprintf("%s: --require-signature needs a signed .weft bundle, not a flow file", path)}
		}
		f, err := loadFlow(path)
		return namedFlow{name: path, flow: f}, err
	}
	b, err := loadBundle(path)
	if err != nil {
		return namedFlow{}, err
	}
	if err := requireSignature(b, path, pubPath); err != nil {
		return namedFlow{}, err
	}
	return pickFlow(b, path, flowID)
}

func requireSignature(b *bundle.Bundle, path, pubPath string) error {
	if pubPath == "" {
		return nil
	}
	pub, err := bundle.LoadPublicKey(pubPath)
	if err != nil {
		return err
	}
	if err := b.Verify(pub); err != nil {
		return &exitError{code: 1, msg: fmt.Sprintf("%s: %v; not running it", path, err)}
	}
	return nil
}

func pickFlow(b *bundle.Bundle, path, flowID string) (namedFlow, error) {
	if flowID == "" && len(b.Flows) == 1 {
		flowID = b.Flows[0].ID
	}
	if flowID == "" {
		var ids []string
		for _, f := range b.Flows {
			ids = append(ids, f.ID)
		}
		return namedFlow{}, &exitError{code: 2, msg: fmt.Sprintf("%s holds %d flows (%s); choose one with --flow ID",
			path, len(ids), strings.Join(ids, ", "))}
	}
	f := b.Flow(flowID)
	if f == nil {
		return namedFlow{}, &exitError{code: 2, msg: fmt.Sprintf("%s: no flow %q", path, flowID)}
	}
	return namedFlow{name: path + "#" + f.ID, flow: f}, nil
}

// compileRunnable loads the flow weft run runs (see runnableFlow) and
// compiles it.
func compileRunnable(path string, rf runFlags, stderr io.Writer) (*runtime.Plan, *flow.Flow, error) {
	nf, err := runnableFlow(path, rf.flowID, rf.pubKey)
	if err != nil {
		return nil, nil, err
	}
	return compileFlow(nf, stderr)
}
