package bundle

import "errors"

// ErrUnsigned is returned by Verify for a bundle that carries no signature.
var ErrUnsigned = errors.New("bundle is not signed")

// ErrBadSignature is returned by Verify when the signature does not match
// the manifest and the public key: the bundle was changed after signing or
// signed with another key.
var ErrBadSignature = errors.New("bundle signature is not valid for this key")

// ErrCorrupt is wrapped by every Read error about the archive's content: a
// broken zip, a missing or malformed manifest, a checksum mismatch, an
// unlisted or missing file.
var ErrCorrupt = errors.New("corrupt bundle")

// ErrSecretInFlow is wrapped by Build when a flow holds a value in a config
// field its spec marks Secret.
var ErrSecretInFlow = errors.New("a secret value may not enter a bundle")
