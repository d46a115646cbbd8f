package format

import (
	"fmt"
	"maps"
	"strconv"

	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// RecordMeta is the metadata key holding a parsed record's 1-based number.
const RecordMeta = "format.record"

// Register adds the format node types to r.
func Register(r *registry.Registry) error {
	for _, t := range []struct {
		spec    spec.Spec
		factory registry.Factory
	}{
		{parseSpec(), newParse},
		{serializeSpec(), newSerialize},
	} {
		if err := r.Register(t.spec, t.factory); err != nil {
			return fmt.Errorf("format: %w", err)
		}
	}
	return nil
}

// record is a new message for the n-th record parsed from m.
func record(m *message.Message, rec any, n int) *message.Message {
	meta := maps.Clone(m.Meta)
	if meta == nil {
		meta = map[string]string{}
	}
	meta[RecordMeta] = strconv.Itoa(n)
	return &message.Message{ID: message.NewID(), Payload: rec, Meta: meta}
}
