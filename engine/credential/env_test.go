package credential_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/credential"
)

func TestFromEnv(t *testing.T) {
	src, err := credential.FromEnv([]string{
		"PATH=/bin",
		`WEFT_CREDENTIAL_CRM={"kind":"bearer","fields":{"token":"t0k"}}`,
		`WEFT_CREDENTIAL_X={"name":"orders-db","kind":"dsn","fields":{"dsn":"postgres://u:p@h/db"}}`,
		"WEFT_CREDENTIAL_=ignored",
	})
	require.NoError(t, err)
	assert.Len(t, src, 2)
	c, err := src.Credential(context.Background(), "crm")
	require.NoError(t, err)
	assert.Equal(t, "t0k", c.Field("token"))
	c, err = src.Credential(context.Background(), "orders-db")
	require.NoError(t, err)
	assert.Equal(t, credential.DSN, c.Kind)
}

func TestFromEnvErrors(t *testing.T) {
	tests := []struct {
		name string
		env  string
		want string
	}{
		{name: "not json", env: "WEFT_CREDENTIAL_A=hunter2", want: "WEFT_CREDENTIAL_A: invalid credential: not a JSON object"},
		{name: "unknown member", env: `WEFT_CREDENTIAL_A={"kind":"bearer","token":"hunter2"}`, want: "not a JSON object"},
		{name: "invalid", env: `WEFT_CREDENTIAL_A={"kind":"bearer","fields":{"tok":"hunter2"}}`, want: `WEFT_CREDENTIAL_A: invalid credential: bearer has no field "tok"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := credential.FromEnv([]string{tt.env})
			require.ErrorIs(t, err, credential.ErrInvalid)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "hunter2", "values stay out of errors")
		})
	}
	_, err := credential.FromEnv([]string{
		`WEFT_CREDENTIAL_A={"name":"a","kind":"nats"}`,
		`WEFT_CREDENTIAL_B={"name":"a","kind":"nats"}`,
	})
	require.ErrorIs(t, err, credential.ErrInvalid)
	assert.Contains(t, err.Error(), `second credential called "a"`)
}

func FuzzFromEnv(f *testing.F) {
	f.Add(`{"kind":"bearer","fields":{"token":"t"}}`)
	f.Add(`{"name":"x","kind":"apikey","fields":{"key":"k","in":"query"}}`)
	f.Add(`not json`)
	f.Fuzz(func(t *testing.T, value string) {
		src, err := credential.FromEnv([]string{"WEFT_CREDENTIAL_F=" + value})
		if err != nil {
			require.ErrorIs(t, err, credential.ErrInvalid)
			return
		}
		for _, c := range src {
			require.NoError(t, credential.Validate(c), "every credential FromEnv returns is valid")
		}
	})
}
