package spec_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/spec"
)

func validSpec() spec.Spec {
	return spec.Spec{Type: "test.step", Title: "Step", Category: spec.Transform,
		Inputs: []spec.Port{{Name: "in"}}, Outputs: []spec.Port{{Name: "out"}}, Config: slices.Clone(fields)}
}

func TestCheckSpec(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *spec.Spec)
		want   string // a substring of the error; empty means valid
	}{
		{"valid", func(*spec.Spec) {}, ""},
		{"type without family", func(s *spec.Spec) { s.Type = "step" }, `type "step" is not "family.name"`},
		{"type with upper-case family", func(s *spec.Spec) { s.Type = "Core.step" }, `is not "family.name"`},
		{"no title", func(s *spec.Spec) { s.Title = "" }, "title is empty"},
		{"bad category", func(s *spec.Spec) { s.Category = "sink" }, `category "sink"`},
		{"trigger with inputs", func(s *spec.Spec) { s.Category = spec.Trigger }, "a trigger has no inputs"},
		{"duplicate output", func(s *spec.Spec) { s.Outputs = append(s.Outputs, spec.Port{Name: "out"}) }, `duplicate output port "out"`},
		{"error port declared", func(s *spec.Spec) { s.Outputs = append(s.Outputs, spec.Port{Name: "error"}) }, `output port "error" is reserved`},
		{"empty port name", func(s *spec.Spec) { s.Inputs = []spec.Port{{}} }, "input port with empty name"},
		{"duplicate field", func(s *spec.Spec) { s.Config = append(s.Config, spec.Field{Name: "code", Type: spec.String}) }, `duplicate field "code"`},
		{"unknown field type", func(s *spec.Spec) { s.Config = []spec.Field{{Name: "x", Type: "date"}} }, `field "x": unknown type "date"`},
		{"bad default", func(s *spec.Spec) { s.Config[2].Default = "three" }, `field "retries": default: must be an integer, got string`},
		{"default out of range", func(s *spec.Spec) { s.Config[2].Default = 11.0 }, "default: must be at most 10"},
		{"bad example", func(s *spec.Spec) { s.Config[1].Examples = []any{"slow"} }, `field "mode": example 1: must be one of`},
		{"enum on a number", func(s *spec.Spec) { s.Config[3].Enum = []string{"1"} }, `field "ratio": enum needs type string`},
		{"bounds on a string", func(s *spec.Spec) { s.Config[0].Minimum = ptr(1) }, `field "code": minimum/maximum need`},
		{"showIf unknown field", func(s *spec.Spec) { s.Config[5].ShowIf = &spec.Condition{Field: "nope"} }, `showIf refers to unknown field "nope"`},
		{"mapping editor on an object", func(s *spec.Spec) {
			s.Config = []spec.Field{{Name: "m", Type: spec.Object, Editor: spec.EditorMapping}}
		}, ""},
		{"mapping editor on a string", func(s *spec.Spec) {
			s.Config = []spec.Field{{Name: "m", Type: spec.String, Editor: spec.EditorMapping}}
		}, `field "m": editor "mapping" needs type object`},
		{"javascript editor on an object", func(s *spec.Spec) {
			s.Config = []spec.Field{{Name: "m", Type: spec.Object, Editor: spec.EditorJavaScript}}
		}, `field "m": editor needs type string`},
		{"credential editor on a string", func(s *spec.Spec) {
			s.Config = []spec.Field{{Name: "credential", Type: spec.String, Editor: spec.EditorCredential}}
		}, ""},
		{"credential editor on an integer", func(s *spec.Spec) {
			s.Config = []spec.Field{{Name: "credential", Type: spec.Integer, Editor: spec.EditorCredential}}
		}, `field "credential": editor needs type string`},
		{"nested duplicate", func(s *spec.Spec) {
			s.Config = []spec.Field{{Name: "o", Type: spec.Object, Fields: []spec.Field{{Name: "a", Type: spec.String}, {Name: "a", Type: spec.String}}}}
		}, `duplicate field "o.a"`},
		{"bad items", func(s *spec.Spec) {
			s.Config = []spec.Field{{Name: "l", Type: spec.Array, Items: &spec.Field{Type: "x"}}}
		}, `field "l[]": unknown type "x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSpec()
			s.Config = slices.Clone(s.Config)
			tt.change(&s)
			err := spec.CheckSpec(s)
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, spec.ErrInvalidSpec)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestCompareOrdersByCategoryThenType(t *testing.T) {
	specs := []spec.Spec{
		{Type: "b.act", Category: spec.Action}, {Type: "a.act", Category: spec.Action},
		{Type: "z.trig", Category: spec.Trigger}, {Type: "m.tr", Category: spec.Transform},
	}
	slices.SortFunc(specs, spec.Compare)
	var got []string
	for _, s := range specs {
		got = append(got, s.Type)
	}
	assert.Equal(t, []string{"z.trig", "m.tr", "a.act", "b.act"}, got)
}

func TestCheckSpecDynamic(t *testing.T) {
	rules := spec.Field{Name: "rules", Title: "Rules", Type: spec.Array, Items: &spec.Field{Type: spec.Object,
		Fields: []spec.Field{{Name: "output", Type: spec.String}, {Name: "n", Type: spec.Integer}}}}
	names := spec.Field{Name: "names", Title: "Names", Type: spec.Array, Items: &spec.Field{Type: spec.String}}
	tests := []struct {
		name   string
		change func(s *spec.Spec)
		want   string // a substring of the error; empty means valid
	}{
		{"outputs from objects", func(s *spec.Spec) { s.OutputsFrom = &spec.PortsFrom{Field: "rules", Key: "output"} }, ""},
		{"outputs from strings", func(s *spec.Spec) { s.OutputsFrom = &spec.PortsFrom{Field: "names"} }, ""},
		{"outputs from a missing field", func(s *spec.Spec) { s.OutputsFrom = &spec.PortsFrom{Field: "nope"} },
			`outputsFrom: field "nope" is not an array field`},
		{"outputs from a string field", func(s *spec.Spec) { s.OutputsFrom = &spec.PortsFrom{Field: "code"} },
			`field "code" is not an array field`},
		{"outputs from objects without key", func(s *spec.Spec) { s.OutputsFrom = &spec.PortsFrom{Field: "rules"} },
			`field "rules" is not an array of strings`},
		{"outputs from a non-string key", func(s *spec.Spec) { s.OutputsFrom = &spec.PortsFrom{Field: "rules", Key: "n"} },
			`field "rules" has no string member "n"`},
		{"catch all", func(s *spec.Spec) { s.Catch = &spec.CatchFrom{} }, ""},
		{"catch listed", func(s *spec.Spec) { s.Catch = &spec.CatchFrom{Field: "names"} }, ""},
		{"catch from objects", func(s *spec.Spec) { s.Catch = &spec.CatchFrom{Field: "rules"} },
			`catch: field "rules" is not an array of strings`},
		{"catching action", func(s *spec.Spec) { s.Catch, s.Category = &spec.CatchFrom{}, spec.Action },
			"catch: a catcher is a transform"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSpec()
			s.Config = append(slices.Clone(s.Config), rules, names)
			tt.change(&s)
			err := spec.CheckSpec(s)
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, spec.ErrInvalidSpec)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestOutputPorts(t *testing.T) {
	s := spec.Spec{Outputs: []spec.Port{{Name: "otherwise"}}, OutputsFrom: &spec.PortsFrom{Field: "rules", Key: "output"}}
	ports, errs := s.OutputPorts(map[string]any{"rules": []any{
		map[string]any{"output": "big"}, map[string]any{"output": "otherwise"}, map[string]any{"output": "big"},
		map[string]any{"output": ""}, map[string]any{}, map[string]any{"output": "error"}, map[string]any{"output": "small"},
	}})
	assert.Equal(t, []spec.Port{{Name: "otherwise"}, {Name: "big"}, {Name: "small"}}, ports, "each name once, in order")
	assert.Equal(t, []spec.FieldError{
		{Field: "rules[3].output", Message: "names no output port"},
		{Field: "rules[4].output", Message: "names no output port"},
		{Field: "rules[5].output", Message: `output port "error" is reserved`},
	}, errs)

	plain := spec.Spec{OutputsFrom: &spec.PortsFrom{Field: "names"}}
	ports, errs = plain.OutputPorts(map[string]any{"names": []any{"a", 3.0}})
	assert.Equal(t, []spec.Port{{Name: "a"}}, ports)
	assert.Equal(t, []spec.FieldError{{Field: "names[1]", Message: "names no output port"}}, errs)

	ports, errs = spec.Spec{Outputs: []spec.Port{{Name: "out"}}}.OutputPorts(nil)
	assert.Equal(t, []spec.Port{{Name: "out"}}, ports)
	assert.Empty(t, errs)
}

func TestCatchNodes(t *testing.T) {
	s := spec.Spec{Catch: &spec.CatchFrom{Field: "nodes"}}
	ids, all := s.CatchNodes(map[string]any{"nodes": []any{"a", "", "b"}})
	assert.Equal(t, []string{"a", "b"}, ids)
	assert.False(t, all)
	ids, all = s.CatchNodes(map[string]any{})
	assert.Empty(t, ids)
	assert.True(t, all, "an empty list catches everything")
	_, all = spec.Spec{}.CatchNodes(nil)
	assert.False(t, all, "not a catcher")
}

func TestCheckSpecRefusesTriggerTraitsThatDoNotFit(t *testing.T) {
	base := spec.Spec{Type: "test.t", Title: "T", Category: spec.Trigger, Outputs: []spec.Port{{Name: "out"}},
		Config: []spec.Field{{Name: "path", Title: "Path", Type: spec.String}}}
	for name, tc := range map[string]struct {
		traits   spec.TriggerTraits
		category spec.Category
		want     string
	}{
		"on a transform": {spec.TriggerTraits{Kind: spec.TriggerSource}, spec.Transform, "trigger traits on a transform"},
		"unknown kind":   {spec.TriggerTraits{Kind: "push"}, spec.Trigger, `trigger kind "push"`},
		"no path field":  {spec.TriggerTraits{Kind: spec.TriggerHTTP, PathField: "route"}, spec.Trigger, `pathField "route"`},
		"unknown spooledIf": {spec.TriggerTraits{Kind: spec.TriggerSource, Spooled: true,
			SpooledIf: &spec.Condition{Field: "mode", Equals: []any{"x"}}}, spec.Trigger, `spooledIf refers to unknown field "mode"`},
	} {
		s := base
		s.Category, s.Trigger = tc.category, &tc.traits
		if tc.category != spec.Trigger {
			s.Inputs = []spec.Port{{Name: "in"}}
		}
		err := spec.CheckSpec(s)
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), tc.want, name)
	}
	s := base
	s.Trigger = &spec.TriggerTraits{Kind: spec.TriggerHTTP, PathField: "path"}
	assert.NoError(t, spec.CheckSpec(s))
}

func TestTraitsOfTriggersAndOthers(t *testing.T) {
	plain := spec.Spec{Category: spec.Trigger}
	assert.Equal(t, &spec.TriggerTraits{Kind: spec.TriggerSource}, plain.Traits(), "a trigger without traits is an unspooled source")
	assert.True(t, plain.Traits().Exclusive())
	assert.Nil(t, spec.Spec{Category: spec.Action}.Traits())
	var none *spec.TriggerTraits
	assert.False(t, none.SpoolsWith(nil))
	assert.False(t, none.Serves())
	_, ok := none.Path(nil)
	assert.False(t, ok)

	hook := &spec.TriggerTraits{Kind: spec.TriggerHTTP, PathField: "path", Spooled: true,
		SpooledIf: &spec.Condition{Field: "respond", Equals: []any{"accepted"}}}
	assert.True(t, hook.SpoolsWith(map[string]any{"respond": "accepted"}))
	assert.False(t, hook.SpoolsWith(map[string]any{"respond": "node"}))
	assert.False(t, hook.SpoolsWith(nil))
	p, ok := hook.Path(map[string]any{"path": "/orders"})
	assert.True(t, ok)
	assert.Equal(t, "/orders", p)
	assert.True(t, hook.Serves())
	assert.False(t, hook.Exclusive())
	assert.False(t, (&spec.TriggerTraits{Kind: spec.TriggerManual}).Serves())
}
