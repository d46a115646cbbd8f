package sql

import (
	"database/sql/driver"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// maxExactInt is the largest integer a float64 holds exactly.
const maxExactInt = 1 << 53

// lookup returns the value at a dotted path in payload ("customer.name",
// "items.0.sku"); "" or "." is the payload itself. A missing step gives
// nil, false.
func lookup(payload any, path string) (any, bool) {
	if path == "" || path == "." {
		return payload, true
	}
	cur := payload
	for step := range strings.SplitSeq(path, ".") {
		switch v := cur.(type) {
		case map[string]any, *jsoncodec.Object:
			next, ok := jsoncodec.Lookup(v, step)
			if !ok {
				return nil, false
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 || i >= len(v) {
				return nil, false
			}
			cur = v[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// toArg turns a JSON-like payload value into a bound parameter: whole
// numbers become int64 (so that they fit integer columns), objects and
// arrays their JSON text (for json, jsonb and text columns).
func toArg(v any) (any, error) {
	switch t := v.(type) {
	case float64:
		if t == math.Trunc(t) && math.Abs(t) < maxExactInt {
			return int64(t), nil
		}
		return t, nil
	case json.Number:
		if n, err := t.Int64(); err == nil {
			return n, nil
		}
		return t.Float64()
	case map[string]any, *jsoncodec.Object, []any:
		b, err := json.Marshal(t)
		if err != nil {
			return nil, err
		}
		return string(b), nil
	case nil, string, bool, int, int64:
		return t, nil
	}
	return nil, fmt.Errorf("cannot bind a value of type %T", v)
}

// args binds the values at paths in payload.
func args(payload any, paths []string) ([]any, error) {
	out := make([]any, len(paths))
	for i, p := range paths {
		v, _ := lookup(payload, p)
		a, err := toArg(v)
		if err != nil {
			return nil, fmt.Errorf("parameter %d (%s): %w", i+1, p, err)
		}
		out[i] = a
	}
	return out, nil
}

// fromDB turns a value a driver returned into a JSON-like value: integers
// become float64 when exact and json.Number beyond, times RFC 3339
// strings, bytes text (or base64 when not UTF-8), PostgreSQL numerics
// json.Number and uuids their usual text.
func fromDB(v any) any {
	switch t := v.(type) {
	case nil, string, bool, float64, map[string]any:
		return t
	case int64:
		return intValue(t)
	case int32:
		return float64(t)
	case int16:
		return float64(t)
	case int8:
		return float64(t)
	case int:
		return intValue(int64(t))
	case float32:
		return float64(t)
	case []byte:
		if utf8.Valid(t) {
			return string(t)
		}
		return base64.StdEncoding.EncodeToString(t)
	case time.Time:
		return t.Format(time.RFC3339Nano)
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = fromDB(e)
		}
		return out
	case pgtype.Numeric:
		return numeric(t)
	case [16]byte:
		return uuidText(t)
	}
	return other(v)
}

func intValue(n int64) any {
	if n > -maxExactInt && n < maxExactInt {
		return float64(n)
	}
	return json.Number(strconv.FormatInt(n, 10))
}

// numeric keeps a PostgreSQL numeric exactly, as json.Number.
func numeric(n pgtype.Numeric) any {
	switch {
	case !n.Valid:
		return nil
	case n.NaN || n.InfinityModifier != pgtype.Finite:
		f, _ := n.Float64Value()
		return strconv.FormatFloat(f.Float64, 'g', -1, 64)
	}
	r := new(big.Rat).SetInt(n.Int)
	if n.Exp > 0 {
		r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n.Exp)), nil)))
		return json.Number(r.FloatString(0))
	}
	r.Quo(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-n.Exp)), nil)))
	return json.Number(r.FloatString(int(-n.Exp)))
}

func uuidText(u [16]byte) string {
	h := hex.EncodeToString(u[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// other handles the remaining driver types: their driver value when they
// have one, else their text.
func other(v any) any {
	if dv, ok := v.(driver.Valuer); ok {
		if x, err := dv.Value(); err == nil && x != v {
			return fromDB(x)
		}
	}
	if s, ok := v.(fmt.Stringer); ok {
		return s.String()
	}
	return fmt.Sprint(v)
}

// quoteTable quotes a table name; "schema.table" quotes each part.
func quoteTable(name string) (string, error) {
	parts := strings.Split(name, ".")
	for i, p := range parts {
		q, err := quoteName(p)
		if err != nil {
			return "", fmt.Errorf("table %q: %w", name, err)
		}
		parts[i] = q
	}
	return strings.Join(parts, "."), nil
}

// quoteName quotes one identifier (a column, a table without schema).
// Both SQLite and PostgreSQL accept double-quoted identifiers.
func quoteName(name string) (string, error) {
	if strings.TrimSpace(name) == "" || strings.ContainsRune(name, 0) {
		return "", fmt.Errorf("bad name %q", name)
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`, nil
}
