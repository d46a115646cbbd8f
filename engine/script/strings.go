package script

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/dop251/goja"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/wtf8"
)

// str returns the JS string of s. A WTF-8 lone surrogate in s (package
// wtf8) becomes that code unit: goja would read its bytes as U+FFFD.
func (v *vm) str(s string) goja.Value {
	if wtf8.Has(s) {
		return goja.StringFromUTF16(wtf8.ToUTF16(s))
	}
	return v.rt.ToValue(s)
}

// exportString returns the Go string of a JS string value, with lone
// surrogates as WTF-8 where goja's own export writes U+FFFD. Only strings
// whose export holds U+FFFD are read again, code unit by code unit.
func exportString(val goja.Value) string {
	s := val.String()
	if !strings.Contains(s, "\uFFFD") {
		return s
	}
	js, ok := val.(goja.String)
	if !ok {
		return s
	}
	units := make([]uint16, js.Length())
	for i := range units {
		units[i] = js.CharAt(i)
	}
	return wtf8.FromUTF16(units)
}

// hasReplacement reports whether s holds U+FFFD, which is how goja's
// export writes a lone surrogate.
func hasReplacement(s string) bool { return strings.Contains(s, "\uFFFD") }

// defineSrc defines an own data property as JSON.parse and object
// literals do (so "__proto__" is a plain key), with the
// Object.defineProperty of set-up time.
const defineSrc = `(function (define) {
	return function (o, k, v) {
		define(o, k, {value: v, writable: true, enumerable: true, configurable: true});
	};
})(Object.defineProperty)`

// plainObject converts an object (*jsoncodec.Object or map) with a key
// that holds a lone surrogate: a view's keys are Go strings, which goja
// reads with U+FFFD, so such an object becomes an ordinary object (a copy,
// keys in the view's order) whose keys are set as JS strings.
func (v *vm) plainObject(x any) goja.Value {
	obj := v.rt.NewObject()
	switch t := x.(type) {
	case *jsoncodec.Object:
		for _, m := range t.Members() {
			_ = v.defineKey(obj, m.Key, v.value(m.Value))
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(t)) {
			_ = v.defineKey(obj, k, v.value(t[k]))
		}
	}
	return obj
}

// defineKey defines obj[k] as an own data property (so "__proto__" is a
// plain key); a key with a lone surrogate goes through JavaScript, as a JS
// string.
func (v *vm) defineKey(obj *goja.Object, k string, val goja.Value) error {
	if !wtf8.Has(k) {
		return obj.DefineDataProperty(k, val, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE)
	}
	_, err := v.define(goja.Undefined(), obj, v.str(k), val)
	return err
}

// hasSurrogateKey reports whether a key of the object x
// (*jsoncodec.Object or map) holds a lone surrogate.
func hasSurrogateKey(x any) bool {
	switch t := x.(type) {
	case *jsoncodec.Object:
		for _, m := range t.Members() {
			if wtf8.Has(m.Key) {
				return true
			}
		}
	case map[string]any:
		for k := range t {
			if wtf8.Has(k) {
				return true
			}
		}
	}
	return false
}

// entriesSrc lists an object's own enumerable string keys, each followed
// by its value, with the Object.keys of set-up time (a snippet may replace
// the global one).
const entriesSrc = `(function (keys) {
	return function entries(o) {
		var ks = keys(o), out = [];
		for (var i = 0; i < ks.length; i++) out.push(ks[i], o[ks[i]]);
		return out;
	};
})(Object.keys)`

// compileEntries makes v.entries, which the exporter uses for objects
// whose keys hold lone surrogates: goja's Keys writes them as U+FFFD, and
// Get with such a key finds nothing.
func (v *vm) compileEntries() error {
	fn, err := v.rt.RunString(entriesSrc)
	if err != nil {
		return err
	}
	v.entries, _ = goja.AssertFunction(fn)
	if fn, err = v.rt.RunString(defineSrc); err != nil {
		return err
	}
	v.define, _ = goja.AssertFunction(fn)
	return nil
}

// fieldsWithSurrogates is fields for an object with a key that goja's
// Keys cannot write: keys and values are read through JavaScript.
func (e *exporter) fieldsWithSurrogates(obj *goja.Object, depth int) (any, error) {
	list, err := e.entries(goja.Undefined(), obj)
	if err != nil {
		return nil, err
	}
	arr := list.ToObject(nil)
	n := arr.Get("length").ToInteger()
	out := jsoncodec.NewObject(int(n / 2))
	if err := e.charge(2); err != nil {
		return nil, err
	}
	for i := int64(0); i+1 < n; i += 2 {
		k := exportString(arr.Get(strconv.FormatInt(i, 10)))
		if err := e.member(out, k, arr.Get(strconv.FormatInt(i+1, 10)), depth); err != nil {
			return nil, err
		}
	}
	return out, nil
}
