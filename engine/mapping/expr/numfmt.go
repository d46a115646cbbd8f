package expr

import (
	"math"
	"strconv"
	"strings"

	"github.com/weftworks/weft/engine/mapping/lib"
	"github.com/weftworks/weft/engine/script"
)

// exactDigits returns the decimal digits of |x| (x finite, not 0) rounded
// half up to n significant digits, and the decimal exponent of the first
// digit: x ≈ 0.d1d2...dn × 10^(e+1).
func exactDigits(x float64, n int) (string, int) {
	// 800 digits after the point hold every double's exact expansion.
	s := strconv.FormatFloat(math.Abs(x), 'e', 800, 64)
	mant, exp, _ := strings.Cut(s, "e")
	e, _ := strconv.Atoi(exp)
	digits := []byte(strings.Replace(mant, ".", "", 1))
	roundUp := digits[n] >= '5'
	digits = digits[:n]
	if roundUp {
		i := n - 1
		for ; i >= 0 && digits[i] == '9'; i-- {
			digits[i] = '0'
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits[:n-1]...)
			e++
		} else {
			digits[i]++
		}
	}
	return string(digits), e
}

// toPrecision is Number.prototype.toPrecision; a precision outside 1 to
// 100 (a RangeError) is left to goja.
func toPrecision(x float64, args argList) (value, error) {
	if args.at(0).k == kUndef {
		return str(lib.FormatNumber(x)), nil
	}
	p, err := toInteger(args.at(0))
	if err != nil {
		return vUndef, err
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return str(lib.FormatNumber(x)), nil
	}
	if p < 1 || p > 100 {
		return vUndef, errFallback
	}
	sign, n := "", int(p)
	if x < 0 {
		sign = "-"
	}
	var digits string
	e := 0
	if x == 0 {
		digits = strings.Repeat("0", n)
	} else {
		digits, e = exactDigits(x, n)
	}
	if e < -6 || e >= n {
		return str(sign + expForm(digits, e)), nil
	}
	switch {
	case e == n-1:
		return str(sign + digits), nil
	case e >= 0:
		return str(sign + digits[:e+1] + "." + digits[e+1:]), nil
	}
	return str(sign + "0." + strings.Repeat("0", -e-1) + digits), nil
}

// expForm writes digits × 10^e as d.ddde±E.
func expForm(digits string, e int) string {
	m := digits[:1]
	if len(digits) > 1 {
		m += "." + digits[1:]
	}
	if e >= 0 {
		return m + "e+" + strconv.Itoa(e)
	}
	return m + "e-" + strconv.Itoa(-e)
}

// toExponential is Number.prototype.toExponential; a fraction digit count
// outside 0 to 100 (a RangeError) is left to goja.
func toExponential(x float64, args argList) (value, error) {
	f, err := toInteger(args.at(0))
	if err != nil {
		return vUndef, err
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return str(lib.FormatNumber(x)), nil
	}
	if f < 0 || f > 100 {
		return vUndef, errFallback
	}
	sign := ""
	if x < 0 {
		sign = "-"
	}
	var digits string
	e := 0
	switch {
	case x == 0:
		digits = strings.Repeat("0", int(f)+1)
	case args.at(0).k == kUndef:
		// as many digits as needed to tell x apart: the shortest form
		mant, exp, _ := strings.Cut(strconv.FormatFloat(math.Abs(x), 'e', -1, 64), "e")
		digits = strings.Replace(mant, ".", "", 1)
		e, _ = strconv.Atoi(exp)
	default:
		digits, e = exactDigits(x, int(f)+1)
	}
	return str(sign + expForm(digits, e)), nil
}

// toRadix is Number.prototype.toString(radix) with V8's digits
// (script.NumberToRadix, which goja runs too); radixes outside 2 to 36 (a
// RangeError) are left to goja.
func toRadix(x float64, radix value) (value, error) {
	r, err := toInteger(radix)
	if err != nil {
		return vUndef, err
	}
	switch {
	case r == 10:
		return str(lib.FormatNumber(x)), nil
	case r < 2 || r > 36:
		return vUndef, errFallback
	}
	return str(script.NumberToRadix(x, int(r))), nil
}
