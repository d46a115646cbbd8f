// Package audit keeps a tamper-evident trail of changes: who changed what
// and when, with hashes of the thing before and after, in a bucket of a
// bbolt file (Studio's data file).
//
// # Basics
//
// Each Entry carries the hash of the entry before it (Prev) and its own
// Hash, the SHA-256 of its canonical JSON without the Hash field. Append
// adds one entry in one transaction, under an 8-byte big-endian sequence
// number. Verify walks the chain and names the first entry whose content,
// link or sequence number does not fit; WriteNDJSON exports the trail as
// one JSON object per line, and VerifyNDJSON checks such an export the
// same way.
//
// # Caveats
//
// The chain shows that an entry was edited, removed or inserted in the
// middle; it cannot show that the newest entries were cut off, since
// nothing after them points back. Keep exports (or the head hash Verify
// reports) elsewhere to detect that. Entries never hold secret values:
// callers pass digests, never plaintext.
//
// This package imports only the standard library and bbolt; it must never
// import app/ or connectors/.
package audit
