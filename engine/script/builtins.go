package script

import (
	"fmt"
	"strconv"

	"github.com/dop251/goja"
)

// speedUpParseFloat replaces the global parseFloat (and Number.parseFloat,
// the same function) by one that parses plain decimal strings such as
// "19.99" directly and hands every other argument to the built-in, which
// runs a regular expression per call. Results are the built-in's.
func (v *vm) speedUpParseFloat() error {
	g := v.rt.GlobalObject()
	builtin, _ := goja.AssertFunction(g.Get("parseFloat"))
	fn, err := v.hostFunction("parseFloat", v.rt.ToValue(1), func(call goja.FunctionCall) goja.Value {
		if arg := call.Argument(0); goja.IsString(arg) {
			if s := arg.String(); plainDecimal(s) {
				f, _ := strconv.ParseFloat(s, 64) // a range error still gives ±Inf, as the built-in does
				return v.nums.value(v.rt, f)      // boxed from a slab: no allocation
			}
		}
		return v.must(builtin(goja.Undefined(), call.Arguments...))
	})
	if err != nil {
		return err
	}
	if err := g.DefineDataProperty("parseFloat", fn, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return err
	}
	return g.Get("Number").ToObject(v.rt).DefineDataProperty("parseFloat", fn, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// hostFunction returns fn as a JS function with the name and length
// properties a built-in has.
func (v *vm) hostFunction(name string, length goja.Value, fn func(goja.FunctionCall) goja.Value) (*goja.Object, error) {
	obj := v.rt.ToValue(fn).(*goja.Object)
	if err := obj.DefineDataProperty("name", v.rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return nil, err
	}
	return obj, obj.DefineDataProperty("length", length, goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// replaceMethod sets obj[name] to hostFunction(name, length, fn), writable,
// configurable and not enumerable, as built-in methods are.
func (v *vm) replaceMethod(obj *goja.Object, name string, length goja.Value, fn func(goja.FunctionCall) goja.Value) error {
	f, err := v.hostFunction(name, length, fn)
	if err != nil {
		return err
	}
	return obj.DefineDataProperty(name, f, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// runSetUp runs src, a function expression, and calls the function it
// gives with args (set-up code that needs Go values).
func (v *vm) runSetUp(src string, args ...any) error {
	fn, err := v.rt.RunString(src)
	if err != nil {
		return err
	}
	install, ok := goja.AssertFunction(fn)
	if !ok {
		return fmt.Errorf("script set-up: %.40q is not a function", src)
	}
	vals := make([]goja.Value, len(args))
	for i, a := range args {
		vals[i] = v.rt.ToValue(a)
	}
	_, err = install(goja.Undefined(), vals...)
	return err
}

// plainDecimal reports whether s is digits with at most one decimal point
// (and at least one digit): no sign, space, exponent or other character.
func plainDecimal(s string) bool {
	digits, dots := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dots++
		default:
			return false
		}
	}
	return digits > 0 && dots <= 1
}

// specFixes corrects, in every runtime, the built-ins where goja departs
// from ECMAScript, so that a snippet gives V8's answer:
//   - Array.prototype.includes compares with SameValueZero ([-0].includes(0)
//     is true);
//   - Date.parse and new Date(string) accept the lowercase "t" and "z" of
//     ISO dates, as V8 does, and give NaN for a string of digits whose year
//     is past the last valid date ("1700000000000"; goja wraps it around).
const specFixes = `(function () {
	var builtinIncludes = Array.prototype.includes, indexOf = Array.prototype.indexOf;
	Object.defineProperty(Array.prototype, "includes", {writable: true, enumerable: false, configurable: true,
		value: function includes(x) {
			var from = arguments[1];
			if (x === 0) return indexOf.call(this, 0, from) !== -1; // === treats -0 and 0 alike
			return builtinIncludes.call(this, x, from);
		}});
	var builtinParse = Date.parse, BuiltinDate = Date;
	var lowerISO = /^([+-]?\d{4,6}-\d\d-\d\d)t(.*?)z?$/i;
	var parse = function parse(s) {
		s = String(s);
		if (/^\d+$/.test(s) && +s > 275760) return NaN; // a year past the last valid date
		var m = lowerISO.exec(s);
		if (m !== null && /[tz]/.test(s)) s = m[1] + "T" + m[2] + (/z$/i.test(s) ? "Z" : "");
		return builtinParse(s);
	};
	Object.defineProperty(Date, "parse", {writable: true, enumerable: false, configurable: true, value: parse});
	var NewDate = function Date(year, month) {
		if (new.target === undefined) return BuiltinDate();
		var args = Array.prototype.slice.call(arguments);
		if (args.length === 1 && typeof args[0] === "string") args = [parse(args[0])];
		return Reflect.construct(BuiltinDate, args, new.target === NewDate ? BuiltinDate : new.target);
	};
	Object.defineProperty(NewDate, "length", {value: 7});
	Object.defineProperty(NewDate, "prototype", {value: BuiltinDate.prototype});
	["now", "parse", "UTC"].forEach(function (k) {
		Object.defineProperty(NewDate, k, {writable: true, enumerable: false, configurable: true, value: BuiltinDate[k]});
	});
	Object.defineProperty(BuiltinDate.prototype, "constructor", {writable: true, enumerable: false, configurable: true, value: NewDate});
	Object.defineProperty(globalThis, "Date", {writable: true, enumerable: false, configurable: true, value: NewDate});
})();`

// fixBuiltins runs specFixes and the fixes of fixes.go.
func (v *vm) fixBuiltins() error {
	for _, fix := range []string{specFixes, fromEntriesFix, stringifyFix, isoStringFix, sortFix} {
		if _, err := v.rt.RunString(fix); err != nil {
			return err
		}
	}
	return nil
}
