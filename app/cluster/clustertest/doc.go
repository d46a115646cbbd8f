// Package clustertest starts a JetStream cluster of embedded NATS servers
// on loopback ports, for the tests and benchmarks of weft's scale-out
// (app/cluster, weft serve --cluster). It imports nats-server; nothing
// that ships in a weft binary may import it.
package clustertest
