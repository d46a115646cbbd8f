package sql

import (
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
