package expr

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping/lib"
	"github.com/weftworks/weft/engine/script"
	"github.com/weftworks/weft/engine/wtf8"
)

// kind is the JavaScript type of a native value.
type kind uint8

const (
	kUndef kind = iota
	kNull
	kBool
	kNum
	kStr
	kObj   // *jsoncodec.Object or map[string]any (see objectGet)
	kArr   // []any
	kDate  // *jsDate (a Date object; n holds its time value)
	kShort // an optional chain that short-circuited (internal)
)

// value is a JavaScript value in the native evaluator. It is passed by
// value so that numbers and strings never allocate.
type value struct {
	k kind
	n float64 // numbers; booleans as 0 or 1
	s string
	// r is the object (*jsoncodec.Object, map[string]any) or []any of an
	// object or array; for a
	// string or number read from the record, its boxed Go form (nil when
	// the value was computed), so that exporting it does not allocate.
	r any
}

var (
	vUndef = value{k: kUndef}
	vNull  = value{k: kNull}
	vTrue  = value{k: kBool, n: 1}
	vFalse = value{k: kBool}
	vShort = value{k: kShort}
)

func num(f float64) value { return value{k: kNum, n: f} }
func str(s string) value  { return value{k: kStr, s: s} }
func boolean(b bool) value {
	if b {
		return vTrue
	}
	return vFalse
}

// errFallback asks Eval to evaluate the record in goja instead: the native
// evaluator met a case it does not model exactly. Expressions have no side
// effects, so evaluating again is safe.
var errFallback = errors.New("expr: needs goja")

// fromAny converts a JSON-like Go value (and Undefined) to a value.
func fromAny(x any) (value, error) {
	switch t := x.(type) {
	case nil:
		return vNull, nil
	case string:
		return value{k: kStr, s: t, r: x}, nil
	case float64:
		return value{k: kNum, n: t, r: x}, nil
	case bool:
		return boolean(t), nil
	case *jsoncodec.Object, map[string]any:
		return value{k: kObj, r: x}, nil
	case []any:
		return value{k: kArr, r: x}, nil // x, not t: re-boxing a slice allocates
	case *jsDate:
		return value{k: kDate, n: t.ms, r: x}, nil
	case int:
		return num(float64(t)), nil
	case int64:
		return num(float64(t)), nil
	case json.Number:
		f, err := t.Float64()
		if err != nil {
			return vUndef, errFallback
		}
		return num(f), nil
	}
	if x == script.Undefined {
		return vUndef, nil
	}
	return vUndef, errFallback
}

// toAny converts a value to its Go form (Undefined for undefined).
func (v value) toAny() any {
	switch v.k {
	case kNull:
		return nil
	case kBool:
		return v.n != 0
	case kNum:
		if v.r != nil {
			return v.r
		}
		return boxNumber(v.n)
	case kStr:
		if v.r != nil {
			return v.r
		}
		return v.s
	case kObj, kArr, kDate:
		return v.r
	}
	return script.Undefined
}

// smallInts holds boxed float64 values of 0..1023, so that exporting
// common numbers does not allocate.
var smallInts = func() (t [1024]any) {
	for i := range t {
		t[i] = float64(i)
	}
	return t
}()

// boxNumber returns x as an any, without allocating for small integers.
func boxNumber(x float64) any {
	if i := int(x); float64(i) == x && i >= 0 && i < len(smallInts) && !math.Signbit(x) {
		return smallInts[i]
	}
	return x
}

// boxFloat is boxNumber with the numbers that are not small integers
// boxed in boxes.
func boxFloat(x float64, boxes *jsoncodec.Boxes) any {
	if i := int(x); float64(i) == x && i >= 0 && i < len(smallInts) && !math.Signbit(x) {
		return smallInts[i]
	}
	return boxes.Float64(x)
}

func (v value) truthy() bool {
	switch v.k {
	case kBool:
		return v.n != 0
	case kNum:
		return v.n != 0 && !math.IsNaN(v.n)
	case kStr:
		return v.s != ""
	case kObj, kArr, kDate:
		return true
	}
	return false
}

func (v value) nullish() bool { return v.k == kUndef || v.k == kNull }

func (v value) typeOf() string {
	switch v.k {
	case kNull, kObj, kArr, kDate:
		return "object"
	case kBool:
		return "boolean"
	case kNum:
		return "number"
	case kStr:
		return "string"
	}
	return "undefined"
}

// exporter converts a result to a JSON-like value with the rules and the
// size accounting of package script, copying maps and slices.
type exporter struct {
	budget int
	strict bool // NaN and ±Infinity are errors instead of null
}

// exportResult exports the result of an evaluation; a string or number
// it computed is boxed in boxes.
func exportResult(v value, strict bool, boxes *jsoncodec.Boxes) (any, error) {
	switch v.k {
	case kUndef:
		return script.Undefined, nil
	case kStr:
		if (wtf8.IsASCII(v.s) || utf8.ValidString(v.s)) && len(v.s)+2 <= script.DefaultMaxOutputBytes {
			if v.r == nil {
				return boxes.String(v.s), nil
			}
			return v.r, nil
		}
	case kNum:
		if !math.IsNaN(v.n) && !math.IsInf(v.n, 0) {
			if v.r == nil {
				return boxFloat(v.n, boxes), nil
			}
			return v.r, nil
		}
	case kBool, kNull:
		return v.toAny(), nil
	}
	e := exporter{budget: script.DefaultMaxOutputBytes, strict: strict}
	return e.any(v.toAny(), 0)
}

func (e *exporter) charge(n int) error {
	e.budget -= n
	if e.budget < 0 {
		return errFallback // goja reports the exact error
	}
	return nil
}

func (e *exporter) any(x any, depth int) (any, error) {
	if depth > 100 {
		return nil, errFallback
	}
	switch t := x.(type) {
	case nil:
		return nil, e.charge(4)
	case bool:
		return t, e.charge(5)
	case string:
		if !utf8.ValidString(t) {
			return nil, errFallback
		}
		return t, e.charge(len(t) + 2)
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			if !e.strict {
				return nil, e.charge(4) // JSON.stringify writes null
			}
			return nil, fmt.Errorf("%w: %s", script.ErrResult, lib.FormatNumber(t))
		}
		if t == math.Trunc(t) && math.Abs(t) < 1<<63 && !(t == 0 && math.Signbit(t)) {
			return t, e.charge(len(strconv.FormatInt(int64(t), 10)))
		}
		return t, e.charge(24)
	case []any:
		return e.array(t, depth)
	case map[string]any:
		return e.object(t, depth)
	case *jsoncodec.Object:
		return e.ordered(t, depth)
	case *jsDate:
		s, err := t.toJSON()
		if err != nil || s == nil {
			return nil, errOr(err, e.charge(4))
		}
		return *s, e.charge(len(*s) + 2)
	}
	return nil, errFallback
}

// errOr returns err, or else alt.
func errOr(err, alt error) error {
	if err != nil {
		return err
	}
	return alt
}

func (e *exporter) array(a []any, depth int) (any, error) {
	out := make([]any, len(a))
	if err := e.charge(2); err != nil {
		return nil, err
	}
	for i, x := range a {
		if x == script.Undefined {
			x = nil
		}
		y, err := e.any(x, depth+1)
		if err != nil {
			return nil, err
		}
		out[i] = y
		if err := e.charge(1); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ordered copies an Object, leaving out undefined members.
func (e *exporter) ordered(o *jsoncodec.Object, depth int) (any, error) {
	out := jsoncodec.NewObject(o.Len())
	if err := e.charge(2); err != nil {
		return nil, err
	}
	for _, m := range o.Members() {
		if m.Value == script.Undefined {
			continue
		}
		if m.Key == "toJSON" {
			return nil, errFallback
		}
		y, err := e.any(m.Value, depth+1)
		if err != nil {
			return nil, err
		}
		out.Add(m.Key, y) // keys are distinct
		if err := e.charge(len(m.Key) + 4); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (e *exporter) object(m map[string]any, depth int) (any, error) {
	out := make(map[string]any, len(m))
	if err := e.charge(2); err != nil {
		return nil, err
	}
	for k, x := range m {
		if x == script.Undefined {
			continue
		}
		if k == "toJSON" {
			return nil, errFallback
		}
		y, err := e.any(x, depth+1)
		if err != nil {
			return nil, err
		}
		out[k] = y
		if err := e.charge(len(k) + 4); err != nil {
			return nil, err
		}
	}
	return out, nil
}
