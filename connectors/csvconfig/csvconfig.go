package csvconfig

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/weftworks/weft/engine/format"
	"github.com/weftworks/weft/engine/spec"
)

// Fields are the CSV settings, shown when the format is one of formats.
func Fields(formats ...any) []spec.Field {
	show := &spec.Condition{Field: "format", Equals: formats}
	return []spec.Field{{
		Name: "delimiter", Title: "Delimiter", Type: spec.String, ShowIf: show, Default: "auto",
		Description: `The CSV field separator: "auto" detects it when reading (a comma when writing), "tab" is a tab, anything else one character.`,
		Examples:    []any{"auto", ",", ";", "tab", "|"},
	}, {
		Name: "header", Title: "Header row", Type: spec.Boolean, ShowIf: show, Default: true,
		Description: "The first CSV row names the columns. Without it rows are arrays of cells.",
	}, {
		Name: "detectTypes", Title: "Detect types", Type: spec.Boolean, ShowIf: show, Default: false, Advanced: true,
		Description: `Read CSV cells that look like numbers or true/false as numbers and booleans ("007" stays text).`,
	}, {
		Name: "lazyQuotes", Title: "Lenient quotes", Type: spec.Boolean, ShowIf: show, Default: false, Advanced: true,
		Description: "Accept a quote inside an unquoted CSV field instead of rejecting the row.",
	}}
}

// Options reads the CSV settings of a config that has Fields (and,
// for writers, quoteAll and columns).
func Options(cfg map[string]any) (format.CSVOptions, error) {
	d, err := delimiter(text(cfg, "delimiter"))
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

// delimiter reads "auto" (0: detect), "tab" or one character.
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

func text(cfg map[string]any, field string) string {
	s, _ := cfg[field].(string)
	return s
}

func boolean(cfg map[string]any, field string, def bool) bool {
	if b, ok := cfg[field].(bool); ok {
		return b
	}
	return def
}

func strs(cfg map[string]any, field string) []string {
	out, _ := spec.Strings(cfg, field)
	return out
}
