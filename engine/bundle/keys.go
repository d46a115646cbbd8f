package bundle

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"
)

// GenerateKey makes a new ed25519 key pair for signing bundles.
func GenerateKey() (ed25519.PublicKey, ed25519.PrivateKey, error) {
	return ed25519.GenerateKey(rand.Reader)
}

// WriteKeyPair writes prefix.key (PKCS#8 PEM, mode 0600) and prefix.pub
// (PKIX PEM, mode 0644). It refuses to overwrite an existing key file.
func WriteKeyPair(prefix string, pub ed25519.PublicKey, priv ed25519.PrivateKey) error {
	privDER, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return err
	}
	pubDER, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return err
	}
	if err := writeNew(prefix+".key", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: privDER}), 0o600); err != nil {
		return err
	}
	return writeNew(prefix+".pub", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}), 0o644)
}

func writeNew(path string, data []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// LoadPrivateKey reads a private key file: PKCS#8 PEM, or base64 of the
// 32-byte seed or the 64-byte key.
func LoadPrivateKey(path string) (ed25519.PrivateKey, error) {
	raw, err := keyBytes(path, "PRIVATE KEY", func(der []byte) (any, error) { return x509.ParsePKCS8PrivateKey(der) })
	if err != nil {
		return nil, err
	}
	switch k := raw.(type) {
	case ed25519.PrivateKey:
		return k, nil
	case []byte:
		switch len(k) {
		case ed25519.SeedSize:
			return ed25519.NewKeyFromSeed(k), nil
		case ed25519.PrivateKeySize:
			return ed25519.PrivateKey(k), nil
		}
	}
	return nil, fmt.Errorf("%s: not an ed25519 private key", path)
}

// LoadPublicKey reads a public key file: PKIX PEM, or base64 of the
// 32-byte key.
func LoadPublicKey(path string) (ed25519.PublicKey, error) {
	raw, err := keyBytes(path, "PUBLIC KEY", x509.ParsePKIXPublicKey)
	if err != nil {
		return nil, err
	}
	switch k := raw.(type) {
	case ed25519.PublicKey:
		return k, nil
	case []byte:
		if len(k) == ed25519.PublicKeySize {
			return ed25519.PublicKey(k), nil
		}
	}
	return nil, fmt.Errorf("%s: not an ed25519 public key", path)
}

// keyBytes returns the parsed PEM key, or the raw bytes of a base64 file.
func keyBytes(path, pemType string, parse func([]byte) (any, error)) (any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if block, _ := pem.Decode(data); block != nil {
		if block.Type != pemType {
			return nil, fmt.Errorf("%s: a %s PEM block, want %s", path, block.Type, pemType)
		}
		k, err := parse(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return k, nil
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(data)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, errors.New("neither PEM nor base64"))
	}
	return raw, nil
}
