package runner

import (
	"context"
	"log/slog"
	"os"
	"strconv"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"

	"github.com/weftworks/weft/app/ops"
	"github.com/weftworks/weft/engine/buildinfo"
)

// Variables that limit the per-message spans (see ops.MessageSampling).
const (
	envMessageRatio     = "WEFT_TRACE_MESSAGES_RATIO"
	envMessagePerMinute = "WEFT_TRACE_MESSAGES_PER_MINUTE"
)

// startTracing sends a trace of every run o's collector sees end, with a
// span per message per node as $WEFT_TRACE_MESSAGES_RATIO and
// $WEFT_TRACE_MESSAGES_PER_MINUTE allow (0: no message spans), to the
// OTLP/HTTP collector named by the standard OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT variable (other OTEL_EXPORTER_OTLP_*
// variables apply too); without either it does nothing. The returned stop
// flushes what is still buffered.
func startTracing(ctx context.Context, o *Ops, log *slog.Logger) (stop func()) {
	if os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") == "" && os.Getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") == "" {
		return func() {}
	}
	exp, err := otlptracehttp.New(ctx)
	if err != nil {
		log.Error("tracing disabled: the OTLP exporter could not start", "error", err)
		return func() {}
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(resource.NewSchemaless(
		semconv.ServiceName("weft"), semconv.ServiceVersion(buildinfo.Version))))
	sampling, spans := messageSampling(log)
	t := ops.NewRunTracer(tp, sampling)
	o.Metrics.TraceRuns(t)
	if spans {
		o.onMessage = t.Message
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := tp.Shutdown(ctx); err != nil {
			log.Error("traces not all sent", "error", err)
		}
	}
}

// messageSampling reads the message span limits from the environment;
// spans is false when they are turned off (a ratio or a cap of 0). A
// value that does not parse is logged and the default kept.
func messageSampling(log *slog.Logger) (s ops.MessageSampling, spans bool) {
	if v := os.Getenv(envMessageRatio); v != "" {
		r, err := strconv.ParseFloat(v, 64)
		switch {
		case err != nil || r < 0 || r > 1:
			log.Error("ignored: want a share from 0 to 1", "variable", envMessageRatio, "value", v)
		case r == 0:
			return s, false
		default:
			s.Ratio = r
		}
	}
	if v := os.Getenv(envMessagePerMinute); v != "" {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			log.Error("ignored: want a whole number (-1: no cap, 0: no message spans)", "variable", envMessagePerMinute, "value", v)
		case n == 0:
			return s, false
		default:
			s.PerMinute = n
		}
	}
	return s, true
}
