package jsoncodec

// Reads is the part of a value a Decoder decodes: all of it, or only some
// object members (each with its own part) and, for an array, one part of
// every element. A nil *Reads means all of the value. Build one with Key,
// Elem and SetAll from an empty Reads.
type Reads struct {
	all     bool
	keys    []readMember // few, so a linear search beats hashing
	elem    *Reads       // nil: no element content is read (only the length)
	escaped int          // how many keys are not raw (see readMember)
	own     bool         // a Decoder's own copy, which remembers keys in seen
	seen    []seenKey    // by member position, the keys met last in the part's objects
}

// readMember is an object member that is read, and the part of it read;
// raw reports a key whose JSON text is the key itself (printable ASCII
// without quotes or backslashes), which rawKey can match on the input.
// A raw key of up to 15 bytes is also held, with its closing quote, as
// two little-endian words (the bytes after the quote masked out), so
// that matching it is two loads and compares.
type readMember struct {
	key        string
	part       *Reads
	raw, short bool
	word, mask [2]uint64
}

// newReadMember returns the member k with the part c.
func newReadMember(k string, c *Reads) readMember {
	m := readMember{key: k, part: c, raw: skipPlain(k, 0) == len(k)}
	if m.short = m.raw && len(k) < 16; m.short {
		text, mask := make([]byte, 16), make([]byte, 16)
		copy(text, k+`"`)
		for i := range len(k) + 1 {
			mask[i] = 0xff
		}
		m.word = [2]uint64{load8(string(text), 0), load8(string(text), 8)}
		m.mask = [2]uint64{load8(string(mask), 0), load8(string(mask), 8)}
	}
	return m
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
	m := newReadMember(k, c)
	if !m.raw {
		n.escaped++
	}
	n.keys = append(n.keys, m)
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

// rawKeys returns the keys rawKey matches: none when every part of the
// value is read.
func (n *Reads) rawKeys() []readMember {
	if n.All() {
		return nil
	}
	return n.keys
}

// rawKey finds the key of keys (a Reads' rawKeys) whose text is at s[i:]
// (just after the opening quote of a member key) and is followed by the
// closing quote, trying the keys from the one at from on, then those
// before it. It returns the key's position in keys and the position after
// the closing quote, or -1 when no raw key matches; the key at s[i:] may
// still be one of the keys written with escapes, or one not read. A raw
// key has no quote or backslash, so the quote after it really ends the
// string.
func rawKey(keys []readMember, s string, i, from int) (at, end int) {
	wide := i+16 <= len(s)
	var w0, w1 uint64
	if wide {
		w0, w1 = load8(s, i), load8(s, i+8)
	}
	for at := from; at < len(keys); at++ {
		if keys[at].matches(s, i, w0, w1, wide) {
			return at, i + len(keys[at].key) + 1
		}
	}
	for at := range min(from, len(keys)) {
		if keys[at].matches(s, i, w0, w1, wide) {
			return at, i + len(keys[at].key) + 1
		}
	}
	return -1, 0
}

// at reports whether s[i:] is m's short raw key and its closing quote
// (false when the 16 bytes are not there).
func (m *readMember) at(s string, i int) bool {
	return m.short && i+16 <= len(s) && load8(s, i)&m.mask[0] == m.word[0] && load8(s, i+8)&m.mask[1] == m.word[1]
}

// matches reports whether s[i:] is m's raw key and its closing quote;
// when wide, w0 and w1 are the 16 bytes at s[i:].
func (m *readMember) matches(s string, i int, w0, w1 uint64, wide bool) bool {
	if m.short && wide {
		return w0&m.mask[0] == m.word[0] && w1&m.mask[1] == m.word[1]
	}
	end := i + len(m.key)
	return m.raw && end < len(s) && s[end] == '"' && s[i:end] == m.key
}

// member returns the part read of the object member k, and false when k
// is not read at all.
func (n *Reads) member(k string) (*Reads, bool) {
	if n.All() {
		return nil, true
	}
	if i := n.index(k); i >= 0 {
		return n.keys[i].part, true
	}
	return nil, false
}

// index returns the position of the member k in n's keys, or -1.
func (n *Reads) index(k string) int {
	for i := range n.keys {
		if n.keys[i].key == k {
			return i
		}
	}
	return -1
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
