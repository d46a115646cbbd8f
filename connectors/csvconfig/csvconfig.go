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

// ReadOptions reads the CSV settings of a reader's config, which has
// Fields.
func ReadOptions(cfg map[string]any) (format.CSVOptions, error) {
	rd := spec.NewReader(cfg)
	d, err := delimiter(rd.Text("delimiter"))
	if err != nil {
		return format.CSVOptions{}, err
	}
	opts := format.CSVOptions{Delimiter: d, NoHeader: !boolean(rd, "header", true),
		DetectTypes: boolean(rd, "detectTypes", false), LazyQuotes: boolean(rd, "lazyQuotes", false)}
	return opts, rd.Err()
}

// WriteOptions reads the CSV settings of a writer's config, which has
// delimiter and header (the first two of Fields) and quoteAll.
func WriteOptions(cfg map[string]any) (format.CSVOptions, error) {
	rd := spec.NewReader(cfg)
	d, err := delimiter(rd.Text("delimiter"))
	if err != nil {
		return format.CSVOptions{}, err
	}
	opts := format.CSVOptions{Delimiter: d, NoHeader: !boolean(rd, "header", true), QuoteAll: boolean(rd, "quoteAll", false)}
	return opts, rd.Err()
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

// boolean reads a boolean field, def when it is missing.
func boolean(rd *spec.Reader, field string, def bool) bool {
	if b, ok := rd.Value(field).(bool); ok {
		return b
	}
	return def
}
