package mapping

import "github.com/weftworks/weft/engine/mapping/expr"

// readNode is the part of a value a compiled mapping can read: all of
// it, or only the object members in keys (each with its own part) and,
// for an array, the part elem of every element. A nil *readNode means
// all of the value.
type readNode struct {
	all  bool
	keys []readMember // few, so a linear search beats hashing
	elem *readNode    // nil: no element content is read (only the length)
}

// readMember is an object member that is read, and the part of it read.
type readMember struct {
	key  string
	part *readNode
}

// nothing reads no member or element content of a value.
var nothing = &readNode{}

// whole reports whether every part of the value is read.
func (n *readNode) whole() bool { return n == nil || n.all }

// member returns the part read of the object member k, and false when k
// is not read at all.
func (n *readNode) member(k string) (*readNode, bool) {
	if n.whole() {
		return nil, true
	}
	for i := range n.keys {
		if n.keys[i].key == k {
			return n.keys[i].part, true
		}
	}
	return nil, false
}

// element returns the part read of every array element.
func (n *readNode) element() *readNode {
	switch {
	case n.whole():
		return nil
	case n.elem == nil:
		return nothing
	}
	return n.elem
}

// add marks the path r (and everything under its end) as read.
func (n *readNode) add(r expr.Read) {
	for i, st := range r {
		if n.all {
			return
		}
		switch {
		case st.Index:
			n.child(st.Key).add(r[i+1:])
			n.elemNode().add(r[i+1:])
			return
		case st.Each:
			n = n.elemNode()
		default:
			n = n.child(st.Key)
		}
	}
	n.all = true
}

func (n *readNode) child(k string) *readNode {
	if c, ok := n.member(k); ok {
		return c
	}
	c := &readNode{}
	n.keys = append(n.keys, readMember{key: k, part: c})
	return c
}

func (n *readNode) elemNode() *readNode {
	if n.elem == nil {
		n.elem = &readNode{}
	}
	return n.elem
}

// newReadSet returns what c can read of a record; nil means everything
// (a script, or an expression that does not run natively).
func newReadSet(c *Compiled) *readNode {
	if c.script != nil {
		return nil
	}
	root := &readNode{}
	for i := range c.fields {
		f := &c.fields[i]
		switch {
		case f.path != nil:
			root.add(f.path.read())
		case f.expr != nil:
			reads, ok := expr.Reads(f.expr)
			if !ok {
				return nil
			}
			for _, r := range reads {
				root.add(r)
			}
		}
	}
	if root.all {
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
func (c *Compiled) NewDecoder() *Decoder {
	return &Decoder{reads: c.reads}
}
