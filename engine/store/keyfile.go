package store

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"sync"
)

// ErrKeyMissing is wrapped by credential operations when credentials are
// stored but the key file that encrypts them is gone: they cannot be
// read, and a new key is not made over them.
var ErrKeyMissing = errors.New("the credentials key file is missing")

// ErrBadKey is wrapped by credential operations when the key file cannot
// be used: unreadable, malformed, readable by others than its owner, or
// not the key the credentials were encrypted with.
var ErrBadKey = errors.New("the credentials key file cannot be used")

// keySize is the AES-256 key length in bytes.
const keySize = 32

// sealer encrypts credential records with the key in <db>.key, loading or
// creating it on first use.
type sealer struct {
	path string
	mu   sync.Mutex
	aead cipher.AEAD
}

// KeyPath is the file beside the data file that holds the key credentials
// are encrypted with: the data file's path plus ".key".
func (s *Store) KeyPath() string { return s.keys.path }

// cipher returns the AEAD for the key file; create allows making a new key
// file when there is none (only while no credential is stored).
func (k *sealer) cipher(create bool) (cipher.AEAD, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.aead != nil {
		return k.aead, nil
	}
	key, err := k.load()
	if errors.Is(err, fs.ErrNotExist) {
		if !create {
			return nil, fmt.Errorf("%w: %s (restore it from a backup, or delete the credentials and create them again)", ErrKeyMissing, k.path)
		}
		key, err = k.create()
	}
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadKey, err)
	}
	if k.aead, err = cipher.NewGCM(block); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadKey, err)
	}
	return k.aead, nil
}

// load reads the key file: base64 of 32 bytes, owner-only permissions.
func (k *sealer) load() ([]byte, error) {
	info, err := os.Stat(k.path)
	if err != nil {
		return nil, err
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%w: %s is readable by others (mode %v); run chmod 600 on it", ErrBadKey, k.path, info.Mode().Perm())
	}
	raw, err := os.ReadFile(k.path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadKey, err)
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil || len(key) != keySize {
		return nil, fmt.Errorf("%w: %s does not hold a base64 %d-byte key", ErrBadKey, k.path, keySize)
	}
	return key, nil
}

// create writes a new random key; it never replaces an existing file.
func (k *sealer) create() ([]byte, error) {
	key := make([]byte, keySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(k.path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create key file: %w", err)
	}
	_, err = f.WriteString(base64.StdEncoding.EncodeToString(key) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(k.path)
		return nil, fmt.Errorf("create key file: %w", err)
	}
	return key, nil
}

// seal encrypts plain bound to name: a version byte, the nonce, then the
// ciphertext. The name is authenticated data, so a record copied under
// another name does not decrypt.
func seal(aead cipher.AEAD, name string, plain []byte) ([]byte, error) {
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	out := append([]byte{sealVersion}, nonce...)
	return aead.Seal(out, nonce, plain, []byte(name)), nil
}

// sealVersion is the first byte of every sealed record.
const sealVersion = 1

// open decrypts a record written by seal.
func open(aead cipher.AEAD, name string, sealed []byte) ([]byte, error) {
	n := aead.NonceSize()
	if len(sealed) < 1+n || sealed[0] != sealVersion {
		return nil, fmt.Errorf("credential %q: unknown record format", name)
	}
	plain, err := aead.Open(nil, sealed[1:1+n], sealed[1+n:], []byte(name))
	if err != nil {
		return nil, fmt.Errorf("credential %q: %w: decryption failed (was the key file replaced?)", name, ErrBadKey)
	}
	return plain, nil
}
