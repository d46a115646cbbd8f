package spec_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/spec"
)

func TestConfigReaders(t *testing.T) {
	cfg := map[string]any{"f": 3.0, "i": 4, "n": json.Number("5"), "bad": "x", "s": "hi", "b": true,
		"l": []any{"a", "b"}, "mixed": []any{"a", 1.0}}
	for field, want := range map[string]int64{"f": 3, "i": 4, "n": 5, "missing": 0} {
		got, err := spec.Int(cfg, field)
		assert.NoError(t, err)
		assert.Equal(t, want, got, field)
	}
	_, err := spec.Int(cfg, "bad")
	assert.ErrorContains(t, err, `field "bad": not an integer`)

	s, err := spec.Text(cfg, "s")
	assert.Equal(t, "hi", s)
	assert.NoError(t, err)
	_, err = spec.Text(cfg, "f")
	assert.ErrorContains(t, err, "not a string")

	b, err := spec.Bool(cfg, "b")
	assert.True(t, b)
	assert.NoError(t, err)
	_, err = spec.Bool(cfg, "s")
	assert.ErrorContains(t, err, "not a boolean")

	l, err := spec.Strings(cfg, "l")
	assert.Equal(t, []string{"a", "b"}, l)
	assert.NoError(t, err)
	_, err = spec.Strings(cfg, "mixed")
	assert.ErrorContains(t, err, "element 2 is not a string")
}

func TestReaderKeepsTheFirstError(t *testing.T) {
	r := spec.NewReader(map[string]any{"s": "hi", "n": 2.0, "b": true, "l": []any{"x"}})
	assert.Equal(t, "hi", r.Text("s"))
	assert.Equal(t, int64(2), r.Int("n"))
	assert.True(t, r.Bool("b"))
	assert.Equal(t, []string{"x"}, r.Strings("l"))
	assert.NoError(t, r.Err())

	assert.Equal(t, int64(0), r.Int("s"))
	assert.False(t, r.Bool("n"))
	assert.ErrorContains(t, r.Err(), `field "s": not an integer`, "the first error stays")
}

func TestBoundConfigRefusesUndeclaredFields(t *testing.T) {
	cfg := map[string]any{"a": "x", "n": 2.0}
	unbind := spec.Bind([]spec.Field{{Name: "a", Type: spec.String}, {Name: "n", Type: spec.Integer}}, cfg)
	rd := spec.NewReader(cfg)
	assert.Equal(t, "x", rd.Text("a"))
	assert.Equal(t, int64(2), rd.Int("n"))
	require.NoError(t, rd.Err())
	assert.Equal(t, "", rd.Text("typo"))
	assert.ErrorIs(t, rd.Err(), spec.ErrUndeclared)
	assert.ErrorContains(t, rd.Err(), `"typo"`)
	for _, read := range []func() error{
		func() error { _, err := spec.Bool(cfg, "b"); return err },
		func() error { _, err := spec.Strings(cfg, "s"); return err },
		func() error { _, err := spec.Value(cfg, "v"); return err },
	} {
		assert.ErrorIs(t, read(), spec.ErrUndeclared)
	}
	unbind()
	v, err := spec.Text(cfg, "typo")
	assert.NoError(t, err, "an unbound config (a factory called directly) reads missing fields as zero")
	assert.Equal(t, "", v)
}
