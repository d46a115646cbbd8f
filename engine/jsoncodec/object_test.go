package jsoncodec_test

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// TestObjectOrder: Set puts array-index keys first in ascending order and
// the others in the order first set; Delete and a repeated Set keep the
// rest in place, with and without the index of large objects.
func TestObjectOrder(t *testing.T) {
	for _, n := range []int{3, 40} {
		o := &jsoncodec.Object{}
		var want []string
		for i := range n {
			k := fmt.Sprintf("k%d", i)
			o.Set(k, i)
			want = append(want, k)
		}
		o.Set("7", "seven")
		o.Set("10", "ten")
		o.Set("2", "two")
		o.Set("01", "not an index")
		o.Set("4294967295", "not an index either")
		o.Set("k1", "again")
		o.Delete("k0")
		o.Delete("10")
		o.Delete("missing")
		want = append([]string{"2", "7"}, append(want[1:], "01", "4294967295")...)
		assert.Equal(t, want, o.Keys(), "n=%d", n)
		v, ok := o.Get("k1")
		assert.True(t, ok)
		assert.Equal(t, "again", v)
		_, ok = o.Get("k0")
		assert.False(t, ok)
		assert.Equal(t, len(want), o.Len())
		c := o.Clone()
		c.Set("k2", "changed")
		v, _ = o.Get("k2")
		assert.Equal(t, 2, v, "a clone is a copy")
	}
}

// TestIndexKeys: only array indexes go first.
func TestIndexKeys(t *testing.T) {
	for k, index := range map[string]bool{"0": true, "9": true, "4294967294": true, "4294967295": false, "01": false,
		"-1": false, "1.5": false, "": false, "1e3": false, "99999999999": false, " 1": false} {
		o := &jsoncodec.Object{}
		o.Set("x", 1)
		o.Set(k, 2)
		assert.Equal(t, index, o.Keys()[0] == k, k)
	}
}

func TestNilObjectReadsAsEmpty(t *testing.T) {
	var o *jsoncodec.Object
	assert.Equal(t, 0, o.Len())
	assert.Empty(t, o.Keys())
	_, ok := o.Get("a")
	assert.False(t, ok)
	assert.Nil(t, o.Clone())
	assert.Nil(t, jsoncodec.Plain(o))
	out, err := jsoncodec.AppendJSON(nil, o)
	assert.NoError(t, err)
	assert.Equal(t, "null", string(out))
}

// FuzzObject applies Set and Delete in turn from arbitrary bytes and
// checks the order against a model: insertion order, then array-index
// keys moved first in ascending numeric order.
func FuzzObject(f *testing.F) {
	f.Add([]byte("a1b2c3\x00a\x019\x0210"))
	f.Add([]byte(strings.Repeat("k\x03x", 30)))
	keys := []string{"a", "b", "c", "0", "1", "9", "10", "01", "-1", "4294967294", "4294967295", "x"}
	f.Fuzz(func(t *testing.T, ops []byte) {
		o := &jsoncodec.Object{}
		var order []string
		vals := map[string]int{}
		for i, op := range ops {
			k := keys[int(op)%len(keys)]
			if op >= 200 {
				o.Delete(k)
				if _, ok := vals[k]; ok {
					delete(vals, k)
					order = slices.DeleteFunc(order, func(s string) bool { return s == k })
				}
				continue
			}
			if i%5 == 4 { // long objects use the index
				k = fmt.Sprintf("%s%d", k, i)
			}
			o.Set(k, i)
			if _, ok := vals[k]; !ok {
				order = append(order, k)
			}
			vals[k] = i
		}
		want := slices.Clone(order)
		slices.SortStableFunc(want, func(a, b string) int {
			ia, ib := isIndex(a), isIndex(b)
			switch {
			case ia && ib:
				x, _ := strconv.ParseUint(a, 10, 64)
				y, _ := strconv.ParseUint(b, 10, 64)
				return cmp.Compare(x, y)
			case ia:
				return -1
			case ib:
				return 1
			}
			return 0
		})
		require.Equal(t, len(want), o.Len())
		if len(want) > 0 {
			require.Equal(t, want, o.Keys())
		}
		for k, v := range vals {
			got, ok := o.Get(k)
			require.True(t, ok, k)
			require.Equal(t, v, got, k)
		}
		for _, k := range keys { // deleted and never set keys are not found
			if _, set := vals[k]; !set {
				_, ok := o.Get(k)
				require.False(t, ok, k)
			}
		}
		requireLookups(t, o)
	})
}

// requireLookups checks that Get finds every member of every object in v
// (and of its clone), and no key that is not a member.
func requireLookups(t *testing.T, v any) {
	t.Helper()
	switch x := v.(type) {
	case *jsoncodec.Object:
		for _, c := range []*jsoncodec.Object{x, x.Clone()} {
			for _, m := range c.Members() {
				got, ok := c.Get(m.Key)
				require.True(t, ok, m.Key)
				require.Equal(t, fmt.Sprint(m.Value), fmt.Sprint(got), m.Key)
				_, ok = c.Get(m.Key + "\x00")
				require.False(t, ok, m.Key)
			}
			_, ok := c.Get("absent")
			require.Equal(t, slices.Contains(c.Keys(), "absent"), ok)
		}
		for _, m := range x.Members() {
			requireLookups(t, m.Value)
		}
	case []any:
		for _, e := range x {
			requireLookups(t, e)
		}
	}
}

func isIndex(k string) bool {
	n, err := strconv.ParseUint(k, 10, 64)
	return err == nil && n < 4294967295 && strconv.FormatUint(n, 10) == k
}

// TestPlainCopies: Plain gives maps for Objects at every depth and leaves
// its argument as it was.
func TestPlainCopies(t *testing.T) {
	inner := jsoncodec.NewObject(1)
	inner.Set("b", 1.0)
	v := map[string]any{"a": inner, "l": []any{inner}}
	got := jsoncodec.Plain(v)
	want := map[string]any{"a": map[string]any{"b": 1.0}, "l": []any{map[string]any{"b": 1.0}}}
	assert.Equal(t, want, got)
	assert.Same(t, inner, v["a"], "the argument keeps its Object")
	assert.Same(t, inner, v["l"].([]any)[0])
}

// TestLookupHint: a hint gives Lookup's answers whatever objects it met
// before (other shapes, large indexed objects, maps, nil).
func TestLookupHint(t *testing.T) {
	var objects []any
	for _, src := range []string{`{"a":1,"b":2,"c":3}`, `{"c":30,"a":10}`, `{"b":200}`, `{}`, `{"1":"x","a":"y"}`} {
		v, err := jsoncodec.DecodeJSON(src)
		require.NoError(t, err)
		objects = append(objects, v)
	}
	big := jsoncodec.NewObject(0)
	for i := range 40 {
		big.Set("k"+strconv.Itoa(i), float64(i))
	}
	big.Set("a", "big")
	objects = append(objects, big, map[string]any{"a": "map"}, (*jsoncodec.Object)(nil), nil, "str")
	var h jsoncodec.Hint
	for round := range 3 {
		for i, o := range objects {
			for _, k := range []string{"a", "b", "c", "1", "k39", "zz"} {
				want, wantOK := jsoncodec.Lookup(o, k)
				got, ok := jsoncodec.LookupHint(o, k, &h)
				require.Equal(t, wantOK, ok, "round %d, object %d, key %s", round, i, k)
				require.Equal(t, want, got, "round %d, object %d, key %s", round, i, k)
			}
		}
	}
}
