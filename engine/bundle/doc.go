// Package bundle reads and writes Weft bundles (.weft files): what Studio
// exports and the runner deploys (see docs/bundle-format.md).
//
// A bundle is a deterministic zip: entries sorted by name, a fixed
// timestamp, no compression (stored), so the same flows always give the
// same bytes whatever toolchain built the writer. It holds manifest.json
// (format version, name, version, engine version, the flows, the node types,
// connector families and credentials they need, and the sha256 of every
// file), one canonical flow file per flow (flow.Encode), and, when signed,
// a file named signature: the base64 ed25519 signature of the manifest
// bytes. Because the manifest lists the checksum of every other file, the
// signature covers the whole bundle.
//
// No secret value ever enters a bundle: flows name credentials, and Build
// refuses a flow whose config holds a value in a field its spec marks
// Secret. Read accepts every format version from 1 to FormatVersion,
// checks every checksum, and never trusts sizes or names in the archive.
//
// bundle imports engine/flow, engine/spec, engine/registry and
// engine/credential (credential kinds only); it must never import app/,
// connectors/, the runtime or Wails.
package bundle
