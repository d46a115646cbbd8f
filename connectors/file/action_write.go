package file

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/weftworks/weft/connectors/csvconfig"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/format"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*writeNode)(nil)

func writeSpec() spec.Spec {
	csv := &spec.Condition{Field: "format", Equals: []any{"csv"}}
	return spec.Spec{
		Type:     "file.write",
		Title:    "Write file",
		Category: spec.Action,
		Icon:     "file-plus",
		Description: "Writes each message to the file at Path (directories are created): \"append\" adds to the end, " +
			"\"overwrite\" replaces the file, \"atomic\" writes a temporary file beside it and renames it over the file, " +
			"so readers never see half a file. Formats: text (a text payload as it is, anything else as JSON), json (one " +
			"JSON document and a newline), ndjson (one line per element of an array payload, else one line) and csv " +
			"(one row per object; the header is written when the file is new or empty). The message passes on with " +
			"metadata file.path. Bad input: a path template the message cannot fill, a payload CSV cannot hold, or a " +
			"file that cannot be written goes to the error port with the reason and the original message; nothing is " +
			"written for it.",
		Inputs:  []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{{Name: "out", Description: "The message, once written."}},
		Config: []spec.Field{{
			Name: "path", Title: "Path", Type: spec.String, Required: true,
			Description: "The file. {{field}} and {{meta.key}} are filled from the message.",
			Examples:    []any{"/data/out/orders.ndjson", "/data/out/{{customer}}.json"},
		}, {
			Name: "mode", Title: "Mode", Type: spec.String, Default: "append", Enum: []string{"append", "overwrite", "atomic"},
			Description: "append: add to the end; overwrite: replace the file; atomic: write to a temporary file and rename it over the file.",
		}, {
			Name: "format", Title: "Format", Type: spec.String, Default: "ndjson", Enum: []string{"text", "json", "ndjson", "csv"},
		}, {
			Name: "columns", Title: "Columns", Type: spec.Array, Items: &spec.Field{Type: spec.String}, ShowIf: csv,
			Description: "The CSV columns in order; other keys are left out. Empty: the first record's keys, in its order (kept for later messages).",
		}, {
			Name: "delimiter", Title: "Delimiter", Type: spec.String, Default: ",", ShowIf: csv,
			Description: `The CSV field separator: one character, or "tab".`,
		}, {
			Name: "header", Title: "Header row", Type: spec.Boolean, Default: true, ShowIf: csv,
			Description: "Write a header row at the start of a new or empty file.",
		}, {
			Name: "quoteAll", Title: "Quote every field", Type: spec.Boolean, Default: false, Advanced: true, ShowIf: csv,
			Description: "Put every CSV field in quotes, not only those that need them.",
		}},
	}
}

// writeNode writes each message to a file.
type writeNode struct {
	path    string
	mode    string
	format  string
	csv     format.CSVOptions
	columns map[string][]string // CSV columns chosen per path
	open    map[string]*os.File // append mode: files kept open
}

func newWrite(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	opts, err := csvconfig.WriteOptions(cfg)
	if err != nil {
		return nil, err
	}
	rd := spec.NewReader(cfg)
	opts.Columns = rd.Strings("columns")
	return &writeNode{path: rd.Text("path"), mode: rd.Text("mode"), format: rd.Text("format"), csv: opts,
		columns: map[string][]string{}, open: map[string]*os.File{}}, rd.Err()
}

// Run implements registry.Node.
func (w *writeNode) Run(ctx context.Context, nio registry.IO) error {
	defer w.closeAll()
	for {
		in, ok := nio.Receive(ctx)
		if !ok {
			return nil
		}
		path, err := w.write(in.Msg)
		if err != nil {
			err = nio.Fail(ctx, in.Msg, err)
		} else {
			out := in.Msg.WithPayload(in.Msg.Payload)
			if out.Meta == nil {
				out.Meta = map[string]string{}
			}
			out.Meta[PathMeta] = path
			err = nio.Emit(ctx, "out", out)
		}
		if err != nil {
			return err
		}
	}
}

// write renders m and writes it, returning the path.
func (w *writeNode) write(m *message.Message) (string, error) {
	path, err := expand(w.path, m)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	header := w.mode != "append" || w.empty(path)
	data, err := w.render(path, m.Payload, header)
	if err != nil {
		return "", err
	}
	switch w.mode {
	case "overwrite":
		err = os.WriteFile(path, data, 0o644)
	case "atomic":
		err = writeAtomic(path, data)
	default:
		err = w.appendTo(path, data)
	}
	return path, err
}

// empty reports whether path is missing or empty.
func (w *writeNode) empty(path string) bool {
	st, err := os.Stat(path)
	return err != nil || st.Size() == 0
}

// render turns a payload into the bytes to write.
func (w *writeNode) render(path string, payload any, header bool) ([]byte, error) {
	var b bytes.Buffer
	switch w.format {
	case "text":
		if s, ok := payload.(string); ok {
			return []byte(s), nil
		}
		return json.Marshal(payload)
	case "json":
		data, err := json.Marshal(payload)
		return append(data, '\n'), err
	case "csv":
		return w.renderCSV(path, payload, header)
	}
	fw, _ := format.NewWriter(&b, format.FormatNDJSON)
	if err := writeAll(fw, payload); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (w *writeNode) renderCSV(path string, payload any, header bool) ([]byte, error) {
	opts := w.csv
	opts.NoHeader = opts.NoHeader || !header
	if len(opts.Columns) == 0 {
		opts.Columns = w.columns[path]
	}
	if len(opts.Columns) == 0 {
		opts.Columns = firstKeys(payload)
		w.columns[path] = opts.Columns
	}
	var b bytes.Buffer
	if err := writeAll(format.NewCSVWriter(&b, opts), payload); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// firstKeys are the keys of the payload's first object: in its order
// when it keeps one (*jsoncodec.Object), else sorted.
func firstKeys(payload any) []string {
	if a, ok := payload.([]any); ok && len(a) > 0 {
		payload = a[0]
	}
	keys, _ := jsoncodec.ObjectKeys(payload)
	return keys
}

// writeAll writes an array payload's elements, or the payload, as records.
func writeAll(fw format.Writer, payload any) error {
	recs, ok := payload.([]any)
	if !ok {
		recs = []any{payload}
	}
	for _, r := range recs {
		if err := fw.Write(r); err != nil {
			return err
		}
	}
	return fw.Close()
}

// appendTo appends data with one write to a file kept open.
func (w *writeNode) appendTo(path string, data []byte) error {
	f, ok := w.open[path]
	if !ok {
		if len(w.open) >= 32 {
			w.closeAll()
		}
		var err error
		f, err = os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		w.open[path] = f
	}
	_, err := f.Write(data)
	return err
}

func (w *writeNode) closeAll() {
	for p, f := range w.open {
		_ = f.Close()
		delete(w.open, p)
	}
}

// writeAtomic writes data to a temporary file beside path and renames it
// over path.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}
