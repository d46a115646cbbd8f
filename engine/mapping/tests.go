package mapping

import (
	"context"
	"fmt"
	"github.com/weftworks/weft/engine/jsoncodec"
	"reflect"
	"slices"
	"strconv"
)

// TestResult is the outcome of one test case.
type TestResult struct {
	Name   string `json:"name"`
	Passed bool   `json:"passed"`
	// Diffs lists every path where the output differs from the expected
	// output; a missing side is null with Missing naming it.
	Diffs []Diff `json:"diffs"`
	// Errors are the field errors the input produced.
	Errors []FieldError `json:"errors"`
	Output any          `json:"output"`
}

// Diff is one difference between expected and actual output.
type Diff struct {
	Path     string `json:"path"`
	Expected any    `json:"expected"`
	Actual   any    `json:"actual"`
	// Missing is "expected" or "actual" when that side lacks the path.
	Missing string `json:"missing,omitempty"`
}

// RunTests runs m's test cases. A mapping that does not compile fails
// every case with the compile errors.
func RunTests(ctx context.Context, m *Mapping) []TestResult {
	results := make([]TestResult, 0, len(m.Tests))
	c, err := Compile(m)
	for i, tc := range m.Tests {
		name := tc.Name
		if name == "" {
			name = fmt.Sprintf("test %d", i+1)
		}
		r := TestResult{Name: name, Diffs: []Diff{}, Errors: []FieldError{}}
		if err != nil {
			r.Errors = compileErrors(err)
			results = append(results, r)
			continue
		}
		out, errs := c.Apply(ctx, tc.Input)
		var actual any
		if out != nil {
			actual = out
		}
		r.Output = actual
		r.Errors = append(r.Errors, errs...)
		r.Diffs = Compare(tc.Expected, actual)
		r.Passed = len(r.Diffs) == 0 && len(errs) == 0
		results = append(results, r)
	}
	return results
}

func compileErrors(err error) []FieldError {
	if ce, ok := err.(*CompileError); ok {
		return ce.Fields
	}
	return []FieldError{{Target: "", Index: -1, Message: err.Error()}}
}

// Compare returns the differences between two JSON-like values, by path
// ("customer.name", "lines[0].sku"); numbers compare by value, and the
// order of object members does not matter.
func Compare(expected, actual any) []Diff {
	diffs := []Diff{}
	compareAt("", jsoncodec.Plain(expected), jsoncodec.Plain(actual), &diffs)
	return diffs
}

func compareAt(path string, exp, act any, diffs *[]Diff) {
	em, eok := exp.(map[string]any)
	am, aok := act.(map[string]any)
	if eok && aok {
		keys := make([]string, 0, len(em)+len(am))
		for k := range em {
			keys = append(keys, k)
		}
		for k := range am {
			if _, ok := em[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			ev, ein := em[k]
			av, ain := am[k]
			p := joinPath(path, k)
			switch {
			case !ein:
				*diffs = append(*diffs, Diff{Path: p, Actual: av, Missing: "expected"})
			case !ain:
				*diffs = append(*diffs, Diff{Path: p, Expected: ev, Missing: "actual"})
			default:
				compareAt(p, ev, av, diffs)
			}
		}
		return
	}
	ea, eok := exp.([]any)
	aa, aok := act.([]any)
	if eok && aok && len(ea) == len(aa) {
		for i := range ea {
			compareAt(path+"["+strconv.Itoa(i)+"]", ea[i], aa[i], diffs)
		}
		return
	}
	if !reflect.DeepEqual(normalize(exp), normalize(act)) {
		if path == "" {
			path = "$"
		}
		*diffs = append(*diffs, Diff{Path: path, Expected: exp, Actual: act})
	}
}

// normalize turns Go integer types into float64 so that test values
// written in Go compare with decoded JSON.
func normalize(v any) any {
	switch t := v.(type) {
	case int:
		return float64(t)
	case int64:
		return float64(t)
	}
	return v
}
