package mapping

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// SchemaField is one path of an inferred schema: the JSON types seen there
// ("string", "number", "integer", "boolean", "object", "array", "null"),
// whether it was null or missing in some record that had its parent, and
// up to three distinct example scalars.
type SchemaField struct {
	Path     string   `json:"path"`
	Types    []string `json:"types"`
	Nullable bool     `json:"nullable"`
	Examples []any    `json:"examples"`
}

// maxExamples bounds SchemaField.Examples.
const maxExamples = 3

// Infer walks records and returns every path seen, in first-seen order
// (object keys sorted): "customer", "customer.email", "items",
// "items[*].sku". Numbers that are whole are "integer"; an array's
// elements are merged under "[*]".
func Infer(records []any) []SchemaField {
	inf := &inferrer{byPath: map[string]*fieldStats{}}
	for _, r := range records {
		inf.walk("", r)
	}
	out := make([]SchemaField, 0, len(inf.order))
	for _, p := range inf.order {
		s := inf.byPath[p]
		if s.seen < s.parents {
			s.nullable = true
		}
		types := s.types
		if slices.Contains(types, "number") {
			types = slices.DeleteFunc(slices.Clone(types), func(t string) bool { return t == "integer" })
		}
		ex := s.examples
		if ex == nil {
			ex = []any{}
		}
		out = append(out, SchemaField{Path: p, Types: types, Nullable: s.nullable, Examples: ex})
	}
	return out
}

type fieldStats struct {
	types    []string
	nullable bool
	examples []any
	seen     int // records or elements where the path was present
	parents  int // how often its parent object was seen
}

type inferrer struct {
	byPath map[string]*fieldStats
	order  []string
}

func (inf *inferrer) stats(path string) *fieldStats {
	s := inf.byPath[path]
	if s == nil {
		s = &fieldStats{}
		inf.byPath[path] = s
		inf.order = append(inf.order, path)
	}
	return s
}

// walk records v at path (the root when path is "") and descends.
func (inf *inferrer) walk(path string, v any) {
	if path != "" {
		s := inf.stats(path)
		s.seen++
		s.addType(typeName(v))
		if v == nil {
			s.nullable = true
		}
		s.addExample(v)
	}
	if o, ok := v.(*jsoncodec.Object); ok {
		v = jsoncodec.Plain(o)
	}
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			inf.walk(joinPath(path, k), t[k])
		}
		inf.countParent(path, keys)
	case []any:
		for _, e := range t {
			inf.walk(path+"[*]", e)
		}
	}
}

// countParent counts one more parent for every known child path of path;
// keys lists the children present this time.
func (inf *inferrer) countParent(path string, keys []string) {
	for _, k := range keys {
		inf.byPath[joinPath(path, k)].parents++
	}
	prefix := path + "."
	if path == "" {
		prefix = ""
	}
	for p, s := range inf.byPath {
		rest, ok := strings.CutPrefix(p, prefix)
		if ok && rest != "" && !strings.ContainsAny(rest, ".[") && !slices.Contains(keys, rest) {
			s.parents++
		}
	}
}

func joinPath(path, key string) string {
	if !isPlainKey(key) {
		b, _ := json.Marshal(key)
		return path + "[" + string(b) + "]"
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

func (s *fieldStats) addType(t string) {
	if !slices.Contains(s.types, t) {
		s.types = append(s.types, t)
	}
}

func (s *fieldStats) addExample(v any) {
	switch v.(type) {
	case string, float64, bool:
	default:
		return
	}
	if len(s.examples) < maxExamples && !slices.Contains(s.examples, v) {
		s.examples = append(s.examples, v)
	}
}

// typeName names v's JSON type; whole numbers are "integer".
func typeName(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64:
		if t == float64(int64(t)) {
			return "integer"
		}
		return "number"
	case map[string]any, *jsoncodec.Object:
		return "object"
	case []any:
		return "array"
	}
	return "unknown"
}
