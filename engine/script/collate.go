package script

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// collators holds root-locale collators (a Collator is not safe for
// concurrent use).
var collators = sync.Pool{New: func() any { return collate.New(language.Und) }}

// LocaleCompare is String.prototype.localeCompare as V8 computes it with
// ICU's root collation: goja's collation (golang.org/x/text) after three
// corrections, so that the order matches ICU's where x/text's tables
// differ. U+FFFD sorts after every other character (x/text sorts it with
// the symbols); a lone surrogate sorts as an unassigned code point
// (after letters and Han, x/text reads it as U+FFFD); a decimal digit of
// any script without a compatibility decomposition equals the ASCII digit
// of its value ("١" and "1" compare equal).
func LocaleCompare(a, b []uint16) int {
	c := collators.Get().(*collate.Collator)
	defer collators.Put(c)
	return c.CompareString(collationText(a), collationText(b))
}

// Replacements that x/text orders as ICU orders the originals: U+10FFFD
// has the last implicit weight; U+40000 starts the unassigned planes,
// whose implicit weights follow Han's.
const (
	lastRune     = 0x10FFFD
	loneSurrBase = 0x40000
)

// collationText is the NFD text of JS string units with collationRune's
// replacements.
func collationText(units []uint16) string {
	var b strings.Builder
	for i := 0; i < len(units); i++ {
		r := rune(units[i])
		if utf16.IsSurrogate(r) {
			if r < 0xDC00 && i+1 < len(units) && units[i+1] >= 0xDC00 && units[i+1] < 0xE000 {
				r = utf16.DecodeRune(r, rune(units[i+1]))
				i++
			} else {
				r = loneSurrBase + r - 0xD800
			}
		}
		b.WriteRune(collationRune(r))
	}
	return norm.NFD.String(b.String())
}

// collationRune replaces U+FFFD and decimal digits outside ASCII.
func collationRune(r rune) rune {
	switch {
	case r == utf8.RuneError:
		return lastRune
	case r >= utf8.RuneSelf && unicode.Is(unicode.Nd, r) && norm.NFKD.String(string(r)) == string(r):
		return '0' + digitValue(r)
	}
	return r
}

// digitValue is the value of a decimal digit: Unicode assigns them in
// contiguous runs of ten, zero first.
func digitValue(r rune) rune {
	start := r
	for unicode.Is(unicode.Nd, start-1) {
		start--
	}
	return (r - start) % 10
}

// localeCompareFix wraps String.prototype.localeCompare: the receiver's
// check and ToString of both strings stay JavaScript's, the comparison is
// compare's (LocaleCompare).
const localeCompareFix = `(function (compare) {
	var builtin = String.prototype.localeCompare;
	Object.defineProperty(String.prototype, "localeCompare", {writable: true, enumerable: false, configurable: true,
		value: function localeCompare(that) {
			"use strict";
			if (this === null || this === undefined) return builtin.call(this, that);
			return compare(` + "`${this}`, `${that}`" + `);
		}});
})`

// fixLocaleCompare installs localeCompareFix.
func (v *vm) fixLocaleCompare() error {
	return v.runSetUp(localeCompareFix, func(call goja.FunctionCall) goja.Value {
		return v.rt.ToValue(LocaleCompare(codeUnits(call.Argument(0)), codeUnits(call.Argument(1))))
	})
}

// codeUnits returns the UTF-16 code units of a JS string.
func codeUnits(val goja.Value) []uint16 {
	js, ok := val.(goja.String)
	if !ok {
		return utf16.Encode([]rune(val.String()))
	}
	units := make([]uint16, js.Length())
	for i := range units {
		units[i] = js.CharAt(i)
	}
	return units
}
