package bundle

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"maps"
)

// Sign returns the bundle with its signature file added or replaced: the
// base64 ed25519 signature of manifest.json. The bundle is checked first;
// the result is deterministic.
func Sign(data []byte, priv ed25519.PrivateKey) ([]byte, error) {
	if len(priv) != ed25519.PrivateKeySize {
		return nil, errors.New("not an ed25519 private key")
	}
	b, err := Read(data)
	if err != nil {
		return nil, err
	}
	entries := maps.Clone(b.Files)
	entries[ManifestFile] = b.ManifestBytes
	sig := ed25519.Sign(priv, b.ManifestBytes)
	entries[SignatureFile] = []byte(base64.StdEncoding.EncodeToString(sig) + "\n")
	return writeZip(entries)
}
