package script

import "github.com/dop251/goja"

// inlineMembers is how many members a members value holds without a map.
const inlineMembers = 2

// members maps keys to JS values: the first few in entries, a chunk of
// the runtime's memberSlab searched in order (a view usually keeps only
// the one or two containers a script read), the rest in a map made on
// demand.
type members struct {
	entries []member // capacity inlineMembers once used
	more    map[string]goja.Value
}

type member struct {
	key string
	val goja.Value
}

func (m *members) get(key string) (goja.Value, bool) {
	for i := range m.entries {
		if m.entries[i].key == key {
			return m.entries[i].val, true
		}
	}
	val, ok := m.more[key]
	return val, ok
}

// set sets key to val, taking a chunk of slab (when not nil) for the
// first member.
func (m *members) set(key string, val goja.Value, slab *memberSlab) {
	for i := range m.entries {
		if m.entries[i].key == key {
			m.entries[i].val = val
			return
		}
	}
	if _, ok := m.more[key]; ok || len(m.entries) == inlineMembers {
		if m.more == nil {
			m.more = map[string]goja.Value{}
		}
		m.more[key] = val
		return
	}
	if m.entries == nil {
		m.entries = slab.chunk()
	}
	m.entries = append(m.entries, member{key, val})
}

func (m *members) del(key string) {
	for i := range m.entries {
		if m.entries[i].key == key {
			n := len(m.entries) - 1
			copy(m.entries[i:], m.entries[i+1:])
			m.entries[n] = member{}
			m.entries = m.entries[:n]
			return
		}
	}
	delete(m.more, key)
}

// memberSlabSize is how many chunks a memberSlab's first array holds.
const memberSlabSize = 32

// memberSlab hands out the entries of the views of a runtime's calls in
// chunks of inlineMembers from one array, which reset recycles once the
// views are detached (nothing else holds a chunk).
type memberSlab struct {
	all  []member // the array chunks come from
	used int      // entries of all handed out
}

// chunk returns an empty chunk with room for inlineMembers entries, a
// new one when s is nil.
func (s *memberSlab) chunk() []member {
	if s == nil {
		return make([]member, 0, inlineMembers)
	}
	if s.used+inlineMembers > len(s.all) {
		// The chunks handed out stay with their views; the next array
		// is twice as large, and reset keeps only it.
		s.all, s.used = make([]member, max(2*len(s.all), memberSlabSize*inlineMembers)), 0
	}
	c := s.all[s.used : s.used : s.used+inlineMembers]
	s.used += inlineMembers
	return c
}

// reset empties the chunks handed out, for the next call.
func (s *memberSlab) reset() {
	clear(s.all[:s.used])
	s.used = 0
}
