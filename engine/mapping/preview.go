package mapping

import (
	"context"
	"errors"
	"slices"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// Lineage names the source paths a target field reads.
type Lineage struct {
	Target  string   `json:"target"`
	Sources []string `json:"sources"`
	// Kind is how the value is made: "path", "const", "expr" (an
	// expression or the script compiled natively), "script" (an expression
	// or the script running in goja).
	Kind string `json:"kind"`
}

// PreviewRecord is one sample record and what the mapping made of it.
type PreviewRecord struct {
	Input  any               `json:"input"`
	Output *jsoncodec.Object `json:"output"`
	Errors []FieldError      `json:"errors"`
}

// PreviewResult is what Preview returns.
type PreviewResult struct {
	Records []PreviewRecord `json:"records"`
	// Schema is the schema inferred from the outputs.
	Schema  []SchemaField `json:"schema"`
	Lineage []Lineage     `json:"lineage"`
	// Error is the compile error; when set nothing ran, and
	// CompileErrors lists every bad field with its position.
	Error         string       `json:"error,omitempty"`
	CompileErrors []FieldError `json:"compileErrors,omitempty"`
}

// Preview compiles m and runs it over records, exactly as a flow would.
func Preview(ctx context.Context, m *Mapping, records []any) PreviewResult {
	res := PreviewResult{Records: []PreviewRecord{}, Schema: []SchemaField{}, Lineage: []Lineage{}}
	c, err := Compile(m)
	if err != nil {
		res.Error = err.Error()
		var ce *CompileError
		if errors.As(err, &ce) {
			res.CompileErrors = ce.Fields
		}
		return res
	}
	res.Lineage = c.Lineage()
	outputs := make([]any, 0, len(records))
	for _, r := range records {
		out, errs := c.Apply(ctx, r)
		if errs == nil {
			errs = []FieldError{}
		}
		res.Records = append(res.Records, PreviewRecord{Input: r, Output: out, Errors: errs})
		if out != nil {
			outputs = append(outputs, out)
		}
	}
	res.Schema = Infer(outputs)
	return res
}

// KeepSurrogates prepares r for encoding/json: lone surrogates in the
// records' inputs are written as \udXXX escapes, as JSON.stringify writes
// them, instead of U+FFFD (jsoncodec.ForStdlib). Outputs are Objects,
// whose MarshalJSON already writes them so.
func (r *PreviewResult) KeepSurrogates() {
	for i := range r.Records {
		rec := &r.Records[i]
		rec.Input = jsoncodec.ForStdlib(rec.Input)
	}
}

// Lineage returns, for each field in order, the source paths it reads, and
// one entry for the script (whose sources are unknown: "$").
func (c *Compiled) Lineage() []Lineage {
	out := make([]Lineage, 0, len(c.fields)+1)
	for _, f := range c.fields {
		l := Lineage{Target: f.raw, Sources: []string{}}
		switch {
		case f.path != nil:
			l.Kind, l.Sources = "path", []string{f.path.String()}
		case f.expr != nil:
			l.Kind, l.Sources = "expr", slices.Clone(f.expr.Paths())
			if !f.expr.Native() {
				l.Kind = "script"
			}
		default:
			l.Kind = "const"
		}
		if l.Sources == nil {
			l.Sources = []string{}
		}
		out = append(out, l)
	}
	if c.script != nil {
		kind := "script"
		if c.native != nil {
			kind = "expr"
		}
		out = append(out, Lineage{Target: ScriptTarget, Sources: []string{"$"}, Kind: kind})
	}
	return out
}

// Native reports whether the mapping runs without goja: the script (if
// any) and every expression in the native subset. (A native run hands the
// records it does not model to goja.)
func (c *Compiled) Native() bool {
	if c.script != nil && c.native == nil {
		return false
	}
	for _, f := range c.fields {
		if f.expr != nil && !f.expr.Native() {
			return false
		}
	}
	return true
}
