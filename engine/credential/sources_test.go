package credential_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/credential"
)

const bearerJSON = `{"kind":"bearer","fields":{"token":"s3cret"}}`

func TestParseEnvFile(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		err      bool
	}{
		{"blank and comments", "\n# c\n  \nA=1\n", []string{"A=1"}, false},
		{"quotes", "A=\"x y\"\nB='z'\nC=\"open", []string{"A=x y", "B=z", "C=\"open"}, false},
		{"export", "export A=1", []string{"A=1"}, false},
		{"no equals", "A", nil, true},
		{"empty key", "=1", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := credential.ParseEnvFile([]byte(tt.in))
			if tt.err {
				require.ErrorIs(t, err, credential.ErrInvalid)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestFromEnvFileEnvironmentWins(t *testing.T) {
	path := filepath.Join(t.TempDir(), "creds.env")
	file := "WEFT_CREDENTIAL_CRM='" + bearerJSON + "'\nWEFT_CREDENTIAL_DB=" + `{"kind":"bearer","fields":{"token":"file"}}` + "\n"
	require.NoError(t, os.WriteFile(path, []byte(file), 0o600))
	env := []string{"WEFT_CREDENTIAL_DB=" + `{"kind":"bearer","fields":{"token":"env"}}`}
	got, err := credential.FromEnvFile(path, env)
	require.NoError(t, err)
	assert.Equal(t, "s3cret", got["crm"].Field("token"))
	assert.Equal(t, "env", got["db"].Field("token"))
}

func TestFromDir(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "..2026_data")
	require.NoError(t, os.Mkdir(data, 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(data, "crm"), []byte(bearerJSON+"\n"), 0o600))
	require.NoError(t, os.Symlink(data, filepath.Join(dir, "..data")))
	require.NoError(t, os.Symlink(filepath.Join("..data", "crm"), filepath.Join(dir, "crm")))
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".hidden"), []byte("junk"), 0o600))
	got, err := credential.FromDir(dir)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "s3cret", got["crm"].Field("token"))
}

func TestFromDirRejectsBadFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "crm"), []byte("s3cret"), 0o600))
	_, err := credential.FromDir(dir)
	require.ErrorIs(t, err, credential.ErrInvalid)
	assert.NotContains(t, err.Error(), "s3cret")
}

func TestMergeConflict(t *testing.T) {
	a := credential.Static{"crm": {Kind: "bearer"}}
	got, err := credential.Merge(a, credential.Static{"db": {Kind: "bearer"}})
	require.NoError(t, err)
	assert.Len(t, got, 2)
	_, err = credential.Merge(a, credential.Static{"crm": {Kind: "bearer"}})
	require.ErrorIs(t, err, credential.ErrConflict)
	assert.Contains(t, err.Error(), `"crm"`)
}

func FuzzParseEnvFile(f *testing.F) {
	f.Add([]byte("A=1\n# c\nB='x'\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := credential.ParseEnvFile(data)
		if err != nil {
			return
		}
		for _, kv := range entries {
			k, _, ok := cutEq(kv)
			if !ok || k == "" {
				t.Fatalf("entry %q has no key", kv)
			}
		}
	})
}

func cutEq(kv string) (string, string, bool) {
	for i := 0; i < len(kv); i++ {
		if kv[i] == '=' {
			return kv[:i], kv[i+1:], true
		}
	}
	return "", "", false
}
