package jsoncodec

import (
	"encoding/binary"
	"strings"
)

// maxSeenKeys bounds the member positions a Decoder remembers the keys of
// for one part of a record.
const maxSeenKeys = 32

// seenKey is the key met last at one member position of the objects of a
// part, read or not: its JSON text (without the quotes), the same with
// the closing quote as two little-endian words when it fits in them (the
// bytes after the quote masked out, as readMember's; else a mask of zero
// and a word that is not, which never match), and the position of the key
// in the part's keys (-1: a key not read).
type seenKey struct {
	word, mask [2]uint64
	text       string
	at         int
}

// fits reports whether s[i:] is the key's text and its closing quote,
// compared as two words; false when the 16 bytes are not there or the
// key is too long for them (see matches).
func (k *seenKey) fits(s string, i int) bool {
	return i+16 <= len(s) && load8(s, i)&k.mask[0] == k.word[0] && load8(s, i+8)&k.mask[1] == k.word[1]
}

// matches reports whether s[i:] is the key's text and its closing quote.
func (k *seenKey) matches(s string, i int) bool {
	end := i + len(k.text)
	return end < len(s) && s[end] == '"' && s[i:end] == k.text
}

// seenKeys returns the keys met last in n's objects, by member position.
func (n *Reads) seenKeys() []seenKey {
	if n == nil {
		return nil
	}
	return n.seen
}

// learns reports whether n remembers the keys a Decoder meets: n is a
// Decoder's own copy, and does not read all of the value (whose keys are
// all read, and need no search).
func (n *Reads) learns() bool { return n != nil && n.own && !n.all }

// remember records that the key at member position j of an object of n
// has the JSON text text (without its quotes) and is n's key at (-1: not
// read); n learns. Only the copy of a Reads a Decoder owns remembers
// keys: the Reads a mapping shares between its decoders does not change.
// Records mostly repeat the keys of the one before in the same order,
// those their mapping does not read too, so that comparing the key
// remembered usually replaces scanning and searching a key.
func (n *Reads) remember(j int, text string, at int) {
	if j >= maxSeenKeys {
		return
	}
	for len(n.seen) <= j {
		n.seen = append(n.seen, seenKey{word: [2]uint64{1, 0}, at: -1})
	}
	k := seenKey{word: [2]uint64{1, 0}, at: at}
	if at >= 0 && n.keys[at].key == text {
		k.text = n.keys[at].key
	} else {
		k.text = strings.Clone(text) // not the input's, which it would keep alive
	}
	if len(text) < 16 {
		var b, m [16]byte
		copy(b[:], text)
		b[len(text)] = '"'
		for i := range len(text) + 1 {
			m[i] = 0xff
		}
		k.word = [2]uint64{binary.LittleEndian.Uint64(b[:8]), binary.LittleEndian.Uint64(b[8:])}
		k.mask = [2]uint64{binary.LittleEndian.Uint64(m[:8]), binary.LittleEndian.Uint64(m[8:])}
	}
	n.seen[j] = k
}

// ownCopy returns a deep copy of n for one Decoder, which remembers the
// keys it meets in it (nil stays nil: all of the value is read). An
// element part that reads nothing is copied too, as an empty Reads, so
// that the keys of such elements are remembered as well.
func (n *Reads) ownCopy() *Reads {
	if n == nil {
		return nil
	}
	c := &Reads{all: n.all, escaped: n.escaped, own: true, elem: n.elem.ownCopy()}
	if c.elem == nil {
		c.elem = &Reads{own: true}
	}
	c.keys = make([]readMember, len(n.keys))
	for i, m := range n.keys {
		m.part = m.part.ownCopy()
		c.keys[i] = m
	}
	return c
}
