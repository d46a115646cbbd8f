package file

import (
	"fmt"
	"maps"
	"strconv"
	"strings"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// Metadata keys the file nodes set.
const (
	// PathMeta is the file a message was read from, written to or is about.
	PathMeta = "file.path"
	// RecordMeta is the 1-based number of a record or line read from a file.
	RecordMeta = "file.record"
)

// Register adds the file node types to r.
func Register(r *registry.Registry) error {
	for _, t := range []struct {
		spec    spec.Spec
		factory registry.Factory
	}{
		{watchSpec(), newWatch},
		{readSpec(), newRead},
		{writeSpec(), newWrite},
	} {
		if err := r.Register(t.spec, t.factory); err != nil {
			return fmt.Errorf("file: %w", err)
		}
	}
	return nil
}

// expand fills {{field.path}} and {{meta.key}} templates in s from m.
func expand(s string, m *message.Message) (string, error) {
	var b strings.Builder
	for {
		before, rest, ok := strings.Cut(s, "{{")
		b.WriteString(before)
		if !ok {
			return b.String(), nil
		}
		name, after, ok := strings.Cut(rest, "}}")
		if !ok {
			return "", fmt.Errorf("template %q: {{ without }}", s)
		}
		v, err := lookup(strings.TrimSpace(name), m)
		if err != nil {
			return "", err
		}
		b.WriteString(v)
		s = after
	}
}

func lookup(name string, m *message.Message) (string, error) {
	if key, ok := strings.CutPrefix(name, "meta."); ok {
		if v, ok := m.Meta[key]; ok {
			return v, nil
		}
		return "", fmt.Errorf("template {{%s}}: the message has no metadata %q", name, key)
	}
	v := m.Payload
	for _, k := range strings.Split(name, ".") {
		if !jsoncodec.IsObject(v) {
			return "", fmt.Errorf("template {{%s}}: the payload has no field %q", name, name)
		}
		v, _ = jsoncodec.Lookup(v, k)
	}
	switch t := v.(type) {
	case string:
		if t != "" {
			return t, nil
		}
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(t), nil
	}
	return "", fmt.Errorf("template {{%s}}: the payload field %q is empty or not text", name, name)
}

// derived is a new message for something read from path on behalf of m.
func derived(m *message.Message, payload any, path string, n int) *message.Message {
	meta := maps.Clone(m.Meta)
	if meta == nil {
		meta = map[string]string{}
	}
	meta[PathMeta] = path
	if n > 0 {
		meta[RecordMeta] = strconv.Itoa(n)
	}
	return &message.Message{ID: message.NewID(), Payload: payload, Meta: meta}
}
