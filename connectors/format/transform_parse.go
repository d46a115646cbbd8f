package format

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/weftworks/weft/connectors/csvconfig"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/format"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*parseNode)(nil)

func parseSpec() spec.Spec {
	return spec.Spec{
		Type:     "format.parse",
		Title:    "Parse records",
		Category: spec.Transform,
		Icon:     "file-input",
		Description: "Parses text (the payload, or a field of it) as CSV, JSON, NDJSON or XML into records. " +
			"XML: the root element's children are the records, attributes become \"@name\" keys, repeated " +
			"elements arrays and mixed text \"#text\". Bad input: a payload that is not text, invalid JSON or XML, " +
			"or a CSV row with the wrong number of fields goes to the error port with the reason and the " +
			"original message. In \"each\" mode the records before a bad one are still emitted, and after a bad " +
			"CSV row or NDJSON line parsing goes on; in \"array\" mode nothing is emitted for a message with a bad record.",
		Inputs:  []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{{Name: "out", Description: "One message per record, or one message holding the array of records."}},
		Config: append([]spec.Field{{
			Name: "format", Title: "Format", Type: spec.String, Default: "auto",
			Enum:        []string{"auto", "csv", "json", "ndjson", "xml"},
			Description: "The text's format; auto detects it from the first characters.",
		}, {
			Name: "field", Title: "Field", Type: spec.String,
			Description: "The payload field holding the text (a dotted path); empty: the payload itself.",
			Examples:    []any{"body"},
		}, {
			Name: "output", Title: "Output", Type: spec.String, Default: "each", Enum: []string{"each", "array"},
			Description: `"each": one message per record (new ids, metadata format.record = its number); "array": one message whose payload is the array of records.`,
		}}, csvconfig.Fields("csv", "auto")...),
	}
}

// parseNode parses each message's text into records.
type parseNode struct {
	format format.Format
	field  []string
	array  bool
	csv    format.CSVOptions
}

func newParse(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	rd := spec.NewReader(cfg)
	f, err := format.ParseFormat(rd.Text("format"))
	if err != nil {
		return nil, fmt.Errorf("field %q: %w", "format", err)
	}
	opts, err := csvconfig.ReadOptions(cfg)
	if err != nil {
		return nil, err
	}
	n := &parseNode{format: f, array: rd.Text("output") == "array", csv: opts}
	if p := rd.Text("field"); p != "" {
		n.field = strings.Split(p, ".")
	}
	return n, rd.Err()
}

// Run implements registry.Node.
func (p *parseNode) Run(ctx context.Context, nio registry.IO) error {
	for {
		in, ok := nio.Receive(ctx)
		if !ok {
			return nil
		}
		if err := p.parse(ctx, nio, in.Msg); err != nil {
			return err
		}
	}
}

// parse handles one message; only Emit and Fail errors are returned.
func (p *parseNode) parse(ctx context.Context, nio registry.IO, m *message.Message) error {
	text, err := p.text(m.Payload)
	if err != nil {
		return nio.Fail(ctx, m, err)
	}
	r, err := p.reader(text)
	if err != nil {
		return nio.Fail(ctx, m, err)
	}
	if p.array {
		recs, err := format.ReadAll(r, 0)
		if err != nil {
			return nio.Fail(ctx, m, err)
		}
		return nio.Emit(ctx, "out", m.WithPayload(recs))
	}
	for n := 1; ; {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if ferr := nio.Fail(ctx, m.Clone(), err); ferr != nil {
				return ferr
			}
			var fe *format.Error
			if !errors.As(err, &fe) || fe.Fatal {
				return nil
			}
			continue
		}
		if err := nio.Emit(ctx, "out", record(m, rec, n)); err != nil {
			return err
		}
		n++
	}
}

func (p *parseNode) reader(text string) (format.Reader, error) {
	f := p.format
	if f == format.FormatAuto {
		f = format.Detect([]byte(text[:min(len(text), 64<<10)]))
	}
	if f == format.FormatCSV {
		return format.NewOrderedCSVReader(strings.NewReader(text), p.csv), nil
	}
	return format.NewOrderedReader(strings.NewReader(text), f)
}

// text finds the text to parse in the payload.
func (p *parseNode) text(payload any) (string, error) {
	v := payload
	for i, k := range p.field {
		if !jsoncodec.IsObject(v) {
			return "", fmt.Errorf("field %q: %s is not an object", strings.Join(p.field, "."), describe(strings.Join(p.field[:i], ".")))
		}
		v, _ = jsoncodec.Lookup(v, k)
	}
	s, ok := v.(string)
	if !ok {
		where := "the payload"
		if len(p.field) > 0 {
			where = fmt.Sprintf("field %q", strings.Join(p.field, "."))
		}
		return "", fmt.Errorf("%s is %s, not text to parse", where, kind(v))
	}
	return s, nil
}

func describe(path string) string {
	if path == "" {
		return "the payload"
	}
	return fmt.Sprintf("%q", path)
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "missing or null"
	case map[string]any, *jsoncodec.Object:
		return "an object"
	case []any:
		return "an array"
	case bool:
		return "a boolean"
	case string:
		return "text"
	}
	return "a number"
}
