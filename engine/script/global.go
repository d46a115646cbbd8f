package script

import (
	"unsafe"

	"github.com/dop251/goja"
)

// fixedGlobals are the global value properties JavaScript makes
// non-writable; assignments to them are ignored (or throw in strict code).
var fixedGlobals = []string{"undefined", "NaN", "Infinity"}

// globalScope is the global object snippets see. Reads fall through to a
// snapshot of the runtime's own global object (built-ins and the host
// library); everything a call assigns lands in an overlay that reset
// drops. A call that assigned nothing costs reset one length check, and
// no call sees the globals another assigned or the built-ins it replaced.
// Changes made inside built-in objects (Array.prototype.x = …,
// JSON.stringify = …) are not undone: they stay on the pooled runtime,
// visible to later calls of the same Program only (see the package doc).
type globalScope struct {
	self     *goja.Object          // the scope as a JS object (globalThis)
	base     map[string]goja.Value // own properties of the real global object
	baseKeys []string              // its enumerable keys, in order
	readOnly map[string]bool       // names assignments may not change
	vals     map[string]goja.Value // what the running call assigned
	order    []string              // keys of vals in assignment order
	// seen caches lookups in base by the address of the key's bytes:
	// goja passes the names a snippet reads as the same strings every
	// time, and a cached address keeps its bytes from being reused.
	seen [globalCache]seenGlobal
}

// globalCache is how many lookups globalScope caches.
const globalCache = 8

// seenGlobal is a cached lookup in globalScope.base.
type seenGlobal struct {
	key *byte
	n   int
	val goja.Value
}

var _ goja.DynamicObject = (*globalScope)(nil)

// installGlobalScope replaces rt's global object by a globalScope over it.
// fixed names (the host library) cannot be assigned or deleted.
func installGlobalScope(rt *goja.Runtime, fixed []string) *globalScope {
	g := rt.GlobalObject()
	s := &globalScope{base: map[string]goja.Value{}, baseKeys: g.Keys(), readOnly: map[string]bool{}}
	for _, k := range g.GetOwnPropertyNames() {
		s.base[k] = g.Get(k)
	}
	for _, k := range append(fixed, fixedGlobals...) {
		s.readOnly[k] = true
	}
	s.self = rt.NewDynamicObject(s)
	s.base["globalThis"] = s.self
	rt.SetGlobalObject(s.self)
	return s
}

// reset forgets the globals the last call assigned.
func (s *globalScope) reset() {
	if len(s.order) == 0 {
		return
	}
	clear(s.vals)
	s.order = s.order[:0]
}

// Get implements goja.DynamicObject.
func (s *globalScope) Get(key string) goja.Value {
	if v, ok := s.vals[key]; ok {
		return v
	}
	p := unsafe.StringData(key)
	e := &s.seen[uintptr(unsafe.Pointer(p))/8%globalCache]
	if e.key != p || e.n != len(key) {
		*e = seenGlobal{key: p, n: len(key), val: s.base[key]}
	}
	return e.val
}

// Set implements goja.DynamicObject.
func (s *globalScope) Set(key string, val goja.Value) bool {
	if s.readOnly[key] {
		return false
	}
	if s.vals == nil {
		s.vals = map[string]goja.Value{}
	}
	if _, ok := s.vals[key]; !ok {
		s.order = append(s.order, key)
	}
	s.vals[key] = val
	return true
}

// Has implements goja.DynamicObject.
func (s *globalScope) Has(key string) bool {
	if _, ok := s.vals[key]; ok {
		return true
	}
	_, ok := s.base[key]
	return ok
}

// Delete implements goja.DynamicObject. Built-ins and the library cannot
// be deleted; a deleted assignment uncovers the built-in it replaced.
func (s *globalScope) Delete(key string) bool {
	if _, ok := s.vals[key]; ok {
		delete(s.vals, key)
		for i, k := range s.order {
			if k == key {
				s.order = append(s.order[:i], s.order[i+1:]...)
				break
			}
		}
	}
	_, builtin := s.base[key]
	return !builtin
}

// Keys implements goja.DynamicObject: the real global object's enumerable
// keys, then the assigned ones.
func (s *globalScope) Keys() []string {
	keys := make([]string, 0, len(s.baseKeys)+len(s.order))
	for _, k := range s.baseKeys {
		if _, ok := s.vals[k]; !ok {
			keys = append(keys, k)
		}
	}
	return append(keys, s.order...)
}
