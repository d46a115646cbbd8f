package main

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/spec"
)

func root(t *testing.T) string {
	t.Helper()
	r, err := moduleRoot()
	require.NoError(t, err)
	return r
}

// TestGeneratedContractIsCurrent regenerates the contract of app.Service
// in memory: a renamed method, a changed json tag or a new type that is
// not regenerated (make gen-api) fails here.
func TestGeneratedContractIsCurrent(t *testing.T) {
	want, err := generate(serviceType, root(t))
	require.NoError(t, err)
	have, err := os.ReadFile(filepath.Join(root(t), output))
	require.NoError(t, err)
	if string(want) != string(have) {
		t.Fatalf("%s is out of date: run make gen-api\n%s", output, firstDifference(string(have), string(want)))
	}
}

// firstDifference names the first line where have and want differ.
func firstDifference(have, want string) string {
	h, w := strings.Split(have, "\n"), strings.Split(want, "\n")
	for i := range max(len(h), len(w)) {
		var hl, wl string
		if i < len(h) {
			hl = h[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if hl != wl {
			return fmt.Sprintf("line %d: checked in %q, generated %q", i+1, hl, wl)
		}
	}
	return ""
}

type inner struct {
	Label string `json:"label"`
}

type base struct {
	ID string `json:"id"`
}

type widget struct {
	base
	Name     string            `json:"name"`
	Note     string            `json:"note,omitempty"`
	Hidden   string            `json:"-"`
	At       time.Time         `json:"at"`
	Tags     []string          `json:"tags"`
	Counts   map[string]int    `json:"counts,omitempty"`
	Parent   *inner            `json:"parent"`
	Maybe    *inner            `json:"maybe,omitempty"`
	Children []*inner          `json:"children"`
	Nested   struct{ X int }   `json:"nested"`
	Raw      []byte            `json:"raw"`
	Any      any               `json:"any"`
	Kind     spec.Category     `json:"kind"`
	ByKind   map[string]*inner `json:"byKind"`
	Untagged bool
	private  int
}

type widgets struct{}

func (widgets) Get(string) (*widget, error)         { return nil, nil }
func (widgets) List() ([]widget, error)             { return nil, nil }
func (widgets) Put(widget, map[string]string) error { return nil }
func (widgets) unexported()                         {}

var _ = widgets{}.unexported

// TestGenerateFollowsEncodingJSON: the TypeScript of a type says what
// encoding/json writes for it.
func TestGenerateFollowsEncodingJSON(t *testing.T) {
	src, err := generate(reflect.TypeFor[widgets](), root(t))
	require.NoError(t, err)
	out := string(src)
	for _, want := range []string{
		"export interface widget {\n  id: string;\n  name: string;\n  note?: string;\n  at: string;\n  tags: string[];\n" +
			"  counts?: Record<string, number>;\n  parent: inner | null;\n  maybe?: inner;\n  children: inner[];\n" +
			"  nested: {\n    X: number;\n  };\n  raw: string;\n  any: unknown;\n  kind: Category;\n" +
			"  byKind: Record<string, inner>;\n  Untagged: boolean;\n}",
		"export interface inner {\n  label: string;\n}",
		"export type Category = 'trigger' | 'transform' | 'action';",
		"  Get(arg1: string): Promise<widget>;",
		"  List(): Promise<widget[]>;",
		"  Put(arg1: widget, arg2: Record<string, string>): Promise<void>;",
		"export const SERVICE_METHODS = [\n  'Get',\n  'List',\n  'Put',\n] as const;",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "Hidden")
	assert.NotContains(t, out, "private")
	assert.NotContains(t, out, "unexported")
	assert.NotContains(t, out, "interface base", "embedded fields are flattened")
}

type clash struct {
	A spec.Field `json:"a"`
	B Field      `json:"b"`
}

type Field struct{}

type clashes struct{}

func (clashes) Get() (clash, error) { return clash{}, nil }

type badResults struct{}

func (badResults) Two() (string, int, error) { return "", 0, nil }

type page[T any] struct{ Items []T }

type badGeneric struct{}

func (badGeneric) Get() (page[string], error) { return page[string]{}, nil }

type badMap struct{}

func (badMap) Get() (map[float64]string, error) { return nil, nil }

func TestGenerateNamesAndRefusals(t *testing.T) {
	src, err := generate(reflect.TypeFor[clashes](), root(t))
	require.NoError(t, err)
	assert.Contains(t, string(src), "export interface SpecField {")
	assert.True(t, strings.Contains(string(src), "  a: SpecField;\n  b: GenapiField;\n"), "a shared name gets the package")

	_, err = generate(reflect.TypeFor[badResults](), root(t))
	assert.ErrorContains(t, err, "must return (T, error), error or nothing")
	_, err = generate(reflect.TypeFor[badGeneric](), root(t))
	assert.ErrorContains(t, err, "generic types do not cross into TypeScript")
	_, err = generate(reflect.TypeFor[badMap](), root(t))
	assert.ErrorContains(t, err, "JSON object keys must be strings or integers")
}
