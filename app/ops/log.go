package ops

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
)

// ErrLogFormat is returned by NewLogger for a format other than "json" or
// "text".
var ErrLogFormat = errors.New(`log format must be "json" or "text"`)

// Log formats NewLogger accepts.
const (
	FormatJSON = "json"
	FormatText = "text"
)

// NewLogger returns a logger writing to w as JSON lines or as logfmt-like
// text, at level and above.
func NewLogger(w io.Writer, format string, level slog.Level) (*slog.Logger, error) {
	opts := &slog.HandlerOptions{Level: level}
	switch format {
	case FormatJSON:
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case FormatText:
		return slog.New(slog.NewTextHandler(w, opts)), nil
	default:
		return nil, fmt.Errorf("%w, not %q", ErrLogFormat, format)
	}
}

// Attribute keys every log line about a run uses, so that lines can be
// grepped and joined across a run.
const (
	KeyRunID     = "run_id"
	KeyFlowID    = "flow_id"
	KeyNode      = "node"
	KeyMessageID = "message_id"
)
