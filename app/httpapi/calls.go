package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/app/team"
)

var errorType = reflect.TypeFor[error]()

// method is one callable API method.
type method struct {
	fn     reflect.Value
	params []reflect.Type
}

// methods maps every exported method of svc to a callable.
func methods(svc any) map[string]method {
	v := reflect.ValueOf(svc)
	t := v.Type()
	out := make(map[string]method, t.NumMethod())
	for i := range t.NumMethod() {
		m := t.Method(i)
		fn := v.Method(i)
		params := make([]reflect.Type, fn.Type().NumIn())
		for j := range params {
			params[j] = fn.Type().In(j)
		}
		out[m.Name] = method{fn: fn, params: params}
	}
	return out
}

// call decodes args, calls m and returns its result (nil when it has none).
func (m method) call(body []byte) (any, error) {
	var raw []json.RawMessage
	if len(strings.TrimSpace(string(body))) > 0 {
		if err := json.Unmarshal(body, &raw); err != nil {
			return nil, badRequest("the body must be a JSON array of arguments: %v", err)
		}
	}
	if len(raw) != len(m.params) {
		return nil, badRequest("expected %d arguments, got %d", len(m.params), len(raw))
	}
	args := make([]reflect.Value, len(raw))
	for i, r := range raw {
		p := reflect.New(m.params[i])
		if err := json.Unmarshal(r, p.Interface()); err != nil {
			return nil, badRequest("argument %d: %v", i+1, err)
		}
		args[i] = p.Elem()
	}
	return split(m.fn.Call(args))
}

// split turns a method's results into (value, error).
func split(results []reflect.Value) (any, error) {
	var value any
	for _, r := range results {
		if r.Type() == errorType {
			if !r.IsNil() {
				return nil, r.Interface().(error)
			}
			continue
		}
		value = r.Interface()
	}
	return value, nil
}

// requestError is a problem with the request itself rather than the call.
type requestError struct{ msg string }

func (e *requestError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &requestError{msg: fmt.Sprintf(format, args...)}
}

// status picks the HTTP status for an error.
func status(err error) int {
	var re *requestError
	switch {
	case errors.As(err, &re):
		return http.StatusBadRequest
	case errors.Is(err, app.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, team.ErrUnauthenticated):
		return http.StatusUnauthorized
	case errors.Is(err, team.ErrTooManyAttempts):
		return http.StatusTooManyRequests
	case errors.Is(err, team.ErrForbidden), errors.Is(err, team.ErrNeedsApproval):
		return http.StatusForbidden
	default:
		return http.StatusUnprocessableEntity
	}
}
