package store_test

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/store"
)

func basic(name, password string) credential.Credential {
	return credential.Credential{Name: name, Kind: credential.Basic,
		Fields: map[string]string{"username": "ada", "password": password}}
}

func TestCredentialsRoundTrip(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	_, err := os.Stat(s.KeyPath())
	require.ErrorIs(t, err, os.ErrNotExist, "no key file before the first credential")

	require.NoError(t, s.SaveCredential(basic("shop", "hunter2"), 10))
	require.NoError(t, s.SaveCredential(credential.Credential{Name: "api", Kind: credential.Bearer,
		Fields: map[string]string{"token": "tok"}}, 20))

	info, err := os.Stat(s.KeyPath())
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	assert.Equal(t, s.Path()+".key", s.KeyPath())

	c, err := s.Credential(ctx, "shop")
	require.NoError(t, err)
	assert.Equal(t, basic("shop", "hunter2"), c)

	list, err := s.Credentials()
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, "api", list[0].Name, "sorted by name")
	assert.Equal(t, int64(20), list[0].UpdatedAt)
	assert.Equal(t, "shop", list[1].Name)

	require.NoError(t, s.SaveCredential(basic("shop", "changed"), 30))
	c, err = s.Credential(ctx, "shop")
	require.NoError(t, err)
	assert.Equal(t, "changed", c.Field("password"))

	require.NoError(t, s.DeleteCredential("shop"))
	_, err = s.Credential(ctx, "shop")
	require.ErrorIs(t, err, store.ErrNotFound)
	require.ErrorIs(t, err, credential.ErrNotFound)
	require.ErrorIs(t, s.DeleteCredential("shop"), store.ErrNotFound)
}

func TestCredentialsEmptyStoreNeedsNoKey(t *testing.T) {
	s := mustOpen(t)
	list, err := s.Credentials()
	require.NoError(t, err)
	assert.Empty(t, list)
	_, err = s.Credential(context.Background(), "x")
	require.ErrorIs(t, err, credential.ErrNotFound)
	_, err = os.Stat(s.KeyPath())
	assert.ErrorIs(t, err, os.ErrNotExist, "reading creates no key")
}

func TestSaveCredentialValidates(t *testing.T) {
	s := mustOpen(t)
	err := s.SaveCredential(credential.Credential{Name: "x", Kind: credential.Bearer}, 1)
	require.ErrorIs(t, err, credential.ErrInvalid)
	list, err := s.Credentials()
	require.NoError(t, err)
	assert.Empty(t, list)
}

func TestCredentialsEncryptedAtRest(t *testing.T) {
	s := mustOpen(t)
	require.NoError(t, s.SaveCredential(basic("shop", "hunter2-secret"), 1))
	path, keyPath := s.Path(), s.KeyPath()
	require.NoError(t, s.Close())

	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "hunter2-secret")
	assert.NotContains(t, string(raw), `"username"`)

	key, err := os.ReadFile(keyPath)
	require.NoError(t, err)
	assert.NotContains(t, string(raw), strings.TrimSpace(string(key)), "the key is never inside the database")

	s2, err := store.Open(path)
	require.NoError(t, err)
	defer s2.Close()
	c, err := s2.Credential(context.Background(), "shop")
	require.NoError(t, err, "reopening reads with the same key")
	assert.Equal(t, "hunter2-secret", c.Field("password"))
}

func TestCredentialsKeyProblems(t *testing.T) {
	other := base64.StdEncoding.EncodeToString(make([]byte, 32)) + "\n"
	tests := []struct {
		name    string
		breakIt func(t *testing.T, keyPath string)
		wantErr error
		hint    string
	}{
		{name: "missing", wantErr: store.ErrKeyMissing, hint: "restore it",
			breakIt: func(t *testing.T, p string) { require.NoError(t, os.Remove(p)) }},
		{name: "other key", wantErr: store.ErrBadKey, hint: "decryption failed",
			breakIt: func(t *testing.T, p string) { require.NoError(t, os.WriteFile(p, []byte(other), 0o600)) }},
		{name: "garbage", wantErr: store.ErrBadKey, hint: "base64 32-byte key",
			breakIt: func(t *testing.T, p string) { require.NoError(t, os.WriteFile(p, []byte("nope"), 0o600)) }},
		{name: "world readable", wantErr: store.ErrBadKey, hint: "chmod 600",
			breakIt: func(t *testing.T, p string) { require.NoError(t, os.Chmod(p, 0o644)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustOpen(t)
			require.NoError(t, s.SaveCredential(basic("shop", "pw"), 1))
			path := s.Path()
			require.NoError(t, s.Close())
			tt.breakIt(t, path+".key")

			s2, err := store.Open(path)
			require.NoError(t, err)
			defer s2.Close()
			_, err = s2.Credential(context.Background(), "shop")
			require.ErrorIs(t, err, tt.wantErr)
			assert.Contains(t, err.Error(), tt.hint)
			_, err = s2.Credentials()
			require.ErrorIs(t, err, tt.wantErr)
			require.ErrorIs(t, s2.SaveCredential(basic("new", "pw"), 2), tt.wantErr, "no new key over stored credentials")
			require.NoError(t, s2.DeleteCredential("shop"), "deleting needs no key")
		})
	}
}

func TestCredentialRecordBoundToName(t *testing.T) {
	s := mustOpen(t)
	require.NoError(t, s.SaveCredential(basic("a", "pw"), 1))
	path := s.Path()
	require.NoError(t, s.Close())

	db, err := bolt.Open(path, 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("credentials"))
		return b.Put([]byte("b"), b.Get([]byte("a")))
	}))
	require.NoError(t, db.Close())

	s2, err := store.Open(path)
	require.NoError(t, err)
	defer s2.Close()
	_, err = s2.Credential(context.Background(), "b")
	require.ErrorIs(t, err, store.ErrBadKey, "a record copied under another name does not decrypt")
	_, err = s2.Credential(context.Background(), "a")
	require.NoError(t, err)
}

func TestSchemaTwoUpgradesWithCredentials(t *testing.T) {
	path := filepath.Join(t.TempDir(), "weft.db")
	s, err := store.Open(path)
	require.NoError(t, err)
	require.NoError(t, s.Close())

	db, err := bolt.Open(path, 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket([]byte("credentials")); err != nil {
			return err
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte("2"))
	}))
	require.NoError(t, db.Close())

	s, err = store.Open(path)
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.SaveCredential(basic("shop", "pw"), 1))
}
