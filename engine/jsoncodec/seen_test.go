package jsoncodec

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// seenTexts returns the texts of the keys n remembers, by position.
func seenTexts(n *Reads) []string {
	var texts []string
	for _, k := range n.seen {
		texts = append(texts, k.text)
	}
	return texts
}

// TestDecoderRemembersKeysInItsOwnReads decodes records whose objects
// have keys not read, and checks that the Decoder remembers every key by
// position (read or not) in its copy of the Reads, while the Reads it was
// given, which a mapping shares between decoders, stays as it was.
func TestDecoderRemembersKeysInItsOwnReads(t *testing.T) {
	reads := &Reads{}
	reads.Key("id").SetAll()
	item := reads.Key("items").Elem()
	item.Key("qty").SetAll()
	item.Key("a read key longer than 16").SetAll()
	dec := NewDecoder(reads)
	for range 3 {
		_, err := dec.Decode(`{"id":1,"items":[{"sku":"A","qty":2,"a read key longer than 16":3,"an unread key longer than 16":4}],"x":5}`)
		require.NoError(t, err)
		dec.Release()
	}
	own := dec.reads
	require.Equal(t, []string{"id", "items", "x"}, seenTexts(own))
	elem := own.keys[1].part.elem
	require.Equal(t, []string{"sku", "qty", "a read key longer than 16", "an unread key longer than 16"}, seenTexts(elem))
	require.Equal(t, []int{-1, 0, 1, -1}, []int{elem.seen[0].at, elem.seen[1].at, elem.seen[2].at, elem.seen[3].at})
	require.Zero(t, elem.seen[2].mask, "a key of 16 bytes or more is compared as text, not as words")

	var walk func(n *Reads)
	walk = func(n *Reads) {
		require.False(t, n.own)
		require.Empty(t, n.seen)
		for _, m := range n.keys {
			walk(m.part)
		}
		if n.elem != nil {
			walk(n.elem)
		}
	}
	walk(reads)
}

// TestRememberedKeyIsWhatTheInputSays checks that a remembered key
// written with an escape still names its member, and that a key the
// position held before is not taken for a key it is a prefix of.
func TestRememberedKeyIsWhatTheInputSays(t *testing.T) {
	reads := &Reads{}
	reads.Key("id").SetAll()
	dec := NewDecoder(reads)
	for _, c := range []struct{ in, want string }{
		{`{"\u0069d":1,"x":2}`, `{"id":1}`},
		{`{"\u0069d":3,"x":4}`, `{"id":3}`},
		{`{"id":5,"x":6}`, `{"id":5}`},
		{`{"idx":7,"x":8}`, `{}`},
		{`{"i":9,"id":10}`, `{"id":10}`},
	} {
		v, err := dec.Decode(c.in)
		require.NoError(t, err)
		out, err := AppendJSON(nil, v)
		require.NoError(t, err)
		require.Equal(t, c.want, string(out), c.in)
		dec.Release()
	}
}
