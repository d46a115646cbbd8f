package script

import "github.com/dop251/goja"

// inlineMembers is how many members a members value holds without
// allocating.
const inlineMembers = 2

// members maps keys to JS values: the first few in an array searched in
// order (a view usually keeps only the one or two containers a script
// read), the rest in a map made on demand.
type members struct {
	inline [inlineMembers]member
	n      int // used entries of inline
	more   map[string]goja.Value
}

type member struct {
	key string
	val goja.Value
}

func (m *members) get(key string) (goja.Value, bool) {
	for i := range m.n {
		if m.inline[i].key == key {
			return m.inline[i].val, true
		}
	}
	val, ok := m.more[key]
	return val, ok
}

func (m *members) set(key string, val goja.Value) {
	for i := range m.n {
		if m.inline[i].key == key {
			m.inline[i].val = val
			return
		}
	}
	if _, ok := m.more[key]; ok || m.n == inlineMembers {
		if m.more == nil {
			m.more = map[string]goja.Value{}
		}
		m.more[key] = val
		return
	}
	m.inline[m.n] = member{key, val}
	m.n++
}

func (m *members) del(key string) {
	for i := range m.n {
		if m.inline[i].key == key {
			copy(m.inline[i:m.n], m.inline[i+1:m.n])
			m.n--
			m.inline[m.n] = member{}
			return
		}
	}
	delete(m.more, key)
}
