package control

import (
	"encoding/json"
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

// integer reads an integer config value, which arrives as float64 (from
// JSON), json.Number or int.
func integer(cfg map[string]any, field string) (int64, error) {
	switch v := cfg[field].(type) {
	case nil:
		return 0, nil
	case float64:
		return int64(v), nil
	case int:
		return int64(v), nil
	case int64:
		return v, nil
	case json.Number:
		n, err := v.Int64()
		if err != nil {
			return 0, fmt.Errorf("field %q: %w", field, err)
		}
		return n, nil
	}
	return 0, fmt.Errorf("field %q: not an integer", field)
}

// millis reads an integer config value in milliseconds as a duration.
func millis(cfg map[string]any, field string) (time.Duration, error) {
	ms, err := integer(cfg, field)
	return time.Duration(ms) * time.Millisecond, err
}

// text reads an optional string config value.
func text(cfg map[string]any, field string) (string, error) {
	switch v := cfg[field].(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	}
	return "", fmt.Errorf("field %q: not a string", field)
}

// flag reads an optional boolean config value.
func flag(cfg map[string]any, field string) (bool, error) {
	switch v := cfg[field].(type) {
	case nil:
		return false, nil
	case bool:
		return v, nil
	}
	return false, fmt.Errorf("field %q: not a boolean", field)
}

func minimum(v float64) *float64 { return &v }
