package sql

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/spec"
)

// ErrNotRecords is the reason a message fails when insert or upsert gets
// a payload that is neither an object nor an array of objects.
var ErrNotRecords = errors.New("the payload must be an object or an array of objects")

// tableFields are the target table and its columns.
func tableFields() []spec.Field {
	return []spec.Field{
		{Name: "table", Title: "Table", Type: spec.String, Required: true, Examples: []any{"orders", "public.orders"},
			Description: "The table to write to (`schema.table` allowed); quoted as an identifier."},
		{Name: "columns", Title: "Columns", Type: spec.Array, Items: &spec.Field{Type: spec.String},
			Examples: []any{[]any{"id", "customer", "total"}},
			Description: "The columns to fill, each from the payload field of the same name (missing → NULL; objects and arrays as JSON text). " +
				"Empty: every field of each record."},
	}
}

// rowWriter writes records, one row each, with one bound parameter per
// column; with key set it upserts.
type rowWriter struct {
	driver  string
	table   string
	columns []string
	key     []string
}

func parseRowWriter(driver string, cfg map[string]any) (*rowWriter, error) {
	table, err := spec.Text(cfg, "table")
	if err != nil {
		return nil, err
	}
	if table, err = quoteTable(table); err != nil {
		return nil, fmt.Errorf("field %q: %w", "table", err)
	}
	cols, err := spec.Strings(cfg, "columns")
	if err != nil {
		return nil, err
	}
	for _, c := range cols {
		if _, err := quoteName(c); err != nil {
			return nil, fmt.Errorf("field %q: %w", "columns", err)
		}
	}
	return &rowWriter{driver: driver, table: table, columns: cols}, nil
}

func (w *rowWriter) apply(ctx context.Context, ex execer, payload any) (int64, error) {
	recs, err := records(payload)
	if err != nil {
		return 0, err
	}
	var total int64
	for i, rec := range recs {
		n, err := w.write(ctx, ex, rec)
		if err != nil && len(recs) > 1 {
			return 0, fmt.Errorf("record %d: %w", i+1, err)
		}
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

func (w *rowWriter) write(ctx context.Context, ex execer, rec map[string]any) (int64, error) {
	cols := w.columns
	if len(cols) == 0 {
		cols = slices.Sorted(func(yield func(string) bool) {
			for k := range rec {
				if !yield(k) {
					return
				}
			}
		})
	}
	if len(cols) == 0 {
		return 0, errors.New("the record has no fields")
	}
	stmt, err := w.statement(cols)
	if err != nil {
		return 0, err
	}
	vals := make([]any, len(cols))
	for i, c := range cols {
		if vals[i], err = toArg(rec[c]); err != nil {
			return 0, fmt.Errorf("column %q: %w", c, err)
		}
	}
	return ex.exec(ctx, stmt, vals)
}

// statement builds the INSERT (or upsert) for cols.
func (w *rowWriter) statement(cols []string) (string, error) {
	names := make([]string, len(cols))
	marks := make([]string, len(cols))
	for i, c := range cols {
		q, err := quoteName(c)
		if err != nil {
			return "", fmt.Errorf("column: %w", err)
		}
		names[i], marks[i] = q, w.placeholder(i+1)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES (%s)", w.table, strings.Join(names, ", "), strings.Join(marks, ", "))
	if len(w.key) == 0 {
		return b.String(), nil
	}
	keys := make([]string, len(w.key))
	var sets []string
	for i, k := range w.key {
		if !slices.Contains(cols, k) {
			return "", fmt.Errorf("key column %q is not among the columns written", k)
		}
		keys[i], _ = quoteName(k)
	}
	for i, c := range cols {
		if !slices.Contains(w.key, c) {
			sets = append(sets, names[i]+" = excluded."+names[i])
		}
	}
	fmt.Fprintf(&b, " ON CONFLICT (%s) DO ", strings.Join(keys, ", "))
	if len(sets) == 0 {
		b.WriteString("NOTHING")
	} else {
		b.WriteString("UPDATE SET " + strings.Join(sets, ", "))
	}
	return b.String(), nil
}

func (w *rowWriter) placeholder(i int) string {
	if w.driver == Postgres {
		return "$" + strconv.Itoa(i)
	}
	return "?" + strconv.Itoa(i)
}

// records reads a payload as records: an object is one, an array of
// objects many. Ordered objects (*jsoncodec.Object) are read as maps:
// columns are named, their order does not matter.
func records(payload any) ([]map[string]any, error) {
	switch v := payload.(type) {
	case map[string]any, *jsoncodec.Object:
		return []map[string]any{plainMap(v).(map[string]any)}, nil
	case []any:
		out := make([]map[string]any, len(v))
		for i, e := range v {
			m, ok := plainMap(e).(map[string]any)
			if !ok {
				return nil, fmt.Errorf("element %d: %w", i+1, ErrNotRecords)
			}
			out[i] = m
		}
		return out, nil
	}
	return nil, ErrNotRecords
}

// plainMap returns an ordered object as a map of its members (values as
// they are), anything else as it is.
func plainMap(v any) any {
	o, ok := v.(*jsoncodec.Object)
	if !ok {
		return v
	}
	m := make(map[string]any, o.Len())
	for _, e := range o.Members() {
		m[e.Key] = e.Value
	}
	return m
}
