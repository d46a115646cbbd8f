// Package team is Weft Studio's team mode (`weft studio --team`): users
// with roles, password logins with sessions, API tokens, and approvals
// that protected flows need before they are released.
//
// # Basics
//
// A Team keeps its buckets in Studio's bbolt file beside the flows.
// Passwords are stored as bcrypt hashes; session and API tokens are 32
// random bytes handed to the client once and stored only as SHA-256
// digests, so a copy of the file logs no one in. Every role includes the
// ones below it: viewer (read), editor (change flows, credentials,
// samples; run), deployer (export bundles, approve releases), admin
// (users, protection, the audit export). Required names the role each API
// method needs; app/httpapi refuses a method that has none.
//
// A protected flow is released (exported) only when a user other than
// the one releasing it approved its current content: an approval names
// the flow's digest, so any later edit needs a new approval.
//
// Deleting a user deletes their sessions and tokens and, through
// OnDeleteUser, what other parts of Studio keep for them (their
// workspace), in one transaction.
//
// Every change to users, tokens, protection and approvals is recorded in
// the audit trail (engine/audit).
//
// # Caveats
//
// The last admin cannot be removed or demoted. A user name that failed to
// sign in MaxFailures times is locked out for LockOut; the count is kept
// in memory, so a restart clears it, and anyone can lock a name out by
// guessing wrong (API tokens still work then).
//
// This package imports engine/ packages and bbolt; it must never import
// app/httpapi or Wails.
package team
