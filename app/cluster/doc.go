// Package cluster runs weft serve on several machines through NATS
// JetStream: an existing distributed engine, not a home-made one. With
// `weft serve --cluster nats://…` it replaces the runner's bbolt spool
// (engine/spool) as the durable buffer of accepted trigger messages.
//
// # Basics
//
// Connect reaches the NATS servers a Config names (a URL or a JSON config
// file, LoadConfig). Cluster.Journal is the runtime.Journal of one scope
// ("bundle/flow"): Accept publishes each accepted message to the scope's
// work-queue stream and waits for JetStream's acknowledgement (stored on
// the stream's replicas), then hands the message off (runtime.ErrHandedOff:
// the webhook answers 202, a queue consumer acks its source). Every
// runner's Redeliver pulls from one durable consumer per trigger node, so
// the runners share the work whichever of them accepted it; Settle acks a
// message when its work ended, naks a cancelled one (another runner takes
// it two seconds later), and naks a failed one with the retry policy's
// backoff until its deliveries are used up, then publishes it to the
// dead-letter stream and acks it. /readyz waits for Ready: every trigger
// pulling. A runner
// that dies (kill -9) stops saying "in progress": its messages go to
// another runner once AckWait passes.
//
// The dead-letter stream serves `weft deadletters --cluster`: the Cluster
// has the same ListDeadLetters, DeadLetter, Replay and Purge as the spool
// file, and SpoolDepth and DeadLetters for /metrics (app/ops.Backlog).
//
// Cluster.Lease gives schedule triggers a lease per node in a JetStream
// key-value bucket (connectors/schedule.Lease): one runner holds it and
// renews it; the others skip their ticks until it lapses.
//
// The bundle set can live in a JetStream object store: PutBundle (weft
// deploy FILE.weft --cluster …) and RemoveBundle change it, MirrorBundles
// keeps a runner's folder equal to it, and the folder's deployer
// (app/deploy) does the rest.
//
// # Caveats
//
// Delivery is at least once: a message can run twice (a runner killed
// after the work but before its ack, or a NATS leader change), with the
// same message id. Attempts count deliveries, so a runner killed during a
// message's work uses up one of its attempts. Dedupe state and folder
// watches stay per runner. Messages a runner pulled ahead (Prefetch) but
// has not started are not kept "in progress": a flow slower than AckWait
// per Prefetch messages gets some delivered twice. The lease is time-based: a runner cut off from
// NATS stops firing two thirds of a lease TTL after its last renewal,
// before another may take the lease.
//
// This package imports nats.go, engine and connectors/schedule only; it
// must never import cmd, app/httpapi or Wails.
package cluster
