package script

import (
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
	fn := v.rt.ToValue(func(call goja.FunctionCall) goja.Value {
		if arg := call.Argument(0); goja.IsString(arg) {
			if s := arg.String(); plainDecimal(s) {
				f, _ := strconv.ParseFloat(s, 64) // a range error still gives ±Inf, as the built-in does
				return v.rt.ToValue(f)
			}
		}
		res, err := builtin(goja.Undefined(), call.Arguments...)
		if err != nil {
			v.throw(err)
		}
		return res
	}).(*goja.Object)
	if err := fn.DefineDataProperty("name", v.rt.ToValue("parseFloat"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return err
	}
	if err := fn.DefineDataProperty("length", v.rt.ToValue(1), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return err
	}
	if err := g.DefineDataProperty("parseFloat", fn, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return err
	}
	return g.Get("Number").ToObject(v.rt).DefineDataProperty("parseFloat", fn, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
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
