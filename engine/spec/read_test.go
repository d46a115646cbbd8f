package spec_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"

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
