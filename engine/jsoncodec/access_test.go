package jsoncodec

import (
	"slices"
	"testing"
)

func TestObjectAccessors(t *testing.T) {
	o := NewObject(2)
	o.Set("b", 1.0)
	o.Set("a", 2.0)
	m := map[string]any{"b": 1.0, "a": 2.0}
	for _, c := range []struct {
		v    any
		keys []string
	}{{o, []string{"b", "a"}}, {m, []string{"a", "b"}}} {
		if !IsObject(c.v) {
			t.Errorf("IsObject(%T) = false", c.v)
		}
		keys, ok := ObjectKeys(c.v)
		if !ok || !slices.Equal(keys, c.keys) {
			t.Errorf("ObjectKeys(%T) = %q, %v; want %q", c.v, keys, ok, c.keys)
		}
	}
	for _, v := range []any{nil, "x", []any{}, 1.0} {
		if IsObject(v) {
			t.Errorf("IsObject(%#v) = true", v)
		}
		if keys, ok := ObjectKeys(v); ok || keys != nil {
			t.Errorf("ObjectKeys(%#v) = %q, %v", v, keys, ok)
		}
	}
}

func TestWithMember(t *testing.T) {
	o := NewObject(2)
	o.Set("b", 1.0)
	o.Set("a", 2.0)
	got := WithMember(o, "c", 3.0).(*Object)
	if !slices.Equal(got.Keys(), []string{"b", "a", "c"}) || o.Len() != 2 {
		t.Errorf("WithMember added: keys %q, original has %d members", got.Keys(), o.Len())
	}
	got = WithMember(o, "b", 9.0).(*Object)
	if v, _ := got.Get("b"); v != 9.0 || !slices.Equal(got.Keys(), []string{"b", "a"}) {
		t.Errorf("WithMember replaced: %v, keys %q", v, got.Keys())
	}
	if v, _ := o.Get("b"); v != 1.0 {
		t.Errorf("the original changed: b = %v", v)
	}
	m := map[string]any{"a": 1.0}
	gm := WithMember(m, "b", 2.0).(map[string]any)
	if len(gm) != 2 || len(m) != 1 {
		t.Errorf("map: copy %v, original %v", gm, m)
	}
	if WithMember((*Object)(nil), "a", 1.0).(*Object).Len() != 1 {
		t.Error("a nil object gives an object with the member")
	}
}

func TestDecode(t *testing.T) {
	for text, want := range map[string]string{
		`{"b":1,"a":[{"z":null,"y":"\u00e9"}]}`: `{"b":1,"a":[{"z":null,"y":"é"}]}`,
		`{"s":"\ud800","b":1e3}`:                `{"s":"\ud800","b":1000}`, // lone surrogates kept
		`{"n":1e400}`:                           "",                        // the full decoder's error
		`"x"`:                                   `"x"`,
		`null`:                                  `null`,
	} {
		v, err := Decode([]byte(text))
		if want == "" {
			if _, fullErr := DecodeFull([]byte(text)); err == nil || fullErr == nil || err.Error() != fullErr.Error() {
				t.Errorf("Decode(%s): error %v, DecodeFull's %v", text, err, fullErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		if got, _ := AppendJSON(nil, v); string(got) != want {
			t.Errorf("Decode(%s) = %s, want %s", text, got, want)
		}
	}
	if _, err := Decode([]byte(`{"a":}`)); err == nil {
		t.Error("bad JSON gives an error")
	}
}
