package bundle_test

import (
	"crypto/ed25519"
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/bundle"
)

func TestKeyPairFiles(t *testing.T) {
	pub, priv, err := bundle.GenerateKey()
	require.NoError(t, err)
	prefix := filepath.Join(t.TempDir(), "release")
	require.NoError(t, bundle.WriteKeyPair(prefix, pub, priv))
	st, err := os.Stat(prefix + ".key")
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	gotPriv, err := bundle.LoadPrivateKey(prefix + ".key")
	require.NoError(t, err)
	assert.True(t, priv.Equal(gotPriv))
	gotPub, err := bundle.LoadPublicKey(prefix + ".pub")
	require.NoError(t, err)
	assert.True(t, pub.Equal(gotPub))
	assert.Error(t, bundle.WriteKeyPair(prefix, pub, priv), "never overwrites a key")
	_, err = bundle.LoadPublicKey(prefix + ".key")
	assert.ErrorContains(t, err, "want PUBLIC KEY")
}

func TestKeysInBase64(t *testing.T) {
	pub, priv, err := bundle.GenerateKey()
	require.NoError(t, err)
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(base64.StdEncoding.EncodeToString(b)+"\n"), 0o600))
		return p
	}
	seed, err := bundle.LoadPrivateKey(write("seed", priv.Seed()))
	require.NoError(t, err)
	assert.True(t, priv.Equal(seed))
	full, err := bundle.LoadPrivateKey(write("full", priv))
	require.NoError(t, err)
	assert.True(t, priv.Equal(full))
	gotPub, err := bundle.LoadPublicKey(write("pub", pub))
	require.NoError(t, err)
	assert.Equal(t, ed25519.PublicKey(pub), gotPub)
	_, err = bundle.LoadPublicKey(write("short", []byte("short")))
	assert.ErrorContains(t, err, "not an ed25519 public key")
}
