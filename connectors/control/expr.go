package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping/expr"
)

// ErrNoKey is wrapped by the failure of a message whose key expression
// gave undefined or null.
var ErrNoKey = errors.New("the key is empty")

// compile compiles the expression in config field.
func compile(field, src string) (expr.Program, error) {
	if strings.TrimSpace(src) == "" {
		return nil, fmt.Errorf("field %q: an expression is required", field)
	}
	p, err := expr.Compile(src, expr.Options{})
	if err != nil {
		return nil, fmt.Errorf("field %q: %w", field, err)
	}
	return p, nil
}

// test evaluates a condition over payload with JavaScript truthiness.
func test(ctx context.Context, p expr.Program, payload any) (bool, error) {
	v, err := p.Eval(ctx, payload)
	if err != nil {
		return false, err
	}
	return truthy(v), nil
}

// truthy is JavaScript's Boolean(v) for JSON-like values.
func truthy(v any) bool {
	switch t := v.(type) {
	case nil:
		return false
	case bool:
		return t
	case float64:
		return t != 0 && !math.IsNaN(t)
	case json.Number:
		f, err := t.Float64()
		return err != nil || f != 0
	case string:
		return t != ""
	}
	return v != expr.Undefined
}

// key evaluates a key expression over payload and returns its text:
// strings as they are, other values as JSON, so 1 and "1" share a key.
func key(ctx context.Context, p expr.Program, payload any) (string, error) {
	v, err := p.Eval(ctx, payload)
	if err != nil {
		return "", err
	}
	return keyText(v)
}

// keyJSON is v's JSON with every object's keys sorted, so that a key does
// not depend on the order of an object's keys.
func keyJSON(v any) ([]byte, error) {
	return json.Marshal(jsoncodec.Plain(v))
}

func keyText(v any) (string, error) {
	switch t := v.(type) {
	case nil:
		return "", ErrNoKey
	case string:
		return t, nil
	}
	if v == expr.Undefined {
		return "", ErrNoKey
	}
	b, err := keyJSON(v)
	if err != nil {
		return "", fmt.Errorf("the key is not JSON-like: %w", err)
	}
	return string(b), nil
}
