package expr

import (
	"math"
	"reflect"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping/lib"
	"github.com/weftworks/weft/engine/wtf8"
)

// toPrimitive converts objects to primitives. Plain objects print as
// "[object Object]" and arrays join their items, unless an object has an
// own toString or valueOf key, which only goja models.
func toPrimitive(v value) (value, error) {
	switch v.k {
	case kObj, kArr:
		s, err := objectString(v.r, 0)
		return str(s), err
	case kDate:
		return vUndef, errFallback // Date's toString depends on the time zone: goja decides
	}
	return v, nil
}

// toNumberHint is ToPrimitive with hint number: a Date gives its time
// value.
func toNumberHint(v value) (value, error) {
	if v.k == kDate {
		return num(v.n), nil
	}
	return toPrimitive(v)
}

func objectString(x any, depth int) (string, error) {
	if depth > 100 {
		return "", errFallback
	}
	if isObject(x) {
		if _, ok := objectGet(x, "toString"); ok {
			return "", errFallback
		}
		if _, ok := objectGet(x, "valueOf"); ok {
			return "", errFallback
		}
		return "[object Object]", nil
	}
	switch t := x.(type) {
	case []any:
		var b strings.Builder
		for i, item := range t {
			if i > 0 {
				b.WriteByte(',')
			}
			v, err := fromAny(item)
			if err != nil {
				return "", err
			}
			if v.nullish() {
				continue
			}
			s, err := toStr(v)
			if err != nil {
				return "", err
			}
			b.WriteString(s)
		}
		return b.String(), nil
	}
	return "", errFallback
}

// toStr is JavaScript's ToString.
func toStr(v value) (string, error) {
	switch v.k {
	case kStr:
		return v.s, nil
	case kNum:
		return lib.FormatNumber(v.n), nil
	case kBool:
		if v.n != 0 {
			return "true", nil
		}
		return "false", nil
	case kNull:
		return "null", nil
	case kUndef:
		return "undefined", nil
	}
	p, err := toPrimitive(v)
	return p.s, err
}

// toNum is JavaScript's ToNumber.
func toNum(v value) (float64, error) {
	switch v.k {
	case kNum, kBool:
		return v.n, nil
	case kStr:
		return lib.StringToNumber(v.s), nil
	case kNull:
		return 0, nil
	case kUndef:
		return math.NaN(), nil
	case kDate:
		return v.n, nil
	}
	p, err := toPrimitive(v)
	if err != nil {
		return 0, err
	}
	return lib.StringToNumber(p.s), nil
}

// toInteger is ToIntegerOrInfinity as goja applies it (NaN → 0, clipped to
// int64).
func toInteger(v value) (int64, error) {
	f, err := toNum(v)
	if err != nil || math.IsNaN(f) {
		return 0, err
	}
	switch {
	case f >= math.MaxInt64:
		return math.MaxInt64, nil
	case f <= math.MinInt64:
		return math.MinInt64, nil
	}
	return int64(f), nil
}

func toInt32(f float64) int32 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return int32(uint32(int64(math.Mod(math.Trunc(f), 1<<32))))
}

func toUint32(f float64) uint32 { return uint32(toInt32(f)) }

// strictEquals is ===.
func strictEquals(a, b value) (bool, error) {
	if a.k != b.k {
		return false, nil
	}
	switch a.k {
	case kUndef, kNull:
		return true, nil
	case kNum, kBool:
		return a.n == b.n, nil
	case kStr:
		return a.s == b.s, nil
	}
	return sameObject(a.r, b.r)
}

// sameObject compares object identity: the same map, or the same non-empty
// slice; empty slices have no identity in Go, so goja decides.
func sameObject(a, b any) (bool, error) {
	oa, aok := a.(*jsoncodec.Object)
	ob, bok := b.(*jsoncodec.Object)
	if aok || bok {
		return aok && bok && oa == ob, nil
	}
	ra, rb := reflect.ValueOf(a), reflect.ValueOf(b)
	if ra.Kind() != rb.Kind() {
		return false, nil
	}
	if ra.Kind() == reflect.Pointer {
		return ra.UnsafePointer() == rb.UnsafePointer(), nil
	}
	if ra.Kind() == reflect.Slice && (ra.Len() == 0 || rb.Len() == 0) {
		return false, errFallback
	}
	return ra.UnsafePointer() == rb.UnsafePointer() && ra.Len() == rb.Len(), nil
}

// looseEquals is ==.
func looseEquals(a, b value) (bool, error) {
	if a.k == b.k {
		return strictEquals(a, b)
	}
	switch {
	case a.nullish() && b.nullish():
		return true, nil
	case a.nullish() || b.nullish():
		return false, nil
	case a.k == kBool:
		return looseEquals(num(a.n), b)
	case b.k == kBool:
		return looseEquals(a, num(b.n))
	case a.k == kNum && b.k == kStr:
		return a.n == lib.StringToNumber(b.s), nil
	case a.k == kStr && b.k == kNum:
		return lib.StringToNumber(a.s) == b.n, nil
	case a.k >= kObj && b.k >= kObj:
		return sameObject(a.r, b.r)
	case a.k >= kObj:
		p, err := toPrimitive(a)
		if err != nil {
			return false, err
		}
		return looseEquals(p, b)
	default:
		p, err := toPrimitive(b)
		if err != nil {
			return false, err
		}
		return looseEquals(a, p)
	}
}

// less is the abstract relational comparison a < b; undefined (NaN)
// reports ok=false.
func less(a, b value) (lt, ok bool, err error) {
	if a, err = toNumberHint(a); err != nil {
		return false, false, err
	}
	if b, err = toNumberHint(b); err != nil {
		return false, false, err
	}
	if a.k == kStr && b.k == kStr {
		return compareStrings(a.s, b.s) < 0, true, nil
	}
	x, _ := toNum(a)
	y, _ := toNum(b)
	if math.IsNaN(x) || math.IsNaN(y) {
		return false, false, nil
	}
	return x < y, true, nil
}

// compareStrings compares by UTF-16 code units, as JavaScript does.
func compareStrings(a, b string) int {
	if wtf8.IsASCII(a) && wtf8.IsASCII(b) {
		return strings.Compare(a, b)
	}
	x, y := wtf8.ToUTF16(a), wtf8.ToUTF16(b) // lone surrogates are code units too
	for i := 0; i < len(x) && i < len(y); i++ {
		if x[i] != y[i] {
			return int(x[i]) - int(y[i])
		}
	}
	return len(x) - len(y)
}

// units returns s as UTF-16 code units; invalid UTF-8 is left to goja.
func units(s string) ([]uint16, error) {
	if !utf8.ValidString(s) {
		return nil, errFallback
	}
	return utf16.Encode([]rune(s)), nil
}

// fromUnits converts code units back; a lone surrogate is left to goja.
func fromUnits(u []uint16) (string, error) {
	for i := 0; i < len(u); i++ {
		switch c := u[i]; {
		case c >= 0xD800 && c < 0xDC00:
			if i+1 >= len(u) || u[i+1] < 0xDC00 || u[i+1] >= 0xE000 {
				return "", errFallback
			}
			i++
		case c >= 0xDC00 && c < 0xE000:
			return "", errFallback
		}
	}
	return string(utf16.Decode(u)), nil
}

// length16 is a string's length in UTF-16 code units.
func length16(s string) (int, error) {
	if wtf8.IsASCII(s) {
		return len(s), nil
	}
	u, err := units(s)
	return len(u), err
}
