package mapping

import (
	"context"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// flatKey is one distinct key of a flat mapping's output, with its JSON
// form and the fields that write it, in field order.
type flatKey struct {
	prefix []byte // `"key":`
	field  int    // index into Compiled.fields
}

// flatPlan writes a mapping whose targets are all distinct plain
// top-level names and which has no script: the keys in the order Apply
// sets them (JavaScript's order for the fields' keys).
type flatPlan struct {
	keys []flatKey
}

// newFlatPlan returns the plan of c, or nil when c needs the general
// path. Two fields with one target need it too: which of them sets the
// key first, and so its place, depends on the record.
func newFlatPlan(c *Compiled) *flatPlan {
	if c.script != nil {
		return nil
	}
	order := jsoncodec.NewObject(len(c.fields))
	for i, f := range c.fields {
		if len(f.target) != 1 || f.target[0].each {
			return nil
		}
		k := f.target[0].key
		if _, dup := order.Get(k); dup {
			return nil
		}
		order.Set(k, i)
	}
	p := &flatPlan{}
	for _, m := range order.Members() {
		p.keys = append(p.keys, flatKey{prefix: append(jsoncodec.AppendString(nil, m.Key), ':'), field: m.Value.(int)})
	}
	return p
}

// maxStackFields is how many field values AppendRecord keeps without
// allocating.
const maxStackFields = 16

// AppendRecord maps one record as Apply does and appends the output to
// dst as one NDJSON line: the bytes AppendJSON writes for Apply's output,
// then a newline. A dropped record appends nothing. When fields fail, dst
// is returned unchanged with their errors. err is AppendJSON's error for
// an output it cannot encode (dst unchanged).
func (c *Compiled) AppendRecord(ctx context.Context, dst []byte, record any) (out []byte, errs []FieldError, err error) {
	if c.flat == nil {
		m, errs := c.Apply(ctx, record)
		return appendOutput(dst, m, errs)
	}
	var vstack [maxStackFields]any
	var estack [maxStackFields]error
	vals, verrs := fieldBuffers(len(c.fields), &vstack, &estack)
	c.sourcesInto(ctx, record, vals, verrs)
	for i := range c.fields {
		v, err := c.fields[i].kept(vals[i], verrs[i])
		if err != nil {
			errs = append(errs, fieldError(c.fields[i].index, c.fields[i].raw, err))
		}
		vals[i] = v
	}
	if len(errs) > 0 {
		return dst, errs, nil
	}
	return c.flat.append(dst, vals)
}

// appendOutput appends Apply's answer m as a line of JSON, unless errs
// is not empty or the record was dropped.
func appendOutput(dst []byte, m *jsoncodec.Object, errs []FieldError) ([]byte, []FieldError, error) {
	if len(errs) > 0 || m == nil {
		return dst, errs, nil
	}
	b, err := jsoncodec.AppendJSON(dst, m)
	if err != nil {
		return dst, nil, err
	}
	return append(b, '\n'), nil, nil
}

// AppendEach maps the records next returns, in order, as AppendRecord
// would: it appends their output to *dst and calls done after each
// record with what AppendRecord returns besides the output. A script
// that runs in goja runs the records of one AppendEach in one entry into
// its runtime (script.Program.Batch), which costs less per record than
// AppendRecord's.
func (c *Compiled) AppendEach(ctx context.Context, dst *[]byte, next func() (any, bool), done func(errs []FieldError, err error)) {
	if c.script == nil || c.native != nil {
		for rec, ok := next(); ok; rec, ok = next() {
			out, errs, err := c.AppendRecord(ctx, *dst, rec)
			*dst = out
			done(errs, err)
		}
		return
	}
	var (
		args [2]any
		out  jsoncodec.Object // the fields' output, emptied for each record
		errs []FieldError
	)
	c.script.Batch(ctx, func() ([]any, bool) {
		rec, ok := next()
		if !ok {
			return nil, false
		}
		out.Reset()
		errs = c.applyFields(ctx, rec, &out)
		args = [2]any{rec, &out}
		return args[:], true
	}, func(res any, err error) {
		m, all := scriptOutput(&out, errs, res, err)
		args, errs = [2]any{}, nil
		*dst, all, err = appendOutput(*dst, m, all)
		done(all, err)
	})
}

// append writes the kept values under their keys.
func (p *flatPlan) append(dst []byte, vals []any) ([]byte, []FieldError, error) {
	b := append(dst, '{')
	first := true
	for _, k := range p.keys {
		v := vals[k.field]
		if v == undefined {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		var err error
		if b, err = jsoncodec.AppendJSON(append(b, k.prefix...), v); err != nil {
			return dst, nil, err
		}
	}
	return append(b, '}', '\n'), nil, nil
}

// kept is the value a field with a plain target stores for its source's
// value v (err: the source failed), or undefined when the field leaves its
// target out.
func (f *compiledField) kept(v any, err error) (any, error) {
	if err != nil {
		return undefined, err
	}
	if f.bare {
		switch t := v.(type) { // leaf's answer for the common values
		case string:
			return v, nil
		case float64:
			if t != 0 { // leaf turns -0 into 0
				return v, nil
			}
		}
	}
	out, keep, err := f.leaf(v, "")
	if !keep || err != nil {
		return undefined, err
	}
	return out, nil
}
