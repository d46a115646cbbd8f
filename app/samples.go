package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/weftworks/weft/engine/format"
	"github.com/weftworks/weft/engine/store"
)

// Sample is a named sample set of one node of a flow.
type Sample = store.Sample

// ErrNoSamples is returned by SampleFromRun when the node received no
// message in that run (or only truncated ones).
var ErrNoSamples = errors.New("the node received no messages in that run")

// SaveSample stores a sample set (replacing one of the same name) and
// returns it with its time set.
func (s *Service) SaveSample(sm Sample) (Sample, error) {
	f, err := format.ParseFormat(sm.Format)
	if err != nil {
		return Sample{}, err
	}
	sm.Format = string(f)
	sm.Name = strings.TrimSpace(sm.Name)
	if _, err := s.store.Flow(sm.FlowID); err != nil {
		return Sample{}, fmt.Errorf("save sample: %w", err)
	}
	sm.UpdatedAt = s.now().UnixMilli()
	if err := s.store.SaveSample(sm); err != nil {
		return Sample{}, err
	}
	return sm, nil
}

// ListSamples lists a node's sample sets by name (every sample of the flow
// when nodeID is empty).
func (s *Service) ListSamples(flowID, nodeID string) ([]Sample, error) {
	return s.store.Samples(flowID, nodeID)
}

// DeleteSample removes a sample set.
func (s *Service) DeleteSample(flowID, nodeID, name string) error {
	return s.store.DeleteSample(flowID, nodeID, name)
}

// SampleFromRun returns the messages a node received in a run as a JSON
// array sample named after the run. It is not saved: the caller saves it
// (perhaps renamed) with SaveSample. Payloads the run record truncated are
// left out.
func (s *Service) SampleFromRun(runID, nodeID string) (Sample, error) {
	rec, err := s.GetRun(runID)
	if err != nil {
		return Sample{}, err
	}
	node, ok := rec.Nodes[nodeID]
	if !ok {
		return Sample{}, fmt.Errorf("run %s has no node %q: %w", runID, nodeID, ErrNotFound)
	}
	sm, err := jsonSample(rec.FlowID, nodeID, "run "+shortID(runID), node.Received, "")
	if err != nil {
		return Sample{}, fmt.Errorf("run %s, node %q: %w", runID, nodeID, err)
	}
	sm.UpdatedAt = rec.StartedAt
	return sm, nil
}

func jsonIndent(v any) (string, error) {
	text, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return "", err
	}
	return string(text) + "\n", nil
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
