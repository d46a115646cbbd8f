package jsoncodec_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// readSpec describes a Reads: all of a value, or some members (each with
// its own spec) and one spec for every array element (nil: nothing).
type readSpec struct {
	all  bool
	keys map[string]*readSpec
	elem *readSpec
}

// build adds s to n.
func (s *readSpec) build(n *jsoncodec.Reads) {
	if s.all {
		n.SetAll()
		return
	}
	for k, part := range s.keys {
		part.build(n.Key(k))
	}
	if s.elem != nil {
		s.elem.build(n.Elem())
	}
}

// prune is what a Decoder with s's Reads keeps of the fully decoded v.
func (s *readSpec) prune(v any) any {
	if s.all {
		return v
	}
	switch t := v.(type) {
	case *jsoncodec.Object:
		o := jsoncodec.NewObject(0)
		for _, m := range t.Members() {
			if part, ok := s.keys[m.Key]; ok {
				o.Set(m.Key, part.prune(m.Value))
			}
		}
		return o
	case []any:
		elem := s.elem
		if elem == nil {
			elem = &readSpec{}
		}
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = elem.prune(e)
		}
		return out
	}
	return v
}

// testReads reads keys of every kind: short and long (the decoder
// matches keys of up to 15 bytes on the input as words), with bytes that
// JSON must escape, non-ASCII, empty, an array index, and nested ones.
func testReads() *readSpec {
	all := func() *readSpec { return &readSpec{all: true} }
	return &readSpec{keys: map[string]*readSpec{
		"id":                              all(),
		"customer":                        {keys: map[string]*readSpec{"first": all(), "email": all()}},
		"items":                           {elem: &readSpec{keys: map[string]*readSpec{"qty": all(), "price": all()}}},
		"a key of exactly 15":             all(),
		"fifteen bytes!!":                 all(),
		"a key longer than sixteen bytes": all(),
		`q"uote`:                          all(),
		`back\slash`:                      all(),
		"é":                               all(),
		"":                                all(),
		"7":                               all(),
		"nested":                          {keys: map[string]*readSpec{"nested": {keys: map[string]*readSpec{"id": all()}}}},
	}}
}

// decodeReadsSeeds are records for the Reads above: keys in and out of
// the expected order, written with escapes, repeated, prefixes of read
// keys, and records ending soon after a key.
var decodeReadsSeeds = []string{
	order,
	`{"id":1}`,
	`{"id":1,"id":2}`,
	`{"i":1,"idx":2,"id ":3,"id":4}`,
	`{"\u0069d":"escaped","id":"plain"}`,
	`{"country":"fr","customer":{"email":"E","vip":1,"first":"F"},"id":"x"}`,
	`{"items":[{"sku":"A","qty":1,"price":"2"},{"price":"3","qty":2},{},[],1]}`,
	`{"items":[{"sku":"A","\u0071ty":1,"pr\u0069ce":"2","q\ty":3,"qty":4},{"qty":5}]}`,
	`{"items":[{"sku":"A","price":"9","qty"`,
	`{"fifteen bytes!!":1,"fifteen bytes!":2,"fifteen bytes!!!":3}`,
	`{"a key of exactly 15":1,"a key longer than sixteen bytes":2,"a key longer than sixteen byte":3}`,
	`{"q\"uote":1,"back\\slash":2,"é":3,"\u00e9":4,"":5,"7":6,"07":7}`,
	`{"nested":{"nested":{"id":1,"x":2},"id":3},"x":{"nested":1}}`,
	`{ "id" : 1 , "customer" : { "first" : "a" } }`,
	`{"id":1,"customer":{"first":"a"}`,
	`{"id"`,
	`{"id":[1,{"id":2}],"x":{"id":"\ud800"}}`,
	`{"id":1,"a key of exactly 15":2,"fifteen bytes!!":3,"a key longer than sixteen bytes":4,"q\"uote":5,"back\\slash":6,` +
		`"é":7,"":8,"7":9,"nested":{},"customer":{},"items":[],"id":10,"7":11,"":12,"é":13,"fifteen bytes!!":14,"x":0}`,
	`{"id":1,"customer":{"first":"a","email":"b","first":"c","email":"d","first":"e","email":"f","first":"g","email":"h","first":"i"}}`,
	// The decoder remembers the keys at each position of the objects of a
	// part, read or not: records of one shape, then keys changed, moved,
	// left out, lengthened, written with escapes, and near the end.
	`{"items":[{"sku":"A","qty":1,"price":"2"},{"sku":"B","qty":2,"price":"3"},{"sku":"C","qty":3,"price":"4"}]}`,
	`{"items":[{"skus":"A","qty":1,"price":"2"},{"qty":2,"sku":"B","price":"3"},{"price":"4","qty":3},{"sku":"D"}]}`,
	`{"items":[{"sku":"A","qty":1,"pric":"2","price":"3"},{"sku":"B","qty":2,"price":"3","price":"4"},{"sk":"C","qty":3}]}`,
	`{"items":[{"s\u006bu":"A","\u0071ty":1},{"s\u006bu":"B","\u0071ty":2},{"sku":"C","qty":3}]}`,
	`{"items":[{"an unread key longer than 16":1,"qty":2},{"an unread key longer than 16":3,"qty":4},{"an unread key longer than 1":5,"qty":6}]}`,
	`{"items":[{ "sku" : "A" , "qty" : 1 },{"sku":"B","qty":2},{"sku":"C","qty":3}]}`,
	`{"x":1,"id":2}`,
	`{"x":1,"id":2}`,
	`{"x":1,"i":2}`,
	`{"x":1,"id":2,"a key of exactly 15":3,"fifteen bytes!!":4}`,
	`{"x":1,"id":2,"a key of exactly 15":3,"fifteen bytes!!":4}`,
	`{"x":1,"id":2,"a key of exactly 1":3,"fifteen bytes!":4}`,
}

// requireSameReadsDecode checks that a Decoder with spec's Reads keeps
// of data what spec keeps of the full decode, members in order, and falls
// back exactly when the full decode does.
func requireSameReadsDecode(t *testing.T, spec *readSpec, dec *jsoncodec.Decoder, data string) {
	t.Helper()
	full, fullErr := jsoncodec.DecodeJSON(data)
	got, err := dec.Decode(data)
	if fullErr != nil {
		require.ErrorIs(t, err, jsoncodec.ErrFallback, "%q", data)
		return
	}
	require.NoError(t, err, "%q", data)
	want, err := jsoncodec.AppendJSON(nil, spec.prune(full))
	require.NoError(t, err)
	gotJSON, err := jsoncodec.AppendJSON(nil, got)
	require.NoError(t, err)
	require.Equal(t, string(want), string(gotJSON), "%q", data)
	requireLookups(t, got)
	dec.Release()
}

func TestDecoderReadsOnlyItsKeys(t *testing.T) {
	spec := testReads()
	reads := &jsoncodec.Reads{}
	spec.build(reads)
	dec := jsoncodec.NewDecoder(reads)
	for _, s := range decodeReadsSeeds {
		requireSameReadsDecode(t, spec, dec, s)
	}
	got, err := dec.Decode(`{"x":1,"id":2,"\u0069d":3}`)
	require.NoError(t, err)
	out, err := jsoncodec.AppendJSON(nil, got)
	require.NoError(t, err)
	require.Equal(t, `{"id":3}`, string(out), "the last of repeated keys wins, however written")
}

// FuzzDecoderReads checks a Decoder with Reads against the full decode.
func FuzzDecoderReads(f *testing.F) {
	for _, s := range append(decodeReadsSeeds, decodeSeeds...) {
		f.Add([]byte(s))
	}
	spec := testReads()
	reads := &jsoncodec.Reads{}
	spec.build(reads)
	dec := jsoncodec.NewDecoder(reads)
	f.Fuzz(func(t *testing.T, data []byte) { requireSameReadsDecode(t, spec, dec, string(data)) })
}
