package control

import (
	"fmt"
	"time"

	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// Register adds the control node types to r.
func Register(r *registry.Registry) error {
	for _, t := range []struct {
		spec    spec.Spec
		factory registry.Factory
	}{
		{filterSpec(), newFilter},
		{switchSpec(), newSwitch},
		{splitSpec(), newSplit},
		{aggregateSpec(), newAggregate},
		{joinSpec(), newJoin},
		{delaySpec(), newDelay},
		{rateLimitSpec(), newRateLimit},
		{dedupeSpec(), newDedupe},
		{catchSpec(), newCatch},
	} {
		if err := r.Register(t.spec, t.factory); err != nil {
			return fmt.Errorf("control: %w", err)
		}
	}
	return nil
}

// millis reads an integer config value in milliseconds as a duration.
func millis(cfg map[string]any, field string) (time.Duration, error) {
	ms, err := spec.Int(cfg, field)
	return time.Duration(ms) * time.Millisecond, err
}

func minimum(v float64) *float64 { return &v }
