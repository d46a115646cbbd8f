// Package ops is what a process running flows shows to the people and
// machines operating it: Prometheus metrics (runs, messages in, out and
// failed per flow and node, node durations, and the spool and dead-letter
// gauges), liveness and readiness endpoints, and structured logs through
// log/slog carrying run and message ids.
//
// Everything hangs off values, never package globals: a Collector owns its
// own prometheus.Registry (the client library's default registry is never
// touched), is fed run record snapshots (runtime.Options.OnUpdate) and
// turns them into counter deltas, so the same snapshot arriving twice
// counts once. Health holds named readiness checks the host registers.
// Mount puts /healthz, /readyz and /metrics on an http.ServeMux beside
// whatever else the process serves (the webhook listener in `weft run`).
//
// Metric names:
//
//	weft_runs_started_total{flow}                 runs seen starting
//	weft_runs_ended_total{flow,status}            runs ended: succeeded, failed, cancelled
//	weft_runs_active{flow}                        runs started and not yet ended
//	weft_node_messages_in_total{flow,node,type}   messages a node received
//	weft_node_messages_out_total{flow,node,type}  messages a node emitted (error port excluded)
//	weft_node_errors_total{flow,node,type}        messages a node failed (io.Fail)
//	weft_node_run_duration_seconds{flow,node,type} how long a node ran, observed when it returns
//	weft_spool_depth                              messages spooled and not yet finished (Backlog)
//	weft_dead_letters                             messages in the dead-letter store (Backlog)
//
// plus the Go runtime and process collectors (go_*, process_*).
//
// RunTracer turns each ended run a Collector sees into an OpenTelemetry
// trace (TraceRuns): a run span, a span per node and an event per sampled
// message; fed the runtime's message spans (RunTracer.Message), it adds a
// span per message per node, sampled by message id and capped per node
// and minute (MessageSampling). The runner exports it over OTLP/HTTP
// when the standard OTEL_EXPORTER_OTLP_ENDPOINT variable is set.
//
// ops may import engine/, the Prometheus client and the OpenTelemetry API; it must never import
// Wails, app (the Studio service) or cmd/.
package ops
