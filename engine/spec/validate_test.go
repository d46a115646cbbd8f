package spec_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/spec"
)

func ptr(f float64) *float64 { return &f }

// fields is a config schema exercising every field type.
var fields = []spec.Field{
	{Name: "code", Title: "Code", Type: spec.String, Required: true, Editor: spec.EditorJavaScript},
	{Name: "mode", Title: "Mode", Type: spec.String, Enum: []string{"fast", "safe"}, Default: "safe"},
	{Name: "retries", Title: "Retries", Type: spec.Integer, Minimum: ptr(0), Maximum: ptr(10), Default: 3.0},
	{Name: "ratio", Title: "Ratio", Type: spec.Number},
	{Name: "enabled", Title: "Enabled", Type: spec.Boolean},
	{Name: "token", Title: "Token", Type: spec.String, Required: true, Secret: true,
		ShowIf: &spec.Condition{Field: "mode", Equals: []any{"safe"}}},
	{Name: "auth", Title: "Auth", Type: spec.Object, Fields: []spec.Field{
		{Name: "user", Title: "User", Type: spec.String, Required: true},
		{Name: "port", Title: "Port", Type: spec.Integer, Default: 22.0},
	}},
	{Name: "tags", Title: "Tags", Type: spec.Array, Items: &spec.Field{Type: spec.String}},
	{Name: "extra", Title: "Extra", Type: spec.Object},
}

func TestValidateConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  map[string]any
		want []spec.FieldError
	}{
		{"valid", map[string]any{"code": "return 1", "token": "t", "retries": 2.0, "ratio": 0.5, "enabled": true,
			"auth": map[string]any{"user": "u"}, "tags": []any{"a"}, "extra": map[string]any{"any": 1.0}}, nil},
		{"hidden required field is not required", map[string]any{"code": "x", "mode": "fast"}, nil},
		{"missing required", map[string]any{"mode": "safe"}, []spec.FieldError{
			{Field: "code", Message: "required"}, {Field: "token", Message: "required"}}},
		{"empty string and null are unset", map[string]any{"code": "", "token": nil, "mode": "fast"}, []spec.FieldError{
			{Field: "code", Message: "required"}}},
		{"wrong types", map[string]any{"code": 1.0, "mode": "fast", "enabled": "yes", "ratio": "1", "tags": "a"}, []spec.FieldError{
			{Field: "code", Message: "must be a string, got number"},
			{Field: "ratio", Message: "must be a number, got string"},
			{Field: "enabled", Message: "must be a boolean, got string"},
			{Field: "tags", Message: "must be an array, got string"}}},
		{"integer refuses fractions", map[string]any{"code": "x", "mode": "fast", "retries": 1.5}, []spec.FieldError{
			{Field: "retries", Message: "must be an integer, got 1.5"}}},
		{"integer accepts json.Number and Go ints", map[string]any{"code": "x", "mode": "fast", "retries": json.Number("4"), "ratio": 7}, nil},
		{"json.Number fraction", map[string]any{"code": "x", "mode": "fast", "retries": json.Number("4.5")}, []spec.FieldError{
			{Field: "retries", Message: "must be an integer, got 4.5"}}},
		{"bounds", map[string]any{"code": "x", "mode": "fast", "retries": 11.0}, []spec.FieldError{
			{Field: "retries", Message: "must be at most 10, got 11"}}},
		{"below minimum", map[string]any{"code": "x", "mode": "fast", "retries": -1.0}, []spec.FieldError{
			{Field: "retries", Message: "must be at least 0, got -1"}}},
		{"enum", map[string]any{"code": "x", "mode": "slow"}, []spec.FieldError{
			{Field: "mode", Message: `must be one of "fast", "safe", got "slow"`}}},
		{"nested object and array items", map[string]any{"code": "x", "mode": "fast",
			"auth": map[string]any{"port": "22", "shell": true}, "tags": []any{"a", 2.0}}, []spec.FieldError{
			{Field: "auth.user", Message: "required"},
			{Field: "auth.port", Message: "must be an integer, got string"},
			{Field: "auth.shell", Message: "unknown field"},
			{Field: "tags[1]", Message: "must be a string, got number"}}},
		{"unknown fields sorted", map[string]any{"code": "x", "mode": "fast", "zeta": 1.0, "alpha": 2.0}, []spec.FieldError{
			{Field: "alpha", Message: "unknown field"}, {Field: "zeta", Message: "unknown field"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, spec.ValidateConfig(fields, tt.cfg))
		})
	}
}

func TestFieldErrorString(t *testing.T) {
	assert.Equal(t, `field "code": required`, spec.FieldError{Field: "code", Message: "required"}.Error())
}

func TestApplyDefaults(t *testing.T) {
	in := map[string]any{"code": "x", "retries": nil, "auth": map[string]any{"user": "u"}}
	got := spec.ApplyDefaults(fields, in)
	assert.Equal(t, map[string]any{"code": "x", "mode": "safe", "retries": 3.0,
		"auth": map[string]any{"user": "u", "port": 22.0}}, got)
	assert.Equal(t, map[string]any{"code": "x", "retries": nil, "auth": map[string]any{"user": "u"}}, in, "input must not change")
	assert.Empty(t, spec.ValidateConfig(fields, map[string]any{"code": "x", "mode": "fast", "retries": got["retries"]}))
}

func TestApplyDefaultsCopiesDefaults(t *testing.T) {
	def := []any{"a"}
	fs := []spec.Field{{Name: "list", Type: spec.Array, Default: def}}
	got := spec.ApplyDefaults(fs, nil)
	require.NotNil(t, got)
	got["list"].([]any)[0] = "changed"
	assert.Equal(t, "a", def[0], "a default must be copied, not shared")
}

func TestApplyDefaultsInsideArrays(t *testing.T) {
	fs := []spec.Field{{Name: "rows", Type: spec.Array, Items: &spec.Field{Type: spec.Object, Fields: []spec.Field{
		{Name: "n", Type: spec.Integer, Default: 1.0}}}}}
	got := spec.ApplyDefaults(fs, map[string]any{"rows": []any{map[string]any{}, map[string]any{"n": 5.0}}})
	assert.Equal(t, []any{map[string]any{"n": 1.0}, map[string]any{"n": 5.0}}, got["rows"])
}
