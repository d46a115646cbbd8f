package jsoncodec

import (
	"errors"
	"strconv"
)

// ErrFallback is returned by DecodeJSON for input it does not
// decode itself: malformed JSON, and valid JSON with rare features
// (invalid UTF-8, numbers out of range, deep nesting). The
// caller decodes such input with a full JSON library, which gives the
// value or the exact error.
var ErrFallback = errors.New("jsoncodec: input needs the full JSON decoder")

// maxDecodeDepth bounds the nesting DecodeJSON follows.
const maxDecodeDepth = 200

// smallInts holds boxed float64 values of 0..1023, so that decoding common
// numbers does not allocate.
var smallInts = func() (t [1024]any) {
	for i := range t {
		t[i] = float64(i)
	}
	return t
}()

// DecodeJSON decodes one JSON value into a JSON-like value (*Object,
// []any, string, float64, bool, nil), as encoding/json does into an
// `any` but with objects that keep their key order. Decoded strings
// without escapes are substrings of text, so decoding allocates little
// (and they keep text alive). A lone surrogate escape ("\ud83d") is kept
// as WTF-8 (package wtf8), as JavaScript keeps it; encoding/json would
// replace it. Anything
// it does not handle gives ErrFallback.
func DecodeJSON(text string) (any, error) {
	var members [16]Member
	d := decoder{s: text, mbuf: members[:0]}
	v, ok := d.value(0, nil)
	if ok {
		d.space()
		ok = d.pos == len(d.s)
	}
	if !ok {
		return nil, ErrFallback
	}
	return v, nil
}

// maxFreeObjects bounds the objects a Decoder keeps for reuse.
const maxFreeObjects = 1024

// A Decoder decodes like DecodeJSON and reuses the objects of the records
// released to it, so that a stream of records allocates less; it leaves
// out the values its Reads does not read. It is not safe for concurrent
// use.
type Decoder struct {
	d     decoder
	free  []*Object // cleared objects of released records
	strs  Boxes     // boxes the decoded strings and numbers
	reads *Reads    // the part of a record to decode; nil: all
}

// NewDecoder returns a Decoder that decodes only reads of each value (nil:
// all of it). It keeps its own copy of reads, in which it remembers the
// keys of the records it decodes: later changes to reads are not seen.
func NewDecoder(reads *Reads) *Decoder { return &Decoder{reads: reads.ownCopy()} }

// Decode decodes one JSON value as DecodeJSON does (without the values
// the Decoder's Reads leaves out).
func (dec *Decoder) Decode(text string) (any, error) {
	dec.d.s, dec.d.pos, dec.d.free, dec.d.strs = text, 0, &dec.free, &dec.strs
	made := len(dec.d.made)
	v, ok := dec.d.value(0, dec.reads)
	if ok {
		dec.d.space()
		ok = dec.d.pos == len(dec.d.s)
	}
	if !ok {
		clear(dec.d.buf)
		dec.d.buf = dec.d.buf[:0]
		dec.d.dropMembers(0)
		clear(dec.d.made[made:])
		dec.d.made = dec.d.made[:made]
		return nil, ErrFallback
	}
	return v, nil
}

// Release hands back every record Decode returned since the last
// Release: nothing uses them any more (their output is already written).
// Their small objects are cleared and reused by later calls of Decode.
func (dec *Decoder) Release() {
	for i, o := range dec.d.made {
		if cap(o.members) <= 8 && len(dec.free) < maxFreeObjects {
			o.reset()
			dec.free = append(dec.free, o)
		}
		dec.d.made[i] = nil
	}
	dec.d.made = dec.d.made[:0]
}

// decoder reads a JSON value from s; ok false means "fall back".
type decoder struct {
	s    string
	pos  int
	buf  []any      // elements of the arrays being decoded, as a stack
	mbuf []Member   // members of the objects being decoded, as a stack
	free *[]*Object // objects to reuse, if any
	made []*Object  // objects made since the last release (when free is set)
	strs *Boxes     // boxes strings and numbers without an allocation each; nil: plain conversion
}

// newObject returns an empty object, reused when one is free.
func (d *decoder) newObject() *Object { return d.objectOf(nil, 0) }

// objectOf returns an object holding a copy of ms (whose keys have the
// keyBits keys), reused when one is free, else made with its members in
// the same allocation.
func (d *decoder) objectOf(ms []Member, keys uint64) *Object {
	if d.free == nil {
		return objectOf(ms, keys)
	}
	o := d.emptyObject(len(ms))
	o.members, o.keys = append(o.members, ms...), keys
	return o
}

// emptyObject returns an empty object of a Decoder with room for n
// members, reused when one is free.
func (d *decoder) emptyObject(n int) *Object {
	var o *Object
	if k := len(*d.free); k > 0 {
		o = (*d.free)[k-1]
		*d.free = (*d.free)[:k-1]
	} else {
		o = NewObject(n)
	}
	d.track(o)
	return o
}

// maxMade bounds the objects a Decoder tracks between releases, so that
// a caller that never releases does not keep them all.
const maxMade = 4096

// track remembers an object for the next Release.
func (d *decoder) track(o *Object) {
	if len(d.made) < maxMade {
		d.made = append(d.made, o)
	}
}

// space skips whitespace. Its first test, inlined at each call, is all
// that most calls do: compact JSON has no whitespace between tokens.
func (d *decoder) space() {
	if d.pos < len(d.s) && d.s[d.pos] > ' ' {
		return
	}
	d.spaces()
}

// spaces is space's loop, kept out of line so that space stays small.
//
//go:noinline
func (d *decoder) spaces() {
	for d.pos < len(d.s) {
		switch d.s[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// value decodes a value, of which only the part n is read.
func (d *decoder) value(depth int, n *Reads) (any, bool) {
	d.space()
	if d.pos >= len(d.s) || depth > maxDecodeDepth {
		return nil, false
	}
	switch c := d.s[d.pos]; {
	case c == '{':
		return d.object(depth, n)
	case c == '[':
		return d.array(depth, n)
	case c == '"':
		s, ok := d.str()
		if d.strs != nil && ok {
			return d.strs.String(s), true
		}
		return s, ok
	case c == '-' || c >= '0' && c <= '9':
		return d.number()
	}
	for _, lit := range [...]struct {
		word string
		v    any
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if len(d.s)-d.pos >= len(lit.word) && d.s[d.pos:d.pos+len(lit.word)] == lit.word {
			d.pos += len(lit.word)
			return lit.v, true
		}
	}
	return nil, false
}

func (d *decoder) object(depth int, n *Reads) (any, bool) {
	d.pos++ // {
	d.space()
	if d.pos < len(d.s) && d.s[d.pos] == '}' {
		d.pos++
		return d.newObject(), true
	}
	keys, ms, into := n.rawKeys(), &d.mbuf, (*Object)(nil)
	if len(keys) > 0 && d.free != nil { // few members: decoded into their object
		into = d.emptyObject(len(keys))
		ms = &into.members
	}
	mbase, base, plain, seen, next := len(d.mbuf), len(*ms), true, uint64(0), 0
	met := n.seenKeys() // may be out of date once a key is remembered: it only predicts
	for j := 0; ; j++ {
		if d.pos >= len(d.s) || d.s[d.pos] != '"' { // compact JSON has the quote right here
			d.space()
			if d.pos >= len(d.s) || d.s[d.pos] != '"' {
				return d.dropMembers(mbase)
			}
		}
		var k string
		at, read, ok := -1, true, true
		if j < len(met) && met[j].fits(d.s, d.pos+1) { // the key met last at this position
			at = met[j].at
			d.pos += len(met[j].text) + 2
			if read = at >= 0; read {
				k, next = keys[at].key, at+1
			}
		} else if k, at, read, ok = d.memberKey(n, keys, j, &next); !ok {
			return d.dropMembers(mbase)
		}
		if !d.colon() {
			return d.dropMembers(mbase)
		}
		if read {
			var part *Reads
			if at >= 0 {
				part = keys[at].part
			}
			v, ok := d.value(depth+1, part)
			if !ok {
				return d.dropMembers(mbase)
			}
			if bit := keyBit(k); plain && seen&bit == 0 && len(*ms)-base < indexMin && (k == "" || k[0] > '9') {
				seen |= bit // plainKey's common case
			} else {
				plain = plain && plainKey((*ms)[base:], k, &seen)
			}
			*ms = append(*ms, Member{k, v})
		} else if !d.skip(depth + 1) {
			return d.dropMembers(mbase)
		}
		if d.pos < len(d.s) && d.s[d.pos] == ',' { // sep's common case
			d.pos++
			continue
		}
		if more, ok := d.sep('}'); !more {
			if !ok {
				return d.dropMembers(mbase)
			}
			return d.finishObject(into, base, plain, seen), true
		}
	}
}

// colon reads the ':' after a member key.
func (d *decoder) colon() bool {
	if d.pos >= len(d.s) || d.s[d.pos] != ':' { // compact JSON has it right here
		d.space()
		if d.pos >= len(d.s) || d.s[d.pos] != ':' {
			return false
		}
	}
	d.pos++
	return true
}

// finishObject makes the object of the members decoded since base:
// copied as they are when plain (their keys have the keyBits keys), else
// set one by one (JavaScript's order, the last of repeated keys wins at
// the place of the first). When the members were decoded into an object
// (into, not nil), it is that object, as it is when plain.
func (d *decoder) finishObject(into *Object, base int, plain bool, keys uint64) *Object {
	if into != nil {
		if plain {
			into.keys = keys
			return into
		}
		base = len(d.mbuf)
		d.mbuf = append(d.mbuf, into.members...)
		into.reset() // still tracked, so reused after the next Release
	}
	var o *Object
	if plain {
		o = d.objectOf(d.mbuf[base:], keys)
	} else {
		o = d.newObject()
		for _, m := range d.mbuf[base:] {
			o.Set(m.Key, m.Value)
		}
	}
	d.dropMembers(base)
	return o
}

// dropMembers clears the member stack down to base (and reports failure,
// for the error paths).
func (d *decoder) dropMembers(base int) (any, bool) {
	clear(d.mbuf[base:])
	d.mbuf = d.mbuf[:base]
	return nil, false
}

// sep reads the ',' after an element (more) or the closing byte; ok is
// false for anything else.
func (d *decoder) sep(closing byte) (more, ok bool) {
	d.space()
	if d.pos >= len(d.s) {
		return false, false
	}
	c := d.s[d.pos]
	d.pos++
	return c == ',', c == ',' || c == closing
}

func (d *decoder) array(depth int, n *Reads) (any, bool) {
	d.pos++ // [
	d.space()
	if d.pos < len(d.s) && d.s[d.pos] == ']' {
		d.pos++
		return []any{}, true
	}
	base, part := len(d.buf), n.element()
	for {
		v, ok := d.value(depth+1, part)
		if !ok {
			return nil, false
		}
		d.buf = append(d.buf, v)
		more, ok := d.sep(']')
		if !ok {
			return nil, false
		}
		if !more {
			break
		}
	}
	var a any
	if d.strs != nil {
		a = d.strs.Array(d.buf[base:])
	} else {
		a = append(make([]any, 0, len(d.buf)-base), d.buf[base:]...)
	}
	clear(d.buf[base:])
	d.buf = d.buf[:base]
	return a, true
}

// numberTail marks the bytes that can follow a digit in a number.
var numberTail = func() (t [256]bool) {
	for _, c := range "0123456789.eE" {
		t[c] = true
	}
	return t
}()

// number reads a number with JSON's grammar.
func (d *decoder) number() (any, bool) {
	start := d.pos
	if c, i := d.s[start], start+1; c >= '0' && c <= '9' && (i == len(d.s) || !numberTail[d.s[i]]) {
		d.pos = i // a single digit, the commonest number
		return smallInts[c-'0'], true
	}
	end, small, ok := d.scanNumber()
	if !ok {
		return nil, false
	}
	d.pos = end
	text := d.s[start:end]
	if small {
		n := 0
		for i := range len(text) { // at most 4 digits
			n = n*10 + int(text[i]-'0')
		}
		if n < len(smallInts) {
			return smallInts[n], true
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return nil, false
	}
	if d.strs != nil {
		return d.strs.Float64(f), true
	}
	return f, true
}

// scanNumber finds the end of the number at pos; small reports a
// non-negative integer of at most 4 digits.
func (d *decoder) scanNumber() (end int, small, ok bool) {
	start, i := d.pos, d.pos
	if d.s[i] == '-' {
		i++
	}
	intStart := i
	i = d.digits(i)
	if i == intStart || d.s[intStart] == '0' && i-intStart > 1 {
		return 0, false, false
	}
	integer := true
	if i < len(d.s) && d.s[i] == '.' {
		j := d.digits(i + 1)
		if j == i+1 {
			return 0, false, false
		}
		i, integer = j, false
	}
	if i < len(d.s) && (d.s[i] == 'e' || d.s[i] == 'E') {
		i++
		if i < len(d.s) && (d.s[i] == '+' || d.s[i] == '-') {
			i++
		}
		j := d.digits(i)
		if j == i {
			return 0, false, false
		}
		i, integer = j, false
	}
	return i, integer && start == intStart && i-start <= 4, true
}

func (d *decoder) digits(i int) int {
	for i < len(d.s) && d.s[i] >= '0' && d.s[i] <= '9' {
		i++
	}
	return i
}
