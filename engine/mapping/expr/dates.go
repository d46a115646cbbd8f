package expr

import (
	"fmt"
	"math"
	"regexp"
	"time"

	"github.com/dop251/goja/ast"
)

// jsDate is a Date object of the native evaluator: its time value in
// milliseconds since the epoch, NaN for an invalid date. It is a pointer
// so that a Date keeps its identity inside arrays and objects.
type jsDate struct{ ms float64 }

// maxTime bounds time values (±8.64e15 ms, ECMAScript's range).
const maxTime = 8.64e15

// newDate makes a Date value and notes in f that the evaluation holds one
// (helper library functions do not take dates: such calls go to goja).
func newDate(f *frame, ms float64) value {
	f.dates = true
	d := &jsDate{ms: ms}
	return value{k: kDate, n: ms, r: d}
}

// newDateExpr compiles new Date(x) with exactly one argument; new Date()
// (the current time) and the local-time forms with several arguments are
// left to goja.
func (c *compiler) newExpr(n *ast.NewExpression) (evalFn, bool) {
	id, ok := n.Callee.(*ast.Identifier)
	if !ok || id.Name != "Date" || !c.isGlobal("Date") || len(n.ArgumentList) != 1 {
		return nil, false
	}
	if _, spread := n.ArgumentList[0].(*ast.SpreadElement); spread {
		return nil, false
	}
	arg, ok := c.expr(n.ArgumentList[0])
	if !ok {
		return nil, false
	}
	c.useGlobal("Date")
	return func(f *frame) (value, error) {
		v, err := arg(f)
		if err != nil {
			return v, err
		}
		ms, err := dateFrom(v)
		if err != nil {
			return vUndef, err
		}
		return newDate(f, ms), nil
	}, true
}

// dateFrom is the time value new Date(v) gets, as goja computes it.
func dateFrom(v value) (float64, error) {
	if v.k == kDate {
		return v.n, nil
	}
	p, err := toPrimitive(v)
	if err != nil {
		return 0, err
	}
	if p.k == kStr {
		return parseDate(p.s, false)
	}
	x, _ := toNum(p)
	if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > maxTime {
		return math.NaN(), nil
	}
	return float64(int64(x)), nil
}

// lowerISO is the pattern of engine/script's Date.parse fix, which
// accepts ISO dates with a lowercase "t" and "z" as V8 does.
var lowerISO = regexp.MustCompile(`(?i)^([+-]?\d{4,6}-\d\d-\d\d)t(.*?)z?$`)

// parseDate is Date.parse (lower true: with engine/script's fix for
// lowercase letters, which new Date(s) does not have in goja) for the ISO
// format; other formats, and strings with characters outside printable
// ASCII, are left to goja.
func parseDate(s string, lower bool) (float64, error) {
	if !containsAny(s, "0123456789") {
		return math.NaN(), nil // every format goja reads has digits
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return 0, errFallback
		}
	}
	if lower && containsAny(s, "tz") {
		s = fixLowerISO(s)
	}
	d, ok := parseISODate(s)
	if !ok {
		return 0, errFallback // goja's other formats decide
	}
	if d.month > 12 || d.day > 31 || d.hour > 24 || d.min > 59 || d.sec > 59 ||
		d.hour == 24 && (d.min != 0 || d.sec != 0 || d.msec != 0) {
		return math.NaN(), nil
	}
	loc := time.FixedZone("", d.offset*60)
	if d.local {
		loc = time.Local
	}
	ms := time.Date(d.year, time.Month(d.month), d.day, d.hour, d.min, d.sec, d.msec*1e6, loc).UnixMilli()
	if ms < -maxTime || ms > maxTime {
		return math.NaN(), nil
	}
	return float64(ms), nil
}

// fixLowerISO is engine/script's rewrite of ISO dates with a lowercase
// "t" or "z".
func fixLowerISO(s string) string {
	m := lowerISO.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	z := ""
	if last := s[len(s)-1]; last == 'z' || last == 'Z' {
		z = "Z"
	}
	return m[1] + "T" + m[2] + z
}

func containsAny(s, chars string) bool {
	for i := 0; i < len(s); i++ {
		for j := 0; j < len(chars); j++ {
			if s[i] == chars[j] {
				return true
			}
		}
	}
	return false
}

// dateUTC is Date.UTC for integer arguments of a sane size (others are
// left to goja); year 0 to 99 means 1900 to 1999.
func dateUTC(args []value) (value, error) {
	if len(args) == 0 {
		return num(math.NaN()), nil
	}
	fields := [7]int64{0, 0, 1, 0, 0, 0, 0}
	for i := 0; i < len(args) && i < len(fields); i++ {
		x, err := toNum(args[i])
		if err != nil {
			return vUndef, err
		}
		if math.IsNaN(x) {
			return num(math.NaN()), nil
		}
		if math.Abs(x) > 1e9 || i == 0 && math.Abs(x) > 400000 {
			return vUndef, errFallback
		}
		fields[i] = int64(x)
	}
	if fields[0] >= 0 && fields[0] <= 99 {
		fields[0] += 1900
	}
	t := time.Date(int(fields[0]), time.Month(fields[1]+1), int(fields[2]), int(fields[3]), int(fields[4]),
		int(fields[5]), 0, time.UTC).Add(time.Duration(fields[6]) * time.Millisecond)
	ms := t.UnixMilli()
	if ms < -maxTime || ms > maxTime {
		return num(math.NaN()), nil
	}
	return num(float64(ms)), nil
}

// dateUTCCall compiles Date.UTC(...), which takes up to seven arguments.
func (c *compiler) dateUTCCall(n *ast.CallExpression) (evalFn, bool) {
	args, ok := c.exprs(n.ArgumentList)
	if !ok {
		return nil, false
	}
	c.useGlobal("Date")
	return func(f *frame) (value, error) {
		vals := make([]value, len(args))
		for i, arg := range args {
			v, err := arg(f)
			if err != nil {
				return v, err
			}
			vals[i] = v
		}
		return dateUTC(vals)
	}, true
}

// dateMethods are the Date methods compiled natively.
var dateMethods = map[string]func(ms float64, args argList) (value, error){
	"getTime":     func(ms float64, _ argList) (value, error) { return num(ms), nil },
	"valueOf":     func(ms float64, _ argList) (value, error) { return num(ms), nil },
	"toISOString": toISOString,
	"toJSON": func(ms float64, _ argList) (value, error) {
		if math.IsNaN(ms) {
			return vNull, nil
		}
		return toISOString(ms, argList{})
	},
	"getUTCFullYear":     dateField(true, func(t time.Time) int { return t.Year() }),
	"getUTCMonth":        dateField(true, func(t time.Time) int { return int(t.Month()) - 1 }),
	"getUTCDate":         dateField(true, time.Time.Day),
	"getUTCDay":          dateField(true, func(t time.Time) int { return int(t.Weekday()) }),
	"getUTCHours":        dateField(true, time.Time.Hour),
	"getUTCMinutes":      dateField(true, time.Time.Minute),
	"getUTCSeconds":      dateField(true, time.Time.Second),
	"getUTCMilliseconds": dateField(true, func(t time.Time) int { return t.Nanosecond() / 1e6 }),
	"getFullYear":        dateField(false, func(t time.Time) int { return t.Year() }),
	"getMonth":           dateField(false, func(t time.Time) int { return int(t.Month()) - 1 }),
	"getDate":            dateField(false, time.Time.Day),
	"getDay":             dateField(false, func(t time.Time) int { return int(t.Weekday()) }),
	"getHours":           dateField(false, time.Time.Hour),
	"getMinutes":         dateField(false, time.Time.Minute),
	"getSeconds":         dateField(false, time.Time.Second),
	"getMilliseconds":    dateField(false, func(t time.Time) int { return t.Nanosecond() / 1e6 }),
}

// dateField reads a field of a date in UTC or, as goja does, in the
// process's local time zone; an invalid date gives NaN.
func dateField(utc bool, field func(time.Time) int) func(float64, argList) (value, error) {
	return func(ms float64, _ argList) (value, error) {
		if math.IsNaN(ms) {
			return num(math.NaN()), nil
		}
		t := time.UnixMilli(int64(ms))
		if utc {
			t = t.UTC()
		}
		return num(float64(field(t))), nil
	}
}

// toISOString formats a date as the specification does: years before 0
// and after 9999 with a sign and six digits. Invalid dates (a RangeError)
// are left to goja.
func toISOString(ms float64, _ argList) (value, error) {
	if math.IsNaN(ms) {
		return vUndef, errFallback
	}
	t := time.UnixMilli(int64(ms)).UTC()
	rest := t.Format("-01-02T15:04:05.000Z")
	switch y := t.Year(); {
	case y < 0:
		return str(fmt.Sprintf("-%06d", -y) + rest), nil
	case y > 9999:
		return str(fmt.Sprintf("+%06d", y) + rest), nil
	default:
		return str(fmt.Sprintf("%04d", y) + rest), nil
	}
}

// toJSON is what JSON.stringify writes for a date: its ISO string, or
// nil (null) for an invalid date.
func (d *jsDate) toJSON() (*string, error) {
	v, err := dateMethods["toJSON"](d.ms, argList{})
	if err != nil || v.k != kStr {
		return nil, err
	}
	return &v.s, nil
}
