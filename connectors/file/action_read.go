package file

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/weftworks/weft/connectors/csvconfig"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/format"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*readNode)(nil)

func readSpec() spec.Spec {
	records := &spec.Condition{Field: "mode", Equals: []any{"records"}}
	minBytes := 1.0
	return spec.Spec{
		Type:     "file.read",
		Title:    "Read file",
		Category: spec.Action,
		Icon:     "file-text",
		Description: "For each incoming message, reads the file at Path, or every file a glob pattern (*, ?, [a-z]) " +
			"matches, in name order: whole (one message whose payload is the text), by lines (one message per line) " +
			"or as records (CSV, JSON array, NDJSON or XML, one message per record). Lines and records are streamed, " +
			"so a file of any size is read in bounded memory. Each message carries the file in metadata file.path " +
			"and the line or record number in file.record. Bad input: a path template the message cannot fill, a " +
			"missing or unreadable file, a glob matching nothing, a whole file over Max size, invalid JSON or XML, " +
			"or a CSV row with the wrong number of fields goes to the error port with the reason and the original " +
			"message; after a bad CSV row or NDJSON line reading goes on, after invalid JSON or XML the file is left.",
		Inputs:  []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{{Name: "out", Description: "The file's text, lines or records."}},
		Config: append([]spec.Field{{
			Name: "path", Title: "Path", Type: spec.String, Required: true,
			Description: "The file, or a glob pattern. {{field}} and {{meta.key}} are filled from the message.",
			Examples:    []any{"/data/in/orders.csv", "/data/in/*.ndjson", "{{path}}"},
		}, {
			Name: "mode", Title: "Read as", Type: spec.String, Default: "records", Enum: []string{"whole", "lines", "records"},
			Description: `"whole": the text in one message; "lines": one message per line; "records": one message per record.`,
		}, {
			Name: "format", Title: "Format", Type: spec.String, Default: "auto", ShowIf: records,
			Enum:        []string{"auto", "csv", "json", "ndjson", "xml"},
			Description: "The records' format; auto detects it from the first characters.",
		}}, append(csvconfig.Fields("csv", "auto"), spec.Field{
			Name: "maxBytes", Title: "Max size (bytes)", Type: spec.Integer, Default: float64(16 << 20), Advanced: true,
			Minimum:     &minBytes,
			ShowIf:      &spec.Condition{Field: "mode", Equals: []any{"whole"}},
			Description: "The largest file read whole; larger ones go to the error port (read them by lines or records).",
		})...),
	}
}

// readNode reads files for each message.
type readNode struct {
	path     string
	mode     string
	format   format.Format
	csv      format.CSVOptions
	maxBytes int64
}

func newRead(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	rd := spec.NewReader(cfg)
	f, err := format.ParseFormat(rd.Text("format"))
	if err != nil {
		return nil, fmt.Errorf("field %q: %w", "format", err)
	}
	opts, err := csvconfig.ReadOptions(cfg)
	if err != nil {
		return nil, err
	}
	return &readNode{path: rd.Text("path"), mode: rd.Text("mode"), format: f, csv: opts,
		maxBytes: rd.Int("maxBytes")}, rd.Err()
}

// Run implements registry.Node.
func (r *readNode) Run(ctx context.Context, nio registry.IO) error {
	for {
		in, ok := nio.Receive(ctx)
		if !ok {
			return nil
		}
		paths, err := r.paths(in.Msg)
		if err != nil {
			if err := nio.Fail(ctx, in.Msg, err); err != nil {
				return err
			}
			continue
		}
		for _, p := range paths {
			if err := r.readFile(ctx, nio, in.Msg, p); err != nil {
				return err
			}
		}
	}
}

// paths expands the template and the glob.
func (r *readNode) paths(m *message.Message) ([]string, error) {
	p, err := expand(r.path, m)
	if err != nil {
		return nil, err
	}
	if !strings.ContainsAny(p, "*?[") {
		return []string{p}, nil
	}
	matches, err := filepath.Glob(p)
	if err != nil {
		return nil, fmt.Errorf("glob %q: %w", p, err)
	}
	if len(matches) == 0 {
		return nil, fmt.Errorf("no file matches %q", p)
	}
	return matches, nil
}

// readFile emits what one file holds; only Emit and Fail errors are
// returned.
func (r *readNode) readFile(ctx context.Context, nio registry.IO, m *message.Message, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nio.Fail(ctx, m.Clone(), err)
	}
	defer f.Close()
	switch r.mode {
	case "whole":
		return r.whole(ctx, nio, m, f)
	case "lines":
		return r.lines(ctx, nio, m, f)
	}
	return r.records(ctx, nio, m, f)
}

func (r *readNode) whole(ctx context.Context, nio registry.IO, m *message.Message, f *os.File) error {
	b, err := io.ReadAll(io.LimitReader(f, r.maxBytes+1))
	switch {
	case err != nil:
		return nio.Fail(ctx, m.Clone(), fmt.Errorf("read %s: %w", f.Name(), err))
	case int64(len(b)) > r.maxBytes:
		return nio.Fail(ctx, m.Clone(), fmt.Errorf("%s is larger than %d bytes: read it by lines or records", f.Name(), r.maxBytes))
	}
	return nio.Emit(ctx, "out", derived(m, string(b), f.Name(), 0))
}

func (r *readNode) lines(ctx context.Context, nio registry.IO, m *message.Message, f *os.File) error {
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), format.MaxRecordBytes)
	n := 0
	for sc.Scan() {
		n++
		line := string(bytes.TrimSuffix(sc.Bytes(), []byte("\r")))
		if err := nio.Emit(ctx, "out", derived(m, line, f.Name(), n)); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return nio.Fail(ctx, m.Clone(), fmt.Errorf("%s line %d: %w", f.Name(), n+1, err))
	}
	return nil
}

func (r *readNode) records(ctx context.Context, nio registry.IO, m *message.Message, f *os.File) error {
	fr, err := r.reader(f)
	if err != nil {
		return nio.Fail(ctx, m.Clone(), err)
	}
	for n := 1; ; {
		rec, err := fr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if ferr := nio.Fail(ctx, m.Clone(), fmt.Errorf("%s: %w", f.Name(), err)); ferr != nil {
				return ferr
			}
			var fe *format.Error
			if !errors.As(err, &fe) || fe.Fatal {
				return nil
			}
			continue
		}
		if err := nio.Emit(ctx, "out", derived(m, rec, f.Name(), n)); err != nil {
			return err
		}
		n++
	}
}

func (r *readNode) reader(f *os.File) (format.Reader, error) {
	ft := r.format
	br := bufio.NewReaderSize(f, 64<<10)
	if ft == format.FormatAuto {
		head, _ := br.Peek(64 << 10)
		ft = format.Detect(head)
	}
	if ft == format.FormatCSV {
		return format.NewOrderedCSVReader(br, r.csv), nil
	}
	return format.NewOrderedReader(br, ft)
}
