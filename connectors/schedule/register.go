package schedule

import (
	"fmt"

	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// Register adds the schedule node types to r.
func Register(r *registry.Registry) error {
	for _, t := range []struct {
		spec    spec.Spec
		factory registry.Factory
	}{
		{scheduleSpec(), newSchedule},
	} {
		if err := r.Register(t.spec, t.factory); err != nil {
			return fmt.Errorf("schedule: %w", err)
		}
	}
	return nil
}
