package script

import (
	"math"
	"strings"

	"github.com/dop251/goja"
)

const radixDigits = "0123456789abcdefghijklmnopqrstuvwxyz"

// NumberToRadix is Number.prototype.toString(radix) for a radix from 2
// to 36 other than 10, with V8's digits: the shortest fraction digits
// that read back as x (the digit generation of V8's
// DoubleToRadixCString: stop when the rest is within half an ulp, round
// half to even with carry into the integer part), and an integer part
// exact up to 2^53 and padded with zeros beyond it. goja's own digits
// differ from V8's in the last place for many fractions.
func NumberToRadix(x float64, radix int) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "Infinity"
	case math.IsInf(x, -1):
		return "-Infinity"
	case x == 0:
		return "0"
	}
	neg := x < 0
	x = math.Abs(x)
	integer := math.Floor(x)
	frac, carry := radixFraction(x, x-integer, radix)
	integer += carry
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteString(radixInteger(integer, radix))
	b.WriteString(frac)
	return b.String()
}

// radixFraction writes the fraction digits of x (fraction is x's
// fractional part), with the point, and the carry (0 or 1) that rounding
// them up passes to the integer part.
func radixFraction(x, fraction float64, radix int) (string, float64) {
	// delta is half the distance to the next double: digits stop once
	// the rest is below it, since x is then already determined.
	delta := math.Max(0.5*(math.Nextafter(x, math.Inf(1))-x), math.SmallestNonzeroFloat64)
	if fraction < delta {
		return "", 0
	}
	r := float64(radix)
	digits := []byte{'.'}
	for fraction >= delta {
		fraction *= r
		delta *= r
		d := int(fraction)
		digits = append(digits, radixDigits[d])
		fraction -= float64(d)
		if (fraction > 0.5 || fraction == 0.5 && d&1 == 1) && fraction+delta > 1 {
			return roundUpDigits(digits, radix)
		}
	}
	return string(digits), 0
}

// roundUpDigits adds one in the last place of digits (a point and
// fraction digits), dropping the digits that carry over; it carries 1
// into the integer part when every digit does.
func roundUpDigits(digits []byte, radix int) (string, float64) {
	for i := len(digits) - 1; i > 0; i-- {
		if d := strings.IndexByte(radixDigits, digits[i]); d+1 < radix {
			digits[i] = radixDigits[d+1]
			return string(digits[:i+1]), 0
		}
	}
	return "", 1
}

// radixInteger writes a non-negative integer: digits are exact while the
// value fits 53 bits, and the places below are zeros beyond that.
func radixInteger(integer float64, radix int) string {
	r := float64(radix)
	zeros := 0
	for integer/r >= 1<<53 {
		integer /= r
		zeros++
	}
	var digits []byte
	for {
		rem := math.Mod(integer, r)
		digits = append(digits, radixDigits[int(rem)])
		if integer = (integer - rem) / r; integer <= 0 {
			break
		}
	}
	for i, j := 0, len(digits)-1; i < j; i, j = i+1, j-1 {
		digits[i], digits[j] = digits[j], digits[i]
	}
	return string(digits) + strings.Repeat("0", zeros)
}

// radixFix wraps Number.prototype.toString so that a radix other than 10
// writes NumberToRadix's digits (toRadix); goja's own method still checks
// the receiver and the radix and throws their errors.
const radixFix = `(function (toRadix) {
	var builtin = Number.prototype.toString, valueOf = Number.prototype.valueOf, trunc = Math.trunc;
	Object.defineProperty(Number.prototype, "toString", {writable: true, enumerable: false, configurable: true,
		value: function toString(radix) {
			var r = radix === undefined ? 10 : trunc(radix);
			var s = builtin.call(this, r);
			return r === 10 ? s : toRadix(valueOf.call(this), r);
		}});
})`

// fixRadix installs radixFix.
func (v *vm) fixRadix() error {
	return v.runSetUp(radixFix, func(call goja.FunctionCall) goja.Value {
		return v.rt.ToValue(NumberToRadix(call.Argument(0).ToFloat(), int(call.Argument(1).ToInteger())))
	})
}
