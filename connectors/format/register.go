package format

import (
	"fmt"
	"maps"
	"strconv"
	"unicode/utf8"

	"github.com/weftworks/weft/engine/format"
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

// csvFields are the CSV settings, shown when the format is one of formats.
func csvFields(formats ...any) []spec.Field {
	show := &spec.Condition{Field: "format", Equals: formats}
	return []spec.Field{{
		Name: "delimiter", Title: "Delimiter", Type: spec.String, ShowIf: show, Default: "auto",
		Description: `The field separator: "auto" detects it when reading (a comma when writing), "tab" is a tab, anything else one character.`,
		Examples:    []any{"auto", ",", ";", "tab", "|"},
	}, {
		Name: "header", Title: "Header row", Type: spec.Boolean, ShowIf: show, Default: true,
		Description: "The first row names the columns. Without it rows are arrays of cells.",
	}, {
		Name: "detectTypes", Title: "Detect types", Type: spec.Boolean, ShowIf: show, Default: false, Advanced: true,
		Description: `Read cells that look like numbers or true/false as numbers and booleans ("007" stays text).`,
	}, {
		Name: "lazyQuotes", Title: "Lenient quotes", Type: spec.Boolean, ShowIf: show, Default: false, Advanced: true,
		Description: "Accept a quote inside an unquoted field instead of rejecting the row.",
	}}
}

// csvOptions reads the CSV settings.
func csvOptions(cfg map[string]any) (format.CSVOptions, error) {
	d, err := delimiter(str(cfg, "delimiter"))
	if err != nil {
		return format.CSVOptions{}, err
	}
	return format.CSVOptions{
		Delimiter:   d,
		NoHeader:    !boolean(cfg, "header", true),
		DetectTypes: boolean(cfg, "detectTypes", false),
		LazyQuotes:  boolean(cfg, "lazyQuotes", false),
		QuoteAll:    boolean(cfg, "quoteAll", false),
		Columns:     strs(cfg, "columns"),
	}, nil
}

func delimiter(s string) (rune, error) {
	switch s {
	case "", "auto":
		return 0, nil
	case "tab", `\t`:
		return '\t', nil
	}
	r, n := utf8.DecodeRuneInString(s)
	if n != len(s) || r == '"' || r == '\r' || r == '\n' || r == utf8.RuneError {
		return 0, fmt.Errorf("field %q: %s is not one character (or auto, tab)", "delimiter", strconv.Quote(s))
	}
	return r, nil
}

func str(cfg map[string]any, field string) string {
	s, _ := cfg[field].(string)
	return s
}

func boolean(cfg map[string]any, field string, def bool) bool {
	b, ok := cfg[field].(bool)
	if !ok {
		return def
	}
	return b
}

func strs(cfg map[string]any, field string) []string {
	list, _ := cfg[field].([]any)
	var out []string
	for _, v := range list {
		if s, ok := v.(string); ok && s != "" {
			out = append(out, s)
		}
	}
	return out
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
