package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKeygenSignVerify(t *testing.T) {
	priv, pub := keyPair(t)
	st, err := os.Stat(priv)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	_, otherPub := keyPair(t)

	path := makeBundle(t, nil, helloFlow)
	code, _, stderr := weft(t, "verify", path, "--key", pub)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "not signed")

	signedOut := filepath.Join(t.TempDir(), "signed.weft")
	code, _, stderr = weft(t, "sign", path, "--key", priv, "-o", signedOut)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, readBytes(t, makeBundle(t, []string{"--sign", priv}, helloFlow)), readBytes(t, signedOut),
		"bundle --sign equals bundle then sign")

	code, stdout, stderr := weft(t, "verify", signedOut, "--key", pub)
	assert.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "ok")
	code, _, stderr = weft(t, "verify", signedOut, "--key", otherPub)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "signature is not valid")

	code, stdout, _ = weft(t, "inspect", signedOut)
	assert.Equal(t, 0, code)
	assert.Contains(t, stdout, "signature:  signed (not checked: no --key)")
	code, stdout, _ = weft(t, "inspect", signedOut, "--key", pub)
	assert.Equal(t, 0, code)
	assert.Contains(t, stdout, "signature:  valid")
	code, stdout, _ = weft(t, "inspect", signedOut, "--key", otherPub)
	assert.Equal(t, 1, code)
	assert.Contains(t, stdout, "signature:  INVALID")
}

func TestSignInPlace(t *testing.T) {
	priv, pub := keyPair(t)
	path := makeBundle(t, nil, helloFlow)
	code, _, stderr := weft(t, "sign", path, "--key", priv)
	require.Equal(t, 0, code, stderr)
	code, _, stderr = weft(t, "verify", path, "--key", pub)
	assert.Equal(t, 0, code, stderr)
}
