package mapping

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// The target types a field may coerce to.
const (
	TypeString  = "string"
	TypeNumber  = "number"
	TypeInteger = "integer"
	TypeBoolean = "boolean"
	TypeDate    = "date"
	TypeArray   = "array"
	TypeObject  = "object"
)

// coercer converts a present (not undefined, not null) value.
type coercer func(v any) (any, error)

func newCoercer(typ, format string) (coercer, error) {
	switch typ {
	case "":
		return nil, nil
	case TypeString:
		return toString, nil
	case TypeNumber:
		return toNumber, nil
	case TypeInteger:
		return toInteger, nil
	case TypeBoolean:
		return toBoolean, nil
	case TypeDate:
		layout, err := parseDatePattern(format)
		if err != nil {
			return nil, err
		}
		return func(v any) (any, error) { return toDate(v, layout) }, nil
	case TypeArray:
		return toArray, nil
	case TypeObject:
		return toObject, nil
	}
	return nil, fmt.Errorf("unknown type %q (want string, number, integer, boolean, date, array or object)", typ)
}

// describe renders a value for an error message.
func describe(v any) string {
	switch t := v.(type) {
	case string:
		if len(t) > 40 {
			t = t[:37] + "..."
		}
		return strconv.Quote(t)
	case map[string]any, *jsoncodec.Object:
		return "an object"
	case []any:
		return "an array"
	}
	return fmt.Sprint(v)
}

func toString(v any) (any, error) {
	switch t := v.(type) {
	case string:
		return t, nil
	case float64:
		return formatNumber(t), nil
	case bool:
		return strconv.FormatBool(t), nil
	case map[string]any, *jsoncodec.Object, []any:
		b, err := json.Marshal(t)
		if err != nil {
			return nil, fmt.Errorf("cannot convert %s to a string: %w", describe(v), err)
		}
		return string(b), nil
	}
	return nil, fmt.Errorf("cannot convert %s to a string", describe(v))
}

func toNumber(v any) (any, error) {
	switch t := v.(type) {
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return nil, fmt.Errorf("%v is not a JSON number", t)
		}
		return t, nil
	case bool:
		if t {
			return 1.0, nil
		}
		return 0.0, nil
	case string:
		s := strings.TrimSpace(t)
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || strings.Trim(s, "0123456789+-.eE") != "" {
			return nil, fmt.Errorf("cannot convert %s to a number", describe(v))
		}
		if math.IsInf(f, 0) {
			return nil, fmt.Errorf("%s is out of the number range", describe(v))
		}
		return f, nil
	}
	return nil, fmt.Errorf("cannot convert %s to a number", describe(v))
}

func toInteger(v any) (any, error) {
	n, err := toNumber(v)
	if err != nil {
		return nil, fmt.Errorf("cannot convert %s to an integer", describe(v))
	}
	f := n.(float64)
	if f != math.Trunc(f) {
		return nil, fmt.Errorf("%s is not an integer", describe(v))
	}
	if math.Abs(f) > 1<<53 {
		return nil, fmt.Errorf("%s is too large for an integer", describe(v))
	}
	return f + 0, nil // + 0 turns -0 into 0
}

func toBoolean(v any) (any, error) {
	switch t := v.(type) {
	case bool:
		return t, nil
	case float64:
		switch t {
		case 0:
			return false, nil
		case 1:
			return true, nil
		}
	case string:
		switch strings.ToLower(strings.TrimSpace(t)) {
		case "true", "yes", "y", "1", "on":
			return true, nil
		case "false", "no", "n", "0", "off":
			return false, nil
		}
	}
	return nil, fmt.Errorf("cannot convert %s to a boolean", describe(v))
}

func toArray(v any) (any, error) {
	if a, ok := v.([]any); ok {
		return a, nil
	}
	return []any{v}, nil
}

func toObject(v any) (any, error) {
	switch t := v.(type) {
	case map[string]any, *jsoncodec.Object:
		return t, nil
	case string:
		if o, err := jsoncodec.DecodeFull([]byte(t)); err == nil {
			if _, ok := o.(*jsoncodec.Object); ok {
				return o, nil
			}
		}
	}
	return nil, fmt.Errorf("cannot convert %s to an object", describe(v))
}

// formatNumber renders f as JavaScript's Number.prototype.toString does.
func formatNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	// digits and exponent of the shortest round-trip representation
	e := strconv.FormatFloat(f, 'e', -1, 64)
	mant, expStr, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	exp, _ := strconv.Atoi(expStr)
	k, n := len(digits), exp+1 // value = 0.digits × 10^n
	switch {
	case k <= n && n <= 21:
		return sign + digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return sign + digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return sign + "0." + strings.Repeat("0", -n) + digits
	}
	es := "+"
	if n-1 < 0 {
		es = "-"
	}
	m := digits[:1]
	if k > 1 {
		m += "." + digits[1:]
	}
	return sign + m + "e" + es + strconv.Itoa(abs(n-1))
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}
