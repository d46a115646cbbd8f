package script

import (
	"reflect"
	"unsafe"

	"github.com/dop251/goja"
	"github.com/weftworks/weft/engine/wtf8"
)

// asciiSlab is how many strings share one backing array of asciiBoxes.
const asciiSlab = 128

// asciiType is the type word of goja's value type for strings of ASCII
// characters (a string type, as StringFromUTF16 makes for ASCII code
// units), or nil when goja has no such type, and then asciiBoxes is not
// used.
var asciiType = gojaType(goja.StringFromUTF16([]uint16{'a'}), "asciiString", reflect.String)

// asciiBoxes makes goja string values of ASCII Go strings, as goja
// itself does for short ones, without an allocation each: the values'
// strings sit in shared arrays. goja would make a longer string a lazily
// scanned one instead, an allocation three times as large whose every use
// checks it was scanned.
type asciiBoxes struct {
	strs []string
}

// value returns s as a goja value, ok false when s is not ASCII (or
// goja has no ASCII string type).
func (b *asciiBoxes) value(s string) (goja.Value, bool) {
	if !wtf8.IsASCII(s) {
		return nil, false
	}
	return b.known(s)
}

// known is value for a string known to be ASCII.
func (b *asciiBoxes) known(s string) (goja.Value, bool) {
	if asciiType == nil {
		return nil, false
	}
	if len(b.strs) == cap(b.strs) {
		b.strs = make([]string, 0, asciiSlab)
	}
	b.strs = append(b.strs, s)
	return boxed(asciiType, unsafe.Pointer(&b.strs[len(b.strs)-1])), true
}
