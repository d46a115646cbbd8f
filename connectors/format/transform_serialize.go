package format

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/weftworks/weft/connectors/csvconfig"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/format"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

var _ registry.Node = (*serializeNode)(nil)

func serializeSpec() spec.Spec {
	xml := &spec.Condition{Field: "format", Equals: []any{"xml"}}
	return spec.Spec{
		Type:     "format.serialize",
		Title:    "Serialize records",
		Category: spec.Transform,
		Icon:     "file-output",
		Description: "Turns the payload into text: JSON (the payload as one document), or NDJSON, CSV or XML " +
			"with one record per element when the payload is an array (else the payload is the one record). " +
			"CSV columns are the first record's keys, in its order, unless listed; nested values are written as JSON. " +
			"XML writes \"@name\" keys as attributes, \"#text\" as text and arrays as repeated elements. " +
			"Bad input: a record CSV or XML cannot hold (CSV: not an object; XML: a key that is not an XML name) " +
			"goes to the error port with the reason and the original message.",
		Inputs:  []spec.Port{{Name: "in"}},
		Outputs: []spec.Port{{Name: "out", Description: "The message with the text as its payload."}},
		Config: append([]spec.Field{{
			Name: "format", Title: "Format", Type: spec.String, Default: "json",
			Enum: []string{"json", "ndjson", "csv", "xml"},
		}, {
			Name: "columns", Title: "Columns", Type: spec.Array, Items: &spec.Field{Type: spec.String},
			ShowIf:      &spec.Condition{Field: "format", Equals: []any{"csv"}},
			Description: "The CSV columns in order; other keys are left out. Empty: the first record's keys, in its order.",
		}, {
			Name: "root", Title: "Root element", Type: spec.String, Default: "records", ShowIf: xml,
			Description: "The XML document element.",
		}, {
			Name: "item", Title: "Record element", Type: spec.String, Default: "record", ShowIf: xml,
			Description: "The element name of each record.",
		}, {
			Name: "indent", Title: "Indent", Type: spec.Boolean, Default: false, ShowIf: xml, Advanced: true,
			Description: "Indent nested XML elements by two spaces.",
		}}, append(csvconfig.Fields("csv")[:2], spec.Field{
			Name: "quoteAll", Title: "Quote every field", Type: spec.Boolean, Default: false, Advanced: true,
			ShowIf:      &spec.Condition{Field: "format", Equals: []any{"csv"}},
			Description: "Put every CSV field in quotes, not only those that need them.",
		})...),
	}
}

// serializeNode writes each message's records as text.
type serializeNode struct {
	format format.Format
	csv    format.CSVOptions
	xml    format.XMLOptions
}

func newSerialize(_ flow.Node, cfg map[string]any) (registry.Node, error) {
	rd := spec.NewReader(cfg)
	f, err := format.ParseFormat(rd.Text("format"))
	if err != nil || f == format.FormatAuto {
		return nil, fmt.Errorf("field %q: want json, ndjson, csv or xml", "format")
	}
	opts, err := csvconfig.WriteOptions(cfg)
	if err != nil {
		return nil, err
	}
	opts.Columns = rd.Strings("columns")
	n := &serializeNode{format: f, csv: opts, xml: format.XMLOptions{Root: rd.Text("root"), Item: rd.Text("item")}}
	if rd.Bool("indent") {
		n.xml.Indent = "  "
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	if _, err := format.NewXMLWriter(nil, n.xml); err != nil {
		return nil, fmt.Errorf("fields %q, %q: %w", "root", "item", err)
	}
	return n, nil
}

// Run implements registry.Node.
func (s *serializeNode) Run(ctx context.Context, nio registry.IO) error {
	for {
		in, ok := nio.Receive(ctx)
		if !ok {
			return nil
		}
		text, err := s.serialize(in.Msg.Payload)
		if err != nil {
			err = nio.Fail(ctx, in.Msg, err)
		} else {
			err = nio.Emit(ctx, "out", in.Msg.WithPayload(text))
		}
		if err != nil {
			return err
		}
	}
}

func (s *serializeNode) serialize(payload any) (string, error) {
	if s.format == format.FormatJSON {
		b, err := json.Marshal(payload)
		return string(b), err
	}
	var b bytes.Buffer
	w, err := s.writer(&b)
	if err != nil {
		return "", err
	}
	recs, ok := payload.([]any)
	if !ok {
		recs = []any{payload}
	}
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			return "", err
		}
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	return b.String(), nil
}

func (s *serializeNode) writer(b *bytes.Buffer) (format.Writer, error) {
	switch s.format {
	case format.FormatCSV:
		return format.NewCSVWriter(b, s.csv), nil
	case format.FormatXML:
		return format.NewXMLWriter(b, s.xml)
	}
	return format.NewWriter(b, s.format)
}
