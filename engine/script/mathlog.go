package script

import (
	"math"

	"github.com/dop251/goja"
)

// minNormal is the smallest positive normal float64.
const minNormal = 0x1p-1022

// Log is Math.log. Go's math.Log is wrong for subnormal arguments on
// amd64 (its assembly does not normalize them: Log(5e-324) gives -709.09
// instead of -744.44, Go issue 56600); for those Log runs fdlibm's
// algorithm, the one V8 uses, as Go's portable math.log does (copied from
// it, BSD licence, Copyright The Go Authors).
func Log(x float64) float64 {
	if !(x > 0 && x < minNormal) {
		return math.Log(x)
	}
	const (
		Ln2Hi = 6.93147180369123816490e-01 /* 3fe62e42 fee00000 */
		Ln2Lo = 1.90821492927058770002e-10 /* 3dea39ef 35793c76 */
		L1    = 6.666666666666735130e-01   /* 3FE55555 55555593 */
		L2    = 3.999999999940941908e-01   /* 3FD99999 9997FA04 */
		L3    = 2.857142874366239149e-01   /* 3FD24924 94229359 */
		L4    = 2.222219843214978396e-01   /* 3FCC71C5 1D8E78AF */
		L5    = 1.818357216161805012e-01   /* 3FC74664 96CB03DE */
		L6    = 1.531383769920937332e-01   /* 3FC39A09 D078C69F */
		L7    = 1.479819860511658591e-01   /* 3FC2F112 DF3E5244 */
	)
	f1, ki := math.Frexp(x)
	if f1 < math.Sqrt2/2 {
		f1 *= 2
		ki--
	}
	f := f1 - 1
	k := float64(ki)
	s := f / (2 + f)
	s2 := s * s
	s4 := s2 * s2
	t1 := s2 * (L1 + s4*(L3+s4*(L5+s4*L7)))
	t2 := s4 * (L2 + s4*(L4+s4*L6))
	R := t1 + t2
	hfsq := 0.5 * f * f
	return k*Ln2Hi - ((hfsq - (s*(hfsq+R) + k*Ln2Lo)) - f)
}

// fixMathLog replaces goja's Math.log, which calls math.Log, by Log.
func (v *vm) fixMathLog() error {
	return v.replaceMethod(v.rt.Get("Math").ToObject(v.rt), "log", v.rt.ToValue(1), func(call goja.FunctionCall) goja.Value {
		return v.rt.ToValue(Log(call.Argument(0).ToFloat()))
	})
}

// fixMathSign replaces goja's Math.sign, which returns its argument when
// that converts to NaN or a zero (Math.sign(undefined) is undefined,
// Math.sign(null) null, Math.sign("0") "0"), by the specification's: NaN,
// or the zero with its sign.
func (v *vm) fixMathSign() error {
	return v.replaceMethod(v.rt.Get("Math").ToObject(v.rt), "sign", v.rt.ToValue(1), func(call goja.FunctionCall) goja.Value {
		x := call.Argument(0).ToFloat()
		switch {
		case x > 0:
			x = 1
		case x < 0:
			x = -1
		}
		return v.rt.ToValue(x)
	})
}
