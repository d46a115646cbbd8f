package jsoncodec

// Reads is the part of a value a Decoder decodes: all of it, or only some
// object members (each with its own part) and, for an array, one part of
// every element. A nil *Reads means all of the value. Build one with Key,
// Elem and SetAll from an empty Reads.
type Reads struct {
	all  bool
	keys []readMember // few, so a linear search beats hashing
	elem *Reads       // nil: no element content is read (only the length)
}

// readMember is an object member that is read, and the part of it read.
type readMember struct {
	key  string
	part *Reads
}

// nothing reads no member or element content of a value.
var nothing = &Reads{}

// All reports whether every part of the value is read.
func (n *Reads) All() bool { return n == nil || n.all }

// SetAll marks every part of the value as read.
func (n *Reads) SetAll() { n.all = true }

// Key returns the part read of the object member k, adding it (reading
// nothing yet) when it is not there.
func (n *Reads) Key(k string) *Reads {
	if c, ok := n.member(k); ok {
		return c
	}
	c := &Reads{}
	n.keys = append(n.keys, readMember{key: k, part: c})
	return c
}

// Elem returns the part read of every array element, adding it (reading
// nothing yet) when it is not there.
func (n *Reads) Elem() *Reads {
	if n.elem == nil {
		n.elem = &Reads{}
	}
	return n.elem
}

// member returns the part read of the object member k, and false when k
// is not read at all.
func (n *Reads) member(k string) (*Reads, bool) {
	if n.All() {
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
func (n *Reads) element() *Reads {
	switch {
	case n.All():
		return nil
	case n.elem == nil:
		return nothing
	}
	return n.elem
}
