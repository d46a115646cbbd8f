package jsoncodec_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

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
