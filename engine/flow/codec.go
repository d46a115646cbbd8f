package flow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Decode reads a flow file of any format version from 1 to FormatVersion,
// upgrading older versions through their migrations. Malformed JSON and
// values of the wrong type give *SyntaxError with the line and column; a
// missing formatVersion gives ErrNoFormatVersion; a version this build
// cannot read gives an error wrapping ErrUnsupportedVersion. Unknown keys
// are ignored. The result has FormatVersion set to FormatVersion and
// non-nil Nodes and Edges.
func Decode(data []byte) (*Flow, error) {
	var head struct {
		FormatVersion *int `json:"formatVersion"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, jsonError(data, err)
	}
	if head.FormatVersion == nil {
		return nil, ErrNoFormatVersion
	}
	v := *head.FormatVersion
	read, ok := readers[v]
	switch {
	case v > FormatVersion:
		return nil, fmt.Errorf("%w %d: the file was written by a newer Weft (this one reads versions 1 to %d); upgrade Weft to open it",
			ErrUnsupportedVersion, v, FormatVersion)
	case !ok:
		return nil, fmt.Errorf("%w %d: versions start at 1", ErrUnsupportedVersion, v)
	}
	f, err := read(data)
	if err != nil {
		return nil, err
	}
	f.FormatVersion = FormatVersion
	if f.Nodes == nil {
		f.Nodes = []Node{}
	}
	if f.Edges == nil {
		f.Edges = []Edge{}
	}
	return f, nil
}

// readCurrent decodes a file in the current format.
func readCurrent(data []byte) (*Flow, error) {
	var f Flow
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, jsonError(data, err)
	}
	return &f, nil
}

// Encode writes f canonically in the current format version (whatever
// f.FormatVersion says): keys in struct order, map keys sorted, two-space
// indent, a trailing newline, and "layout" last with each node's position
// on one line. Nodes, edges and subflows keep their order; "subflows" is
// left out when there are none. It fails only for values
// JSON cannot hold, such as NaN.
func Encode(f *Flow) ([]byte, error) {
	type member struct {
		key   string
		value any
	}
	members := []member{{"formatVersion", FormatVersion}, {"id", f.ID}, {"name", f.Name}}
	if f.Description != "" {
		members = append(members, member{"description", f.Description})
	}
	members = append(members, member{"nodes", nonNil(f.Nodes)}, member{"edges", nonNil(f.Edges)})
	if len(f.Subflows) > 0 {
		members = append(members, member{"subflows", f.Subflows})
	}
	parts := make([]string, 0, len(members)+1)
	for _, m := range members {
		raw, err := marshal(m.value, "  ")
		if err != nil {
			return nil, fmt.Errorf("encode flow %q: %s: %w", f.ID, m.key, err)
		}
		parts = append(parts, fmt.Sprintf("  %q: %s", m.key, raw))
	}
	if len(f.Layout) > 0 {
		layout, err := encodeLayout(f.Layout)
		if err != nil {
			return nil, fmt.Errorf("encode flow %q: layout: %w", f.ID, err)
		}
		parts = append(parts, `  "layout": `+layout)
	}
	return []byte("{\n" + strings.Join(parts, ",\n") + "\n}\n"), nil
}

// encodeLayout writes one line per node: "n1": {"x": 120, "y": 80}.
func encodeLayout(layout map[string]Position) (string, error) {
	ids := make([]string, 0, len(layout))
	for id := range layout {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	lines := make([]string, len(ids))
	for i, id := range ids {
		key, _ := marshal(id, "")
		x, err := marshal(layout[id].X, "")
		if err != nil {
			return "", fmt.Errorf("%s: %w", key, err)
		}
		y, err := marshal(layout[id].Y, "")
		if err != nil {
			return "", fmt.Errorf("%s: %w", key, err)
		}
		lines[i] = fmt.Sprintf(`    %s: {"x": %s, "y": %s}`, key, x, y)
	}
	return "{\n" + strings.Join(lines, ",\n") + "\n  }", nil
}

// marshal encodes v indented with prefix, without HTML escaping (scripts
// keep their && and <) and without the trailing newline.
func marshal(v any, prefix string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if prefix != "" {
		enc.SetIndent(prefix, "  ")
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
