package runner

import (
	"context"
	"log/slog"
	"os"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"

	"github.com/weftworks/weft/app/ops"
	"github.com/weftworks/weft/engine/buildinfo"
)

// startTracing sends a trace of every run c sees end to the OTLP/HTTP
// collector named by the standard OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT variable (other OTEL_EXPORTER_OTLP_*
// variables apply too); without either it does nothing. The returned stop
// flushes what is still buffered.
func startTracing(ctx context.Context, c *ops.Collector, log *slog.Logger) (stop func()) {
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
	c.TraceRuns(ops.NewRunTracer(tp))
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := tp.Shutdown(ctx); err != nil {
			log.Error("traces not all sent", "error", err)
		}
	}
}
