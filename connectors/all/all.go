package all

import (
	"github.com/weftworks/weft/connectors/core"
	"github.com/weftworks/weft/engine/registry"
)

// families lists the connector families the binaries ship.
var families = []func(*registry.Registry) error{
	core.Register,
}

// Registry returns a fresh registry holding every shipped node type.
func Registry() (*registry.Registry, error) {
	r := registry.New()
	for _, register := range families {
		if err := register(r); err != nil {
			return nil, err
		}
	}
	return r, nil
}
