package runner

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/weftworks/weft/engine/bundle"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
)

// ErrUsage is wrapped by the errors that are the caller's wrong
// arguments rather than a failure (a bundle of several flows run without
// choosing one).
var ErrUsage = errors.New("usage")

// usageError is an ErrUsage with its own message.
type usageError struct{ msg string }

func (e *usageError) Error() string        { return e.msg }
func (e *usageError) Is(target error) bool { return target == ErrUsage }

// NamedFlow is a flow and the name messages use for it: the file path, or
// "bundle.weft#flowID" for a flow inside a bundle.
type NamedFlow struct {
	Name string
	Flow *flow.Flow
}

// IsBundle reports whether data is a zip archive, as every .weft file is.
func IsBundle(data []byte) bool {
	return bytes.HasPrefix(data, []byte("PK\x03\x04"))
}

// LoadBundle reads and checks a .weft file.
func LoadBundle(path string) (*bundle.Bundle, error) {
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

// LoadFlows returns the flows of a flow file or of a bundle.
func LoadFlows(path string) ([]NamedFlow, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !IsBundle(data) {
		f, err := LoadFlow(path)
		if err != nil {
			return nil, err
		}
		return []NamedFlow{{Name: path, Flow: f}}, nil
	}
	b, err := bundle.Read(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := make([]NamedFlow, 0, len(b.Flows))
	for _, f := range b.Flows {
		out = append(out, NamedFlow{Name: path + "#" + f.ID, Flow: f})
	}
	return out, nil
}

// LoadFlow reads and decodes a flow file; errors name the file, and for a
// malformed file the line and column.
func LoadFlow(path string) (*flow.Flow, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := flow.Decode(data)
	if err != nil {
		var syn *flow.SyntaxError
		if errors.As(err, &syn) {
			return nil, fmt.Errorf("%s:%d:%d: %s", path, syn.Line, syn.Column, syn.Msg)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// Runnable picks the flow weft run runs: the flow of a flow file, the only
// flow of a bundle, or the one flowID names. With a public key file, the
// file must be a bundle whose signature matches it.
func Runnable(path, flowID, pubPath string) (NamedFlow, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return NamedFlow{}, err
	}
	if !IsBundle(data) {
		if pubPath != "" {
			return NamedFlow{}, fmt.Errorf("%s: --require-signature needs a signed .weft bundle, not a flow file", path)
		}
		f, err := LoadFlow(path)
		return NamedFlow{Name: path, Flow: f}, err
	}
	b, err := LoadBundle(path)
	if err != nil {
		return NamedFlow{}, err
	}
	if err := requireSignature(b, path, pubPath); err != nil {
		return NamedFlow{}, err
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
		return fmt.Errorf("%s: %v; not running it", path, err)
	}
	return nil
}

func pickFlow(b *bundle.Bundle, path, flowID string) (NamedFlow, error) {
	if flowID == "" && len(b.Flows) == 1 {
		flowID = b.Flows[0].ID
	}
	if flowID == "" {
		var ids []string
		for _, f := range b.Flows {
			ids = append(ids, f.ID)
		}
		return NamedFlow{}, &usageError{fmt.Sprintf("%s holds %d flows (%s); choose one with --flow ID",
			path, len(ids), strings.Join(ids, ", "))}
	}
	f := b.Flow(flowID)
	if f == nil {
		return NamedFlow{}, &usageError{fmt.Sprintf("%s: no flow %q", path, flowID)}
	}
	return NamedFlow{Name: path + "#" + f.ID, Flow: f}, nil
}

// Compile compiles a loaded flow, printing every problem of an invalid
// one to problems.
func Compile(nf NamedFlow, reg *registry.Registry, problems io.Writer) (*runtime.Plan, error) {
	plan, err := runtime.Compile(nf.Flow, reg)
	var invalid *runtime.InvalidFlowError
	if errors.As(err, &invalid) {
		PrintProblems(problems, nf.Name, invalid.Problems)
		return nil, fmt.Errorf("%s: the flow is invalid; not running it", nf.Name)
	}
	return plan, err
}

// PrintProblems prints one line per problem, prefixed with the flow's
// name.
func PrintProblems(w io.Writer, name string, problems []flow.Problem) {
	for _, p := range problems {
		fmt.Fprintf(w, "%s: %s\n", name, p.String())
	}
}
