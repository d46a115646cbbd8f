package lib

import (
	"context"
	"math"
	"strconv"
	"strings"
)

// separators gives a locale's grouping and decimal separators.
func separators(locale string) (group, decimal string) {
	switch strings.ToLower(strings.SplitN(strings.ReplaceAll(locale, "_", "-"), "-", 2)[0]) {
	case "de", "es", "it", "nl", "pt", "da", "id", "tr":
		return ".", ","
	case "fr", "sv", "nb", "fi", "pl", "cs", "ru", "uk":
		return " ", ","
	case "ch":
		return "'", "."
	}
	return ",", "."
}

// parseNumber(s, locale?) parses a number written with a locale's
// grouping and decimal separators ("1.234,56" with "de"); NaN when it is
// not a number.
func parseNumber(_ context.Context, args []any) (any, error) {
	v := arg(args, 0)
	if f, ok := v.(float64); ok {
		return f, nil
	}
	if IsNullish(v) {
		return v, nil
	}
	group, decimal := separators(ToString(arg(args, 1)))
	s := TrimSpace(ToString(v))
	s = strings.NewReplacer(group, "", "\u00a0", "", "\u202f", "").Replace(s)
	s = strings.Replace(s, decimal, ".", 1)
	if !plainDecimal(strings.TrimLeft(s, "+-")) || strings.Count(s, ".") > 1 {
		return math.NaN(), nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !isRangeErr(err) {
		return math.NaN(), nil
	}
	return f, nil
}

// round(n, places) rounds half away from zero on the number's shortest
// decimal form, so round(1.005, 2) is 1.01.
func round(_ context.Context, args []any) (any, error) {
	n := ToNumber(arg(args, 0))
	p := ToNumber(arg(args, 1))
	if math.IsNaN(p) {
		p = 0
	}
	if math.IsNaN(n) || math.IsInf(n, 0) || p > 15 {
		return n, nil
	}
	places := int(p)
	if places < 0 {
		scale := math.Pow(10, float64(-places))
		return math.Round(n/scale) * scale, nil
	}
	s := strconv.FormatFloat(math.Abs(n), 'f', -1, 64)
	dot := strings.IndexByte(s, '.')
	if dot < 0 || len(s)-dot-1 <= places {
		return n, nil
	}
	digits := s[:dot] + s[dot+1:dot+1+places]
	if len(digits) > 15 {
		return n, nil // beyond float64's exact digits
	}
	r, _ := strconv.ParseFloat(digits, 64)
	if s[dot+1+places] >= '5' {
		r++
	}
	r /= math.Pow(10, float64(places))
	if n < 0 {
		r = -r
	}
	return r, nil
}

// exactPow10 holds the powers of ten a float64 holds exactly.
var exactPow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// shortDecimal parses digits with at most one '.' and at most 15 digits
// ("19.99", "7", ".5"), and reports false for anything else. The digits
// as an integer and the power of ten are both exact float64s, so their
// quotient is the correctly rounded value (Clinger's fast path), which is
// what strconv.ParseFloat and JavaScript give.
func shortDecimal(s string) (float64, bool) {
	if len(s) == 0 || len(s) > 16 {
		return 0, false
	}
	var m uint64
	i := 0
	for ; i < len(s) && s[i]-'0' <= 9; i++ {
		m = m*10 + uint64(s[i]-'0')
	}
	digits, frac := i, 0
	if i < len(s) && s[i] == '.' {
		j := i + 1
		for ; j < len(s) && s[j]-'0' <= 9; j++ {
			m = m*10 + uint64(s[j]-'0')
		}
		frac, i = j-i-1, j
		digits += frac
	}
	if i < len(s) || digits == 0 || digits > 15 {
		return 0, false
	}
	return float64(m) / exactPow10[frac], true
}
