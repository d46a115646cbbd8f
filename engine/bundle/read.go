package bundle

import (
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"

	"github.com/weftworks/weft/engine/flow"
)

// Bundle is a bundle read and checked by Read.
type Bundle struct {
	Manifest *Manifest
	// Flows are decoded in manifest order.
	Flows []*flow.Flow
	// Files holds every entry except manifest.json and signature.
	Files map[string][]byte
	// ManifestBytes is manifest.json as stored: what a signature covers.
	ManifestBytes []byte
	// Signature is the decoded signature, nil when unsigned.
	Signature []byte
}

// Read parses a bundle of any supported format version and checks it:
// every listed file present with its sha256, no unlisted file, every flow
// decodable. Errors wrap ErrCorrupt and name the file. Read does not
// check the signature; call Verify.
func Read(data []byte) (*Bundle, error) {
	entries, err := readZip(data)
	if err != nil {
		return nil, err
	}
	mb, ok := entries[ManifestFile]
	if !ok {
		return nil, fmt.Errorf("%w: no %s", ErrCorrupt, ManifestFile)
	}
	m, err := decodeManifest(mb)
	if err != nil {
		return nil, err
	}
	b := &Bundle{Manifest: m, ManifestBytes: mb, Files: map[string][]byte{}}
	if err := b.takeFiles(entries); err != nil {
		return nil, err
	}
	if err := b.decodeFlows(); err != nil {
		return nil, err
	}
	return b, nil
}

// takeFiles checks the entries against the manifest's checksums.
func (b *Bundle) takeFiles(entries map[string][]byte) error {
	for name, data := range entries {
		switch name {
		case ManifestFile:
			continue
		case SignatureFile:
			sig, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(data)))
			if err != nil || len(sig) != ed25519.SignatureSize {
				return fmt.Errorf("%w: %s: not a base64 ed25519 signature", ErrCorrupt, SignatureFile)
			}
			b.Signature = sig
			continue
		}
		want, listed := b.Manifest.Files[name]
		if !listed {
			return fmt.Errorf("%w: %s: not listed in the manifest", ErrCorrupt, name)
		}
		if got := checksum(data); got != want {
			return fmt.Errorf("%w: %s: sha256 %s does not match the manifest's %s (the file was changed)", ErrCorrupt, name, got, want)
		}
		b.Files[name] = data
	}
	names := make([]string, 0, len(b.Manifest.Files))
	for name := range b.Manifest.Files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if _, ok := b.Files[name]; !ok {
			return fmt.Errorf("%w: %s: listed in the manifest but missing", ErrCorrupt, name)
		}
	}
	return nil
}

func (b *Bundle) decodeFlows() error {
	if len(b.Manifest.Flows) == 0 {
		return fmt.Errorf("%w: %s lists no flows", ErrCorrupt, ManifestFile)
	}
	seen := map[string]bool{}
	for _, e := range b.Manifest.Flows {
		if seen[e.ID] {
			return fmt.Errorf("%w: flow %q is listed twice", ErrCorrupt, e.ID)
		}
		seen[e.ID] = true
		data, ok := b.Files[e.File]
		if !ok {
			return fmt.Errorf("%w: flow %q: file %q is missing", ErrCorrupt, e.ID, e.File)
		}
		if e.SHA256 != b.Manifest.Files[e.File] {
			return fmt.Errorf("%w: flow %q: sha256 differs from the file list", ErrCorrupt, e.ID)
		}
		f, err := flow.Decode(data)
		if err != nil {
			return fmt.Errorf("%w: %s: %v", ErrCorrupt, e.File, err)
		}
		if f.ID != e.ID {
			return fmt.Errorf("%w: %s: holds flow %q, the manifest says %q", ErrCorrupt, e.File, f.ID, e.ID)
		}
		b.Flows = append(b.Flows, f)
	}
	return nil
}

// Flow returns the bundle's flow with the given id, or nil.
func (b *Bundle) Flow(id string) *flow.Flow {
	for _, f := range b.Flows {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// Verify checks the signature against pub: ErrUnsigned when there is none,
// ErrBadSignature when it does not match.
func (b *Bundle) Verify(pub ed25519.PublicKey) error {
	if b.Signature == nil {
		return ErrUnsigned
	}
	if len(pub) != ed25519.PublicKeySize || !ed25519.Verify(pub, b.ManifestBytes, b.Signature) {
		return ErrBadSignature
	}
	return nil
}
