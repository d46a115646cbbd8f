package all

import (
	"github.com/weftworks/weft/connectors/control"
	"github.com/weftworks/weft/connectors/core"
	fileconn "github.com/weftworks/weft/connectors/file"
	formatconn "github.com/weftworks/weft/connectors/format"
	httpconn "github.com/weftworks/weft/connectors/http"
	"github.com/weftworks/weft/connectors/queue"
	"github.com/weftworks/weft/connectors/schedule"
	sqlconn "github.com/weftworks/weft/connectors/sql"
	"github.com/weftworks/weft/engine/registry"
)

// families lists the connector families the binaries ship.
var families = []func(*registry.Registry) error{
	core.Register,
	fileconn.Register,
	formatconn.Register,
	schedule.Register,
	control.Register,
	sqlconn.Register,
	httpconn.Register,
	queue.Register,
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
