package script

import (
	"strings"
	"unicode/utf16"

	"github.com/dop251/goja"
	"github.com/weftworks/weft/engine/wtf8"
)

// segmentMethods are the String.prototype methods goja runs on the UTF-8
// form of a string, turning its lone surrogates into U+FFFD. Case
// mapping and normalization leave a lone surrogate as it is in
// JavaScript, and white space never is one, so on a string with lone
// surrogates these methods run on the parts between them.
var segmentMethods = []string{"toUpperCase", "toLowerCase", "toLocaleUpperCase", "toLocaleLowerCase", "normalize", "trim", "trimStart", "trimEnd"}

// keepLoneSurrogates wraps segmentMethods so that lone surrogates survive
// them, as in V8. Strings without lone surrogates go straight to goja.
func (v *vm) keepLoneSurrogates() error {
	proto := v.rt.Get("String").ToObject(v.rt).Get("prototype").ToObject(v.rt)
	builtins := map[string]goja.Callable{}
	for _, name := range segmentMethods {
		if fn, ok := goja.AssertFunction(proto.Get(name)); ok {
			builtins[name] = fn
		}
	}
	for _, name := range segmentMethods {
		builtin := builtins[name]
		if builtin == nil {
			continue
		}
		// first and last run on the parts before the first lone surrogate
		// and after the last one, each on those in between.
		first, each, last := builtin, builtin, builtin
		switch name {
		case "trim", "trimStart", "trimEnd":
			first, each, last = nil, nil, nil
			if name != "trimEnd" {
				first = builtins["trimStart"]
			}
			if name != "trimStart" {
				last = builtins["trimEnd"]
			}
		}
		fast := asciiFast[name]
		err := v.replaceMethod(proto, name, proto.Get(name).ToObject(v.rt).Get("length"), func(call goja.FunctionCall) goja.Value {
			s, ok := call.This.(goja.String)
			if !ok {
				return v.must(builtin(call.This, call.Arguments...))
			}
			if str := s.String(); fast != nil && wtf8.IsASCII(str) {
				// A string that is not ASCII has some byte past 0x7F in
				// its UTF-8 form; the case and trimming of ASCII is ASCII.
				r := fast(str)
				if val, ok := v.ascii.known(r); ok {
					return val
				}
				return v.rt.ToValue(r)
			}
			if !hasLoneSurrogate(s) {
				return v.must(builtin(call.This, call.Arguments...))
			}
			var out []uint16
			start, op := 0, first
			for _, end := range loneSurrogates(s) {
				out = v.segment(out, op, s.Substring(start, end), call.Arguments)
				out = append(out, s.CharAt(end))
				start, op = end+1, each
			}
			return goja.StringFromUTF16(v.segment(out, last, s.Substring(start, s.Length()), call.Arguments))
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// segment appends the code units of op run on part (of part itself when
// op is nil) to out.
func (v *vm) segment(out []uint16, op goja.Callable, part goja.String, args []goja.Value) []uint16 {
	if op != nil {
		part = v.must(op(part, args...)).ToString().(goja.String)
	}
	for i := range part.Length() {
		out = append(out, part.CharAt(i))
	}
	return out
}

// must returns res, or throws err in the runtime.
func (v *vm) must(res goja.Value, err error) goja.Value {
	if err != nil {
		v.throw(err)
	}
	return res
}

// hasLoneSurrogate reports whether s has a lone surrogate, reading its
// code units once when it has none.
func hasLoneSurrogate(s goja.String) bool {
	for i, n := 0, s.Length(); i < n; i++ {
		if utf16.IsSurrogate(rune(s.CharAt(i))) {
			return len(loneSurrogates(s)) > 0
		}
	}
	return false
}

// asciiSpace is the white space trim removes from ASCII strings.
const asciiSpace = "\t\n\v\f\r "

// asciiFast gives segmentMethods' results for ASCII strings without a
// call back into goja, which costs allocations on the script hot path.
var asciiFast = map[string]func(string) string{
	"toUpperCase": strings.ToUpper, "toLowerCase": strings.ToLower,
	"toLocaleUpperCase": strings.ToUpper, "toLocaleLowerCase": strings.ToLower,
	"trim":      func(s string) string { return strings.Trim(s, asciiSpace) },
	"trimStart": func(s string) string { return strings.TrimLeft(s, asciiSpace) },
	"trimEnd":   func(s string) string { return strings.TrimRight(s, asciiSpace) },
}

// loneSurrogates returns the positions of the lone surrogates of s.
func loneSurrogates(s goja.String) []int {
	var at []int
	n := s.Length()
	for i := 0; i < n; i++ {
		c := s.CharAt(i)
		switch {
		case c >= 0xD800 && c < 0xDC00 && i+1 < n && s.CharAt(i+1) >= 0xDC00 && s.CharAt(i+1) < 0xE000:
			i++
		case utf16.IsSurrogate(rune(c)):
			at = append(at, i)
		}
	}
	return at
}
