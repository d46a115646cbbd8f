package sql

import (
	"encoding/json"
	"fmt"

	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// Register adds the database node types to r.
func Register(r *registry.Registry) error {
	for _, t := range []struct {
		spec    spec.Spec
		factory registry.Factory
	}{
		{querySpec(), newQuery},
		{insertSpec(), newInsert},
		{upsertSpec(), newUpsert},
		{executeSpec(), newExecute},
	} {
		if err := r.Register(t.spec, t.factory); err != nil {
			return fmt.Errorf("sql: %w", err)
		}
	}
	return nil
}

// integer reads an integer config value, which arrives as float64 (from
// JSON), json.Number or int.
func integer(cfg map[string]any, field string) (int64, error) {
	switch v := cfg[field].(type) {
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

// stringList reads an optional array-of-strings config value.
func stringList(cfg map[string]any, field string) ([]string, error) {
	switch v := cfg[field].(type) {
	case nil:
		return nil, nil
	case []string:
		return v, nil
	case []any:
		out := make([]string, len(v))
		for i, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("field %q: element %d is not a string", field, i+1)
			}
			out[i] = s
		}
		return out, nil
	}
	return nil, fmt.Errorf("field %q: not a list of strings", field)
}
