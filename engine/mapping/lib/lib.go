package lib

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/weftworks/weft/engine/script"
)

// ErrArgument is wrapped by helper errors about bad arguments.
var ErrArgument = errors.New("bad argument")

// maxPad bounds the length pad builds.
const maxPad = 1 << 16

// New returns the helper library; lookup reads tables.
func New(tables map[string]map[string]any) script.Library {
	return script.Library{
		"parseDate":   parseDate,
		"formatDate":  formatDate,
		"addDate":     addDate,
		"parseNumber": parseNumber,
		"round":       round,
		"trim":        stringFunc(TrimSpace),
		"upper":       stringFunc(ToUpper),
		"lower":       stringFunc(ToLower),
		"pad":         pad,
		"split":       split,
		"replace":     replace,
		"lookup":      lookup(tables),
		"sum":         sum,
		"min":         extreme(-1),
		"max":         extreme(1),
		"count":       count,
		"sha256":      sha,
		"coalesce":    coalesce,
	}
}

// Names lists the helper names, for editors and documentation.
func Names() []string {
	var out []string
	for k := range New(nil) {
		out = append(out, k)
	}
	return out
}

func arg(args []any, i int) any {
	if i < len(args) {
		return args[i]
	}
	return Undefined
}

func argErr(name, format string, a ...any) error {
	return fmt.Errorf("%s: %w: %s", name, ErrArgument, fmt.Sprintf(format, a...))
}

// stringFunc lifts a string function; null and undefined pass through.
func stringFunc(f func(string) string) script.HostFunc {
	return func(_ context.Context, args []any) (any, error) {
		v := arg(args, 0)
		if IsNullish(v) {
			return v, nil
		}
		return f(ToString(v)), nil
	}
}

func pad(_ context.Context, args []any) (any, error) {
	v := arg(args, 0)
	if IsNullish(v) {
		return v, nil
	}
	s := []rune(ToString(v))
	n := ToNumber(arg(args, 1))
	if math.IsNaN(n) || n > maxPad {
		return nil, argErr("pad", "length must be a number up to %d", maxPad)
	}
	fill := " "
	if c := arg(args, 2); !IsNullish(c) {
		fill = ToString(c)
	}
	side := "left"
	if sd := arg(args, 3); !IsNullish(sd) {
		side = ToString(sd)
	}
	if side != "left" && side != "right" {
		return nil, argErr("pad", "side must be \"left\" or \"right\", not %q", side)
	}
	need := int(n) - len(s)
	if need <= 0 || fill == "" {
		return string(s), nil
	}
	f := []rune(fill)
	p := make([]rune, need)
	for i := range p {
		p[i] = f[i%len(f)]
	}
	if side == "left" {
		return string(p) + string(s), nil
	}
	return string(s) + string(p), nil
}

func split(_ context.Context, args []any) (any, error) {
	v := arg(args, 0)
	if IsNullish(v) {
		return []any{}, nil
	}
	sep := ","
	if s := arg(args, 1); !IsNullish(s) {
		sep = ToString(s)
	}
	parts := strings.Split(ToString(v), sep)
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	return out, nil
}

func replace(_ context.Context, args []any) (any, error) {
	v := arg(args, 0)
	if IsNullish(v) {
		return v, nil
	}
	from, to := ToString(arg(args, 1)), ToString(arg(args, 2))
	if from == "" {
		return ToString(v), nil
	}
	return strings.ReplaceAll(ToString(v), from, to), nil
}

func lookup(tables map[string]map[string]any) script.HostFunc {
	return func(_ context.Context, args []any) (any, error) {
		name := ToString(arg(args, 0))
		t, ok := tables[name]
		if !ok {
			return nil, argErr("lookup", "no table %q", name)
		}
		if x, ok := t[ToString(arg(args, 1))]; ok {
			return x, nil
		}
		return arg(args, 2), nil
	}
}

func sha(_ context.Context, args []any) (any, error) {
	sum := sha256.Sum256([]byte(ToString(arg(args, 0))))
	return hex.EncodeToString(sum[:]), nil
}

func coalesce(_ context.Context, args []any) (any, error) {
	for _, a := range args {
		if !IsNullish(a) {
			return a, nil
		}
	}
	return nil, nil
}
