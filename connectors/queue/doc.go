// Package queue holds the message-queue node types: NATS publish and
// subscribe, JetStream consume, and Kafka produce and consume (consumer
// groups).
//
// # Delivery
//
// Core NATS is at-most-once: the subscribe trigger emits what the server
// delivers and acknowledges nothing. The JetStream and Kafka consumers are
// at-least-once: each message is emitted with registry.IO.EmitTracked and
// acknowledged only when its outcome arrives. A JetStream message is acked
// when the flow succeeded or handled the failure (error port, catcher),
// terminated or nak'ed (config "onFailure") on an unhandled failure, and
// nak'ed when the run was cancelled first, so that it is redelivered;
// while it is in the flow, the trigger reports progress every half ack
// wait so that a slow flow (a long batch window) does not see it twice. A
// Kafka offset is committed once every record before it in its partition
// has finished (succeeded or failed: a failed record is dead-lettered by
// the host, never retried by re-reading the partition); a cancelled record
// is never committed, nor anything after it, so the group resumes there.
//
// Connections open in Run and close after the last outcome of the work the
// trigger started, so acks and commits still reach the server while the
// run drains.
//
// # Credentials
//
// Nodes name a credential (engine/credential) in their "credential" field:
// kind nats (user and password, or token) or kafka (SASL plain or SCRAM).
//
// This package imports engine packages, nats.go and franz-go only; it must
// never import app, another connector family or Wails.
package queue
