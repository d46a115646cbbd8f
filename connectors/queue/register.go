package queue

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spec"
)

// Register adds the queue node types to r.
func Register(r *registry.Registry) error {
	for _, t := range []struct {
		spec    spec.Spec
		factory registry.Factory
	}{
		{natsSubscribeSpec(), newNATSSubscribe},
		{jetStreamConsumeSpec(), newJetStreamConsume},
		{kafkaConsumeSpec(), newKafkaConsume},
		{natsPublishSpec(), newNATSPublish},
		{kafkaProduceSpec(), newKafkaProduce},
	} {
		if err := r.Register(t.spec, t.factory); err != nil {
			return fmt.Errorf("queue: %w", err)
		}
	}
	return nil
}

// Payload formats.
const (
	formatJSON = "json"
	formatText = "text"
)

// ErrNotText reports a payload that the text format cannot send.
var ErrNotText = errors.New("payload is not a string (use format json)")

func formatField(what string) spec.Field {
	return spec.Field{
		Name:        "format",
		Title:       "Format",
		Description: "json: " + what + " is JSON; text: " + what + " is a plain string.",
		Type:        spec.String,
		Enum:        []string{formatJSON, formatText},
		Default:     formatJSON,
	}
}

func credentialField(kind string) spec.Field {
	return spec.Field{
		Name:        "credential",
		Title:       "Credential",
		Description: "The name of a " + kind + " credential; empty connects without authentication.",
		Type:        spec.String,
		Editor:      spec.EditorCredential,
	}
}

// encode turns a payload into message bytes.
func encode(format string, payload any) ([]byte, error) {
	if format == formatText {
		s, ok := payload.(string)
		if !ok {
			return nil, ErrNotText
		}
		return []byte(s), nil
	}
	b, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("payload is not JSON-encodable: %w", err)
	}
	return b, nil
}

// decode turns message bytes into a payload. For json, invalid data gives
// the data as a string together with the error.
func decode(format string, data []byte) (any, error) {
	if format == formatText {
		return string(data), nil
	}
	// objects in the message's key order; errors as encoding/json's
	v, err := jsoncodec.Decode(data)
	if err != nil {
		return string(data), fmt.Errorf("invalid JSON: %w", err)
	}
	return v, nil
}

// conf reads a queue node's config: spec.Reader with strings trimmed,
// blank list entries dropped, and required strings checked.
type conf struct{ *spec.Reader }

func newConf(cfg map[string]any) conf { return conf{spec.NewReader(cfg)} }

func (c conf) text(field string) string { return strings.TrimSpace(c.Text(field)) }

func (c conf) integer(field string) int { return int(c.Int(field)) }

// required is text that must not be blank.
func (c conf) required(field string) string {
	s := c.text(field)
	if s == "" {
		c.Fail(fmt.Errorf("field %q: required", field))
	}
	return s
}

// list reads an array of strings without blank entries; required ones
// must keep at least one.
func (c conf) list(field string, required bool) []string {
	var out []string
	for _, s := range c.Strings(field) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	if required && len(out) == 0 {
		c.Fail(fmt.Errorf("field %q: required", field))
	}
	return out
}

func ptr(f float64) *float64 { return &f }
