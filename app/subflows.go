package app

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/store"
)

// ListSubflows returns the subflow definitions the saved flows carry, for
// the palette: one per id, the highest version (on a tie, the one in the
// most recently saved flow), sorted by name then id. The subflows a
// definition uses are in the list too.
func (s *Service) ListSubflows() ([]flow.Subflow, error) {
	infos, err := s.store.Flows()
	if err != nil {
		return nil, err
	}
	slices.SortFunc(infos, func(a, b store.FlowInfo) int { return cmp.Compare(b.UpdatedAt, a.UpdatedAt) })
	best := map[string]flow.Subflow{}
	for _, info := range infos {
		f, err := s.store.Flow(info.ID)
		if err != nil {
			return nil, fmt.Errorf("flow %q: %w", info.ID, err)
		}
		for _, d := range f.Subflows {
			if have, ok := best[d.ID]; !ok || d.Version > have.Version {
				best[d.ID] = d
			}
		}
	}
	out := make([]flow.Subflow, 0, len(best))
	for _, d := range best {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b flow.Subflow) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	return out, nil
}

// expanded is f with its subflows inlined (registry.ExpandSubflows), so
// that nodes inside them ("s1/n2") can be found; f itself when it cannot
// be expanded (validation reports why).
func (s *Service) expanded(f *flow.Flow) *flow.Flow {
	if x, err := s.reg.ExpandSubflows(f); err == nil {
		return x
	}
	return f
}
