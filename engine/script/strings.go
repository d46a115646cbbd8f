package script

import (
	"strings"

	"github.com/dop251/goja"

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
