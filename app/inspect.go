package app

import (
	"errors"
	"fmt"
	"strings"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/format"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/store"
)

// RunFilter narrows a flow's run history. Zero fields do not filter.
type RunFilter struct {
	// Status keeps runs with this status ("succeeded", "failed",
	// "cancelled", "running").
	Status string `json:"status"`
	// From and To keep runs started in [From, To], Unix milliseconds.
	From int64 `json:"from"`
	To   int64 `json:"to"`
	// Limit is the most runs returned, newest first (DefaultRunLimit when
	// 0, at most MaxRunLimit).
	Limit int `json:"limit"`
}

// Run history limits.
const (
	DefaultRunLimit = 200
	MaxRunLimit     = 5000
)

// ErrPinnedNotFound is returned by RunFrom when the node has no sample of
// that name.
var ErrPinnedNotFound = errors.New("the node has no sample of that name")

// FindRuns returns a flow's runs that match filter, newest first.
func (s *Service) FindRuns(flowID string, filter RunFilter) ([]store.RunInfo, error) {
	switch filter.Status {
	case "", runtime.StatusRunning, runtime.StatusSucceeded, runtime.StatusFailed, runtime.StatusCancelled:
	default:
		return nil, fmt.Errorf("unknown run status %q: use running, succeeded, failed or cancelled", filter.Status)
	}
	limit := filter.Limit
	if limit <= 0 {
		limit = DefaultRunLimit
	}
	limit = min(limit, MaxRunLimit)
	runs := []store.RunInfo{}
	err := s.store.WalkRuns(flowID, func(r store.RunInfo) bool {
		if filter.From != 0 && r.StartedAt < filter.From {
			return false // newest first: every later run is older still
		}
		if (filter.Status == "" || r.Status == filter.Status) && (filter.To == 0 || r.StartedAt <= filter.To) {
			runs = append(runs, r)
		}
		return len(runs) < limit
	})
	if err != nil {
		return nil, err
	}
	return runs, nil
}

// PinOutput saves what a node emitted in a run as sample data of the nodes
// it feeds: each node wired to one of its output ports (its error port
// aside; inside subflows, wires as the run had them) gets a JSON sample named "pinned <nodeID>" holding the messages
// that left that port. It returns the saved samples. Payloads the run
// record truncated are left out.
func (s *Service) PinOutput(runID, nodeID string) ([]Sample, error) {
	rec, err := s.GetRun(runID)
	if err != nil {
		return nil, err
	}
	node, ok := rec.Nodes[nodeID]
	if !ok {
		return nil, fmt.Errorf("run %s has no node %q: %w", runID, nodeID, ErrNotFound)
	}
	f, err := s.store.Flow(rec.FlowID)
	if err != nil {
		return nil, err
	}
	saved := []Sample{}
	for _, e := range s.expanded(f).Edges {
		if e.From.Node != nodeID || e.From.Port == flow.ErrorPort {
			continue
		}
		sm, err := jsonSample(rec.FlowID, e.To.Node, "pinned "+nodeID, node.Emitted, e.From.Port)
		if errors.Is(err, ErrNoSamples) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if sm, err = s.SaveSample(sm); err != nil {
			return nil, err
		}
		saved = append(saved, sm)
	}
	if len(saved) == 0 {
		return nil, fmt.Errorf("run %s, node %q: it emitted no whole message to a wired port", runID, nodeID)
	}
	return saved, nil
}

// jsonSample makes a JSON array sample of the whole payloads of list (those
// seen at port, or all when port is empty). It gives ErrNoSamples when
// none is left.
func jsonSample(flowID, nodeID, name string, list []runtime.Sample, port string) (Sample, error) {
	payloads := []any{}
	for _, m := range list {
		if !m.Truncated && (port == "" || m.Port == port) {
			payloads = append(payloads, m.Payload)
		}
	}
	if len(payloads) == 0 {
		return Sample{}, ErrNoSamples
	}
	text, err := jsonIndent(payloads)
	if err != nil {
		return Sample{}, err
	}
	return Sample{FlowID: flowID, NodeID: nodeID, Name: name, Format: string(format.FormatJSON), Text: text}, nil
}

// RunFrom starts a run of the saved flow from one node: the node receives
// the records of its sample sampleName (on its first input port), and only
// it and the nodes downstream of it run. It returns the run id at once,
// like StartRun.
func (s *Service) RunFrom(flowID, nodeID, sampleName string) (string, error) {
	f, err := s.store.Flow(flowID)
	if err != nil {
		return "", err
	}
	inputs, err := s.pinnedInputs(f, nodeID, sampleName)
	if err != nil {
		return "", err
	}
	plan, err := runtime.CompileFrom(f, s.reg, nodeID, inputs)
	if err != nil {
		return "", err
	}
	return s.launch(flowID, plan), nil
}

// pinnedInputs reads a node's sample as messages for its first input port.
func (s *Service) pinnedInputs(f *flow.Flow, nodeID, sampleName string) ([]registry.Input, error) {
	var port string
	for _, n := range s.expanded(f).Nodes {
		if n.ID != nodeID {
			continue
		}
		sp, ok := s.reg.Spec(n.Type)
		if !ok || len(sp.Inputs) == 0 {
			return nil, fmt.Errorf("node %q has no input to re-run it from: run the whole flow instead", nodeID)
		}
		port = sp.Inputs[0].Name
	}
	if port == "" {
		return nil, fmt.Errorf("flow %q has no node %q: %w", f.ID, nodeID, ErrNotFound)
	}
	samples, err := s.store.Samples(f.ID, nodeID)
	if err != nil {
		return nil, err
	}
	for _, sm := range samples {
		if sm.Name == sampleName {
			return sampleInputs(sm, port)
		}
	}
	return nil, fmt.Errorf("node %q, sample %q: %w", nodeID, sampleName, ErrPinnedNotFound)
}

func sampleInputs(sm Sample, port string) ([]registry.Input, error) {
	f, err := format.ParseFormat(sm.Format)
	if err != nil {
		return nil, err
	}
	r, err := format.NewOrderedReader(strings.NewReader(sm.Text), f)
	if err != nil {
		return nil, err
	}
	records, err := format.ReadAll(r, MaxPreviewLimit)
	if err != nil {
		return nil, fmt.Errorf("sample %q: %w", sm.Name, err)
	}
	inputs := make([]registry.Input, len(records))
	for i, rec := range records {
		inputs[i] = registry.Input{Port: port, Msg: message.New(rec)}
	}
	return inputs, nil
}
