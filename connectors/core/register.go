package core

import (
	"fmt"

	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// Register adds the core node types to r.
func Register(r *registry.Registry) error {
	for _, t := range []struct {
		spec    spec.Spec
		factory registry.Factory
	}{
		{manualSpec(), newManual},
		{scriptSpec(), newScript},
		{mappingSpec(), newMapping},
		{debugSpec(), newDebug},
		{subflowSpec(), newSubflow},
	} {
		if err := r.Register(t.spec, t.factory); err != nil {
			return fmt.Errorf("core: %w", err)
		}
	}
	return nil
}
