package mapping

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping/expr"
	"github.com/weftworks/weft/engine/mapping/lib"
	"github.com/weftworks/weft/engine/script"
)

// ScriptTarget is the Target of errors and lineage of the whole-record
// script.
const ScriptTarget = "(script)"

// FieldError is a problem with one target field: a compile error, or a
// record where the field's expression threw or its coercion failed. Line
// and Column locate it in the expression or script (0 when not there).
type FieldError struct {
	Target  string `json:"target"`
	Message string `json:"message"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	// Index is the field's position in Mapping.Fields (-1 for the script).
	Index int `json:"index"`
}

// Error renders the error as `field "total": line 1, column 5: message`.
func (e FieldError) Error() string {
	where := fmt.Sprintf("field %q", e.Target)
	if e.Index < 0 {
		where = "script"
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s: line %d, column %d: %s", where, e.Line, e.Column, e.Message)
	}
	return fmt.Sprintf("%s: %s", where, e.Message)
}

// CompileError lists every problem Compile found.
type CompileError struct {
	Fields []FieldError
}

func (e *CompileError) Error() string {
	msgs := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		msgs[i] = f.Error()
		if f.Index >= 0 {
			msgs[i] = fmt.Sprintf("field %d %s", f.Index+1, strings.TrimPrefix(msgs[i], "field "))
		}
	}
	return strings.Join(msgs, "; ")
}

// Options tune a compiled mapping.
type Options struct {
	// Timeout bounds one goja evaluation (expressions outside the native
	// subset, and the script); default 1s.
	Timeout time.Duration
	// GojaScript runs the script in goja even when it is in the native
	// subset; it is for differential tests, benchmarks and weft map
	// --script-engine goja.
	GojaScript bool
}

// Compiled is a checked, prepared mapping. It is safe for concurrent use.
type Compiled struct {
	fields []compiledField
	script *script.Program
	native *expr.Script // the script compiled natively; nil when it runs in goja
	source *Mapping
	exprs  *expr.Set        // the fields' expressions, by field (nil for the other fields)
	flat   *flatPlan        // nil unless every target is a plain name and there is no script
	reads  *jsoncodec.Reads // what the mapping can read of a record; nil: everything
}

type compiledField struct {
	index    int
	target   targetPath
	raw      string // the target as written
	path     sourcePath
	constant any
	expr     expr.Program
	coerce   coercer
	def      any // undefined when there is no default
	omit     bool
	bare     bool // no default, no omitEmpty, no coercion: leaf keeps strings and numbers but -0 as they are
}

// Compile checks m and prepares it to run. The error is a *CompileError
// naming every bad field (index, target, and line/column in expressions).
func Compile(m *Mapping) (*Compiled, error) {
	return CompileWith(m, Options{})
}

// CompileWith is Compile with options.
func CompileWith(m *Mapping, opts Options) (*Compiled, error) {
	c := &Compiled{source: m}
	var errs []FieldError
	for i, f := range m.Fields {
		cf, err := compileField(i, f, m, opts)
		if err != nil {
			errs = append(errs, fieldError(i, f.Target, err))
			continue
		}
		c.fields = append(c.fields, cf)
	}
	if strings.TrimSpace(m.Script) != "" {
		if err := c.compileScript(m, opts); err != nil {
			errs = append(errs, fieldError(-1, ScriptTarget, err))
		}
	}
	if len(errs) > 0 {
		return nil, &CompileError{Fields: errs}
	}
	progs := make([]expr.Program, len(c.fields))
	for i, f := range c.fields {
		progs[i] = f.expr
	}
	c.exprs = expr.NewSet(progs)
	c.flat = newFlatPlan(c)
	c.reads = newReadSet(c)
	return c, nil
}

// compileScript compiles the whole-record script for goja (with bitwise
// operators corrected as in expressions) and, when it is in the native
// subset, natively.
func (c *Compiled) compileScript(m *Mapping, opts Options) error {
	tables := lib.New(m.Tables)
	prg, err := script.CompileWithLibrary("mapping", m.Script, tables, "$", "out")
	if err != nil {
		return err
	}
	if fixed, ok := expr.ScriptInt32Fix(m.Script); ok {
		// Should the rewrite not compile, the script runs as written.
		if p, err := script.CompileWithLibrary("mapping", fixed, tables, "$", "out"); err == nil {
			prg = p
		}
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = expr.DefaultTimeout
	}
	c.script = prg.WithOptions(script.Options{Timeout: timeout, Stringify: !m.Strict})
	if !opts.GojaScript {
		c.native, _ = expr.CompileScript(m.Script, expr.Options{Tables: m.Tables, Strict: m.Strict, Timeout: timeout})
	}
	return nil
}

// fieldError turns an error into a FieldError, keeping an expression's
// or script's line and column.
func fieldError(index int, target string, err error) FieldError {
	fe := FieldError{Target: target, Message: err.Error(), Index: index}
	var ee *expr.Error
	var se *script.Error
	switch {
	case errors.As(err, &ee):
		fe.Line, fe.Column, fe.Message = ee.Line, ee.Column, ee.Message
	case errors.As(err, &se) && se.Line > 0:
		fe.Line, fe.Column, fe.Message = se.Line, se.Column, se.Message
	}
	return fe
}

func compileField(i int, f Field, m *Mapping, opts Options) (compiledField, error) {
	cf := compiledField{index: i, raw: f.Target, omit: f.OmitEmpty, def: undefined}
	var err error
	if cf.target, err = parseTarget(f.Target); err != nil {
		return cf, err
	}
	sources := 0
	for _, set := range []bool{f.Path != "", len(f.Const) > 0, strings.TrimSpace(f.Expr) != ""} {
		if set {
			sources++
		}
	}
	if sources != 1 {
		return cf, fmt.Errorf("needs exactly one of path, const and expr (has %d)", sources)
	}
	switch {
	case f.Path != "":
		cf.path, err = parsePath(f.Path)
	case len(f.Const) > 0:
		cf.constant, err = decodeValue(f.Const, "const")
	default:
		cf.expr, err = expr.Compile(f.Expr, expr.Options{Tables: m.Tables, Timeout: opts.Timeout, Strict: m.Strict || f.Strict})
	}
	if err != nil {
		return cf, err
	}
	if len(f.Default) > 0 {
		if cf.def, err = decodeValue(f.Default, "default"); err != nil {
			return cf, err
		}
	}
	if f.Format != "" && f.Type != TypeDate {
		return cf, fmt.Errorf("format %q needs type date", f.Format)
	}
	cf.coerce, err = newCoercer(f.Type, f.Format)
	cf.bare = cf.def == undefined && !cf.omit && cf.coerce == nil
	return cf, err
}

// decodeValue decodes a constant, keeping the key order of its objects.
func decodeValue(raw json.RawMessage, what string) (any, error) {
	v, err := jsoncodec.DecodeFull(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return v, nil
}

// Mapping returns the mapping c was compiled from.
func (c *Compiled) Mapping() *Mapping { return c.source }

// Apply maps one record. It returns the output and the errors of the
// fields that failed (their targets are left out of the output); the other
// fields are still mapped. A script that returns undefined drops the
// record: out is nil and errs empty. record is never modified. The
// output's members are in JavaScript's order for an object literal with
// the targets in field order (array-index keys first); a script's result
// keeps the order JavaScript gives it.
func (c *Compiled) Apply(ctx context.Context, record any) (out *jsoncodec.Object, errs []FieldError) {
	out = jsoncodec.NewObject(len(c.fields))
	errs = c.applyFields(ctx, record, out)
	if c.script == nil {
		return out, errs
	}
	res, err := c.runScript(ctx, record, out)
	return scriptOutput(out, errs, res, err)
}

// applyFields maps the fields of one record into out, an empty object.
func (c *Compiled) applyFields(ctx context.Context, record any, out *jsoncodec.Object) (errs []FieldError) {
	var vstack [maxStackFields]any
	var estack [maxStackFields]error
	vals, verrs := fieldBuffers(len(c.fields), &vstack, &estack)
	c.sourcesInto(ctx, record, vals, verrs)
	for i := range c.fields {
		f := &c.fields[i]
		if err := f.store(out, vals[i], verrs[i]); err != nil {
			errs = append(errs, fieldError(f.index, f.raw, err))
		}
	}
	return errs
}

// scriptOutput is Apply's answer for a record whose fields gave out and
// errs and whose script returned res or failed with err.
func scriptOutput(out *jsoncodec.Object, errs []FieldError, res any, err error) (*jsoncodec.Object, []FieldError) {
	switch {
	case err != nil:
		return out, append(errs, fieldError(-1, ScriptTarget, err))
	case res == script.Undefined:
		return nil, errs
	}
	m, ok := res.(*jsoncodec.Object)
	if !ok {
		return out, append(errs, FieldError{Target: ScriptTarget, Index: -1,
			Message: fmt.Sprintf("the script must return an object, got %s", describe(res))})
	}
	jsonLike(m)
	return m, errs
}

// runScript runs the script natively when it can, and in goja otherwise
// (also for the records the native run hands back).
func (c *Compiled) runScript(ctx context.Context, record any, out *jsoncodec.Object) (any, error) {
	if c.native != nil {
		if res, ok := c.native.Run(ctx, record, out); ok {
			return res, nil
		}
	}
	return c.script.Call(ctx, record, out)
}

// store sets the field's target in out to its source's value v (err: the
// source failed).
func (f *compiledField) store(out *jsoncodec.Object, v any, err error) error {
	if err != nil {
		return err
	}
	return f.target.set(out, v, f.leaf, "")
}

// fieldBuffers returns n entries for values and errors of fields, in the
// arrays given when they are large enough.
func fieldBuffers(n int, vals *[maxStackFields]any, errs *[maxStackFields]error) ([]any, []error) {
	if n > maxStackFields {
		return make([]any, n), make([]error, n)
	}
	return vals[:n], errs[:n]
}

// sourcesInto evaluates the source of every field over record into vals
// and errs, one entry per field; the expressions are evaluated together
// (expr.Set).
func (c *Compiled) sourcesInto(ctx context.Context, record any, vals []any, errs []error) {
	for i := range c.fields {
		if f := &c.fields[i]; f.expr == nil {
			vals[i], errs[i] = f.source(record), nil
		}
	}
	c.exprs.Eval(ctx, record, vals, errs)
}

// source is the value of a field without an expression before its
// target's leaf rules: the path's or the constant.
func (f *compiledField) source(record any) any {
	if f.path != nil {
		return f.path.eval(record)
	}
	return f.constant
}

// leaf applies the default, "omit when empty" and the coercion to a value
// about to be stored, and copies containers so that the output never
// shares them with the input.
func (f *compiledField) leaf(v any, elem string) (any, bool, error) {
	if v == undefined || v == nil {
		if f.def != undefined {
			v = f.def
		}
	}
	if v == undefined || f.omit && isEmpty(v) {
		return nil, false, nil
	}
	if v != nil && f.coerce != nil {
		c, err := f.coerce(v)
		if err != nil {
			if elem != "" {
				err = fmt.Errorf("%s: %w", elem, err)
			}
			return nil, false, err
		}
		v = c
		if f.omit && isEmpty(v) {
			return nil, false, nil
		}
	}
	switch v.(type) {
	case *jsoncodec.Object, map[string]any, []any:
		v = jsonLike(jsoncodec.CloneValue(v))
	case float64:
		v = jsonLike(v)
	}
	return v, true, nil
}

// isEmpty reports whether v is null, "", [] or {}.
func isEmpty(v any) bool {
	switch t := v.(type) {
	case nil:
		return true
	case string:
		return t == ""
	case []any:
		return len(t) == 0
	case map[string]any:
		return len(t) == 0
	case *jsoncodec.Object:
		return t.Len() == 0
	}
	return false
}

// jsonLike replaces undefined array entries (from [*] paths) by null,
// drops undefined object members and turns -0 into 0, in place, as
// JSON.stringify would.
func jsonLike(v any) any {
	switch t := v.(type) {
	case float64:
		if t == 0 {
			return 0.0 // JSON.stringify(-0) is "0"
		}
	case []any:
		for i, e := range t {
			if e == undefined {
				t[i] = nil
			} else {
				t[i] = jsonLike(e)
			}
		}
	case map[string]any:
		for k, e := range t {
			if e == undefined {
				delete(t, k)
			} else {
				t[k] = jsonLike(e)
			}
		}
	case *jsoncodec.Object:
		for i := 0; i < t.Len(); i++ {
			m := &t.Members()[i]
			if m.Value == undefined {
				t.Delete(m.Key)
				i--
			} else {
				m.Value = jsonLike(m.Value)
			}
		}
	}
	return v
}
