package jsoncodec

import (
	"strconv"
	"sync/atomic"
)

// indexMin is the size from which an Object looks keys up in a map
// instead of comparing them one by one.
const indexMin = 16

// Object is a JSON object that keeps its members in JavaScript's order
// of own properties: keys that are array indexes ("0".."4294967294", no
// leading zeros) first in ascending numeric order, then the other keys in
// the order they were first set. The decoder makes them so that a record
// keeps its key order end to end; AppendJSON and MarshalJSON write the
// members in that order.
//
// The zero value is an empty object ready to use, and a nil *Object reads
// as an empty one. An Object is not safe for concurrent writes.
type Object struct {
	members []Member
	nidx    int            // members[:nidx] have array-index keys
	index   map[string]int // position of each key, once there are indexMin
	keys    uint64         // the keyBit of every key: a key whose bit is clear is not a member
}

// Member is one member of an Object.
type Member struct {
	Key   string
	Value any
}

// objectOf returns an object holding a copy of ms, whose keys have the
// keyBits keys.
func objectOf(ms []Member, keys uint64) *Object {
	o := NewObject(len(ms))
	o.members, o.keys = append(o.members, ms...), keys
	return o
}

// NewObject returns an empty object with room for n members; a small one
// is made in one allocation with its room.
func NewObject(n int) *Object {
	switch {
	case n == 0:
		return &Object{}
	case n <= 2:
		x := &struct {
			o Object
			m [2]Member
		}{}
		x.o.members = x.m[:0]
		return &x.o
	case n <= 4:
		x := &struct {
			o Object
			m [4]Member
		}{}
		x.o.members = x.m[:0]
		return &x.o
	case n <= 8:
		x := &struct {
			o Object
			m [8]Member
		}{}
		x.o.members = x.m[:0]
		return &x.o
	}
	return &Object{members: make([]Member, 0, n)}
}

// Len is the number of members.
func (o *Object) Len() int {
	if o == nil {
		return 0
	}
	return len(o.members)
}

// Members returns the members in order; the slice is the object's own:
// the caller may change values in it but nothing else.
func (o *Object) Members() []Member {
	if o == nil {
		return nil
	}
	return o.members
}

// Keys returns the keys in order, in a new slice.
func (o *Object) Keys() []string {
	keys := make([]string, o.Len())
	for i, m := range o.Members() {
		keys[i] = m.Key
	}
	return keys
}

// find returns the position of k, or -1.
func (o *Object) find(k string) int {
	if o == nil || o.keys&keyBit(k) == 0 {
		return -1
	}
	if o.index != nil {
		if i, ok := o.index[k]; ok {
			return i
		}
		return -1
	}
	for i := range o.members {
		if o.members[i].Key == k {
			return i
		}
	}
	return -1
}

// Get returns the value of member k and whether there is one.
func (o *Object) Get(k string) (any, bool) {
	if i := o.find(k); i >= 0 {
		return o.members[i].Value, true
	}
	return nil, false
}

// Set sets member k to v: in place when k is a member, else as a new
// member in its JavaScript position.
func (o *Object) Set(k string, v any) {
	if i := o.find(k); i >= 0 {
		o.members[i].Value = v
		return
	}
	o.Add(k, v)
}

// Add adds member k, which must not be a member yet (keys from one
// enumeration of an object), in its JavaScript position. It is Set
// without the search.
func (o *Object) Add(k string, v any) {
	o.keys |= keyBit(k)
	if !isIndexKey(k) {
		o.members = append(o.members, Member{k, v})
		if o.index != nil {
			o.index[k] = len(o.members) - 1
		} else if len(o.members) >= indexMin {
			o.buildIndex()
		}
		return
	}
	n := indexValue(k)
	at := o.nidx
	for at > 0 && indexValue(o.members[at-1].Key) > n {
		at--
	}
	o.members = append(o.members, Member{})
	copy(o.members[at+1:], o.members[at:])
	o.members[at] = Member{k, v}
	o.nidx++
	if o.index != nil || len(o.members) >= indexMin {
		o.buildIndex()
	}
}

// Delete removes member k, if there is one.
func (o *Object) Delete(k string) {
	i := o.find(k)
	if i < 0 {
		return
	}
	if i < o.nidx {
		o.nidx--
	}
	n := len(o.members) - 1
	copy(o.members[i:], o.members[i+1:])
	o.members[n] = Member{} // keep nothing alive
	o.members = o.members[:n]
	if o.index != nil {
		o.buildIndex()
	}
}

func (o *Object) buildIndex() {
	if o.index == nil {
		o.index = make(map[string]int, len(o.members))
	} else {
		clear(o.index)
	}
	for i := range o.members {
		o.index[o.members[i].Key] = i
	}
}

// Reset empties o, keeping its storage for new members.
func (o *Object) Reset() { o.reset() }

// reset empties o, keeping its storage.
func (o *Object) reset() {
	clear(o.members)
	o.members, o.nidx, o.index, o.keys = o.members[:0], 0, nil, 0
}

// Clone returns a deep copy of o (objects, maps and arrays inside are
// copied too).
func (o *Object) Clone() *Object {
	if o == nil {
		return nil
	}
	c := &Object{members: make([]Member, len(o.members)), nidx: o.nidx, keys: o.keys}
	for i, m := range o.members {
		c.members[i] = Member{m.Key, CloneValue(m.Value)}
	}
	if o.index != nil {
		c.buildIndex()
	}
	return c
}

// CloneValue returns a deep copy of a JSON-like value.
func CloneValue(v any) any {
	switch t := v.(type) {
	case *Object:
		return t.Clone()
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = CloneValue(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = CloneValue(e)
		}
		return out
	}
	return v
}

// Lookup returns member k of v when v is an object (an *Object or a
// map[string]any) that has it.
func Lookup(v any, k string) (any, bool) {
	switch t := v.(type) {
	case *Object:
		return t.Get(k)
	case map[string]any:
		x, ok := t[k]
		return x, ok
	}
	return nil, false
}

// Hint remembers where a key was found in the last object looked up
// through it: the records of a stream have their keys in the same places,
// so the next lookup usually compares one key. It is safe for concurrent
// use; the zero value is ready.
type Hint struct{ i atomic.Int32 }

// LookupHint is Lookup, trying h's position first in an *Object.
func LookupHint(v any, k string, h *Hint) (any, bool) {
	o, ok := v.(*Object)
	if !ok || o == nil {
		return Lookup(v, k)
	}
	if i := int(h.i.Load()); i < len(o.members) && o.members[i].Key == k {
		return o.members[i].Value, true
	}
	i := o.find(k)
	if i < 0 {
		return nil, false
	}
	h.i.Store(int32(i))
	return o.members[i].Value, true
}

// Plain returns a copy of v with every Object turned into a
// map[string]any, for code that only understands maps (the order is
// lost). v itself is not changed; scalars are shared.
func Plain(v any) any {
	switch t := v.(type) {
	case *Object:
		if t == nil {
			return nil
		}
		m := make(map[string]any, len(t.members))
		for _, e := range t.members {
			m[e.Key] = Plain(e.Value)
		}
		return m
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = Plain(e)
		}
		return m
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = Plain(e)
		}
		return out
	}
	return v
}

// MarshalJSON writes the members in order, as AppendJSON does.
func (o *Object) MarshalJSON() ([]byte, error) { return AppendJSON(nil, o) }

// isIndexKey reports whether k is an array index ("0".."4294967294" in
// canonical form), which JavaScript orders before other keys.
func isIndexKey(k string) bool {
	if len(k) == 0 || len(k) > 10 || k[0] < '0' || k[0] > '9' || k[0] == '0' && len(k) > 1 {
		return false
	}
	for i := 1; i < len(k); i++ {
		if k[i] < '0' || k[i] > '9' {
			return false
		}
	}
	return len(k) < 10 || indexValue(k) <= 4294967294
}

// indexValue is the number an array-index key stands for.
func indexValue(k string) uint64 {
	n, _ := strconv.ParseUint(k, 10, 64)
	return n
}
