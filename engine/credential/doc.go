// Package credential names the secrets nodes use to reach other systems:
// a Credential is a named set of fields of one Kind (basic, bearer, API
// key, OAuth2 client credentials, database DSN, NATS or Kafka auth).
//
// # Basics
//
// Flows never hold secrets. A node's config names a credential in a
// string field called "credential"; at run time the node asks the host's
// Source for it, through the service registered under Key:
//
//	c, err := credential.Lookup(ctx, io, name, credential.Basic, credential.Bearer)
//
// Studio provides a Source backed by the encrypted credentials bucket of
// engine/store; the runner provides a Static source filled from its
// environment (FromEnv: WEFT_CREDENTIAL_<X> variables holding JSON);
// tests use Static directly.
//
// Kinds lists every kind with its fields, which of them are secret and
// which are required, so that the store, the app and the Studio form agree
// without describing a kind twice.
//
// Authorize applies a basic, bearer or API key credential to an HTTP
// request, so that every node sends them the same way.
//
// # Caveats
//
// A Credential carries plaintext secrets: never log it, put it in a
// message, a run record or an error text. Its String method hides the
// field values and its JSON encoding leaves the secret fields out.
//
// credential may import engine/registry and the standard library; it must
// never import the runtime, engine/store, app/, connectors/ or Wails.
package credential
