package app

import (
	"fmt"

	"github.com/weftworks/weft/engine/flow"
)

// VersionDiff lists what version of flow id changed from the version
// before it (from nothing, for version 1): the semantic diff `weft diff`
// prints, positions ignored.
func (s *Service) VersionDiff(id string, version int) ([]string, error) {
	to, err := s.store.FlowVersion(id, version)
	if err != nil {
		return nil, err
	}
	from := &flow.Flow{}
	if version > 1 {
		if from, err = s.store.FlowVersion(id, version-1); err != nil {
			return nil, err
		}
	}
	lines := flow.Diff(from, to)
	if lines == nil {
		lines = []string{}
	}
	return lines, nil
}

// RestoreVersion saves version of flow id again as its newest version, so
// restoring keeps every version in between. Restoring a version equal to
// the current flow records nothing.
func (s *Service) RestoreVersion(id string, version int) (SaveResult, error) {
	f, err := s.store.FlowVersion(id, version)
	if err != nil {
		return SaveResult{}, err
	}
	res, err := s.SaveFlow(*f)
	if err != nil {
		return SaveResult{}, fmt.Errorf("restore version %d: %w", version, err)
	}
	return res, nil
}
