package credential_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// serviceIO is a registry.IO that only provides services; Lookup needs
// nothing else.
type serviceIO struct {
	registry.IO
	services registry.Services
}

func (s serviceIO) Service(name string) (any, bool) {
	v, ok := s.services[name]
	return v, ok
}

func ioWith(src credential.Source) registry.IO {
	s := registry.Services{}
	if src != nil {
		registry.Provide(s, credential.Key, src)
	}
	return serviceIO{services: s}
}

func TestStatic(t *testing.T) {
	src := credential.Static{
		"shop": {Kind: credential.Basic, Fields: map[string]string{"username": "u", "password": "p"}},
	}
	c, err := src.Credential(context.Background(), "shop")
	require.NoError(t, err)
	assert.Equal(t, "shop", c.Name, "name taken from the key")
	assert.Equal(t, "p", c.Field("password"))
	c.Fields["password"] = "changed"
	again, err := src.Credential(context.Background(), "shop")
	require.NoError(t, err)
	assert.Equal(t, "p", again.Field("password"), "callers get a copy")

	_, err = src.Credential(context.Background(), "missing")
	require.ErrorIs(t, err, credential.ErrNotFound)
}

func TestLookup(t *testing.T) {
	src := credential.Static{
		"key":  {Kind: credential.APIKey, Fields: map[string]string{"key": "k"}},
		"bear": {Kind: credential.Bearer, Fields: map[string]string{"token": "t"}},
	}
	tests := []struct {
		name    string
		io      registry.IO
		cred    string
		kinds   []credential.Kind
		wantErr error
		hint    string
	}{
		{name: "found any kind", io: ioWith(src), cred: "bear"},
		{name: "found allowed kind", io: ioWith(src), cred: "bear", kinds: []credential.Kind{credential.Basic, credential.Bearer}},
		{name: "wrong kind", io: ioWith(src), cred: "bear", kinds: []credential.Kind{credential.Basic},
			wantErr: credential.ErrWrongKind, hint: "this node needs basic"},
		{name: "missing", io: ioWith(src), cred: "nope", wantErr: credential.ErrNotFound, hint: "Credentials panel"},
		{name: "empty name", io: ioWith(src), cred: "", wantErr: credential.ErrNotFound},
		{name: "no source", io: ioWith(nil), cred: "bear", wantErr: credential.ErrNoSource, hint: "Weft Studio"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := credential.Lookup(context.Background(), tt.io, tt.cred, tt.kinds...)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				assert.Contains(t, err.Error(), tt.hint)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.cred, c.Name)
		})
	}
}

func TestLookupAppliesDefaults(t *testing.T) {
	src := credential.Static{"key": {Kind: credential.APIKey, Fields: map[string]string{"key": "k"}}}
	c, err := credential.Lookup(context.Background(), ioWith(src), "key", credential.APIKey)
	require.NoError(t, err)
	assert.Equal(t, "header", c.Field("in"))
	assert.Equal(t, "X-API-Key", c.Field("name"))
	assert.Empty(t, src["key"].Fields["in"], "the source's map is not changed")
}

func TestStringHidesSecrets(t *testing.T) {
	c := credential.Credential{Name: "db", Kind: credential.DSN, Fields: map[string]string{"dsn": "postgres://u:hunter2@h/db"}}
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%v %+v %#v %s", c, c, c, c)} {
		assert.NotContains(t, s, "hunter2")
		assert.Contains(t, s, `"db"`)
	}
}

func TestJSONLeavesOutSecrets(t *testing.T) {
	c := credential.Credential{Name: "shop", Kind: credential.Basic, Fields: map[string]string{"username": "ada", "password": "hunter2"}}
	raw, err := json.Marshal(map[string]any{"c": c})
	require.NoError(t, err)
	assert.JSONEq(t, `{"c": {"name": "shop", "kind": "basic", "fields": {"username": "ada"}}}`, string(raw))
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		cred    credential.Credential
		wantErr string
	}{
		{name: "basic ok", cred: credential.Credential{Name: "a", Kind: credential.Basic, Fields: map[string]string{"username": "u"}}},
		{name: "kafka ok", cred: credential.Credential{Name: "k", Kind: credential.Kafka,
			Fields: map[string]string{"mechanism": "scram-sha-512", "username": "u", "password": "p"}}},
		{name: "nats empty ok", cred: credential.Credential{Name: "n", Kind: credential.NATS}},
		{name: "no name", cred: credential.Credential{Kind: credential.NATS}, wantErr: "name is required"},
		{name: "spaces", cred: credential.Credential{Name: " a", Kind: credential.NATS}, wantErr: "starts or ends with space"},
		{name: "control", cred: credential.Credential{Name: "a\nb", Kind: credential.NATS}, wantErr: "control"},
		{name: "unknown kind", cred: credential.Credential{Name: "a", Kind: "ftp"}, wantErr: `unknown kind "ftp"`},
		{name: "missing required", cred: credential.Credential{Name: "a", Kind: credential.Bearer}, wantErr: `"token" is required`},
		{name: "unknown field", cred: credential.Credential{Name: "a", Kind: credential.Bearer,
			Fields: map[string]string{"token": "t", "extra": "x"}}, wantErr: `no field "extra"`},
		{name: "bad enum", cred: credential.Credential{Name: "a", Kind: credential.APIKey,
			Fields: map[string]string{"key": "k", "in": "body"}}, wantErr: "must be one of header, query"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := credential.Validate(tt.cred)
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, credential.ErrInvalid)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestKinds(t *testing.T) {
	ks := credential.Kinds()
	want := []credential.Kind{credential.Basic, credential.Bearer, credential.APIKey, credential.OAuth2,
		credential.DSN, credential.NATS, credential.Kafka}
	got := make([]credential.Kind, len(ks))
	for i, k := range ks {
		got[i] = k.Kind
		assert.NotEmpty(t, k.Fields, k.Kind)
	}
	assert.Equal(t, want, got)

	ks[0].Fields[0].Name = "changed"
	s, ok := credential.SpecOf(credential.Basic)
	require.True(t, ok)
	assert.Equal(t, "username", s.Fields[0].Name, "Kinds returns a copy")

	assert.True(t, credential.IsSecret(credential.Basic, "password"))
	assert.False(t, credential.IsSecret(credential.Basic, "username"))
	assert.True(t, credential.IsSecret(credential.Basic, "unknown"), "unknown fields count as secret")
	assert.True(t, credential.IsSecret("ftp", "username"), "unknown kinds count as secret")
}

func TestRefsListsCredentialFields(t *testing.T) {
	reg := registry.New()
	reg.MustRegister(spec.Spec{Type: "test.call", Title: "Call", Category: spec.Action, Inputs: []spec.Port{{Name: "in"}},
		Config: []spec.Field{{Name: "credential", Title: "Credential", Type: spec.String, Editor: spec.EditorCredential},
			{Name: "note", Title: "Note", Type: spec.String}}},
		func(flow.Node, map[string]any) (registry.Node, error) { return nil, nil })
	f := &flow.Flow{Nodes: []flow.Node{
		{ID: "a", Type: "test.call", Config: map[string]any{"credential": "crm", "note": "not a credential"}},
		{ID: "b", Type: "test.call", Config: map[string]any{"credential": ""}},
		{ID: "c", Type: "test.unknown", Config: map[string]any{"credential": "x"}},
	}}
	refs := credential.Refs(f, reg)
	require.Len(t, refs, 1)
	assert.Equal(t, "crm", refs[0].Name)
	assert.Equal(t, "a", refs[0].Node)
	assert.Equal(t, "credential", refs[0].Field.Name)
}
