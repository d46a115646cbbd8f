package mapping

import (
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping/expr"
)

// addRead marks the path r (and everything under its end) as read.
func addRead(n *jsoncodec.Reads, r expr.Read) {
	for i, st := range r {
		if n.All() {
			return
		}
		switch {
		case st.Index:
			addRead(n.Key(st.Key), r[i+1:])
			addRead(n.Elem(), r[i+1:])
			return
		case st.Each:
			n = n.Elem()
		default:
			n = n.Key(st.Key)
		}
	}
	n.SetAll()
}

// newReadSet returns what c can read of a record; nil means everything
// (a script, or an expression that does not run natively).
func newReadSet(c *Compiled) *jsoncodec.Reads {
	if c.script != nil {
		return nil
	}
	root := &jsoncodec.Reads{}
	for i := range c.fields {
		f := &c.fields[i]
		switch {
		case f.path != nil:
			addRead(root, f.path.read())
		case f.expr != nil:
			reads, ok := expr.Reads(f.expr)
			if !ok {
				return nil
			}
			for _, r := range reads {
				addRead(root, r)
			}
		}
	}
	if root.All() {
		return nil
	}
	return root
}

// read returns the path as an expr.Read.
func (p sourcePath) read() expr.Read {
	r := make(expr.Read, len(p))
	for i, st := range p {
		switch st.kind {
		case stepKey:
			r[i] = expr.ReadStep{Key: st.key}
		default:
			r[i] = expr.ReadStep{Each: true}
		}
	}
	return r
}

// NewDecoder returns a Decoder for the records of c: it leaves out of
// each record the values c never reads, which maps to the same output as
// the full record and decodes faster.
func (c *Compiled) NewDecoder() *jsoncodec.Decoder {
	return jsoncodec.NewDecoder(c.reads)
}
