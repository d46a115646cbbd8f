package queue

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

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
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return string(data), fmt.Errorf("invalid JSON: %w", err)
	}
	return v, nil
}

// text reads an optional string config value.
func text(cfg map[string]any, field string) (string, error) {
	switch v := cfg[field].(type) {
	case nil:
		return "", nil
	case string:
		return strings.TrimSpace(v), nil
	}
	return "", fmt.Errorf("field %q: not a string", field)
}

// required reads a string config value that must not be blank.
func required(cfg map[string]any, field string) (string, error) {
	s, err := text(cfg, field)
	if err == nil && s == "" {
		err = fmt.Errorf("field %q: required", field)
	}
	return s, err
}

// integer reads an integer config value (float64 from JSON, json.Number
// or int).
func integer(cfg map[string]any, field string) (int, error) {
	switch v := cfg[field].(type) {
	case float64:
		return int(v), nil
	case int:
		return v, nil
	case int64:
		return int(v), nil
	case json.Number:
		n, err := v.Int64()
		if err != nil {
			return 0, fmt.Errorf("field %q: %w", field, err)
		}
		return int(n), nil
	}
	return 0, fmt.Errorf("field %q: not an integer", field)
}

// strs reads an array-of-strings config value, dropping blanks.
func strs(cfg map[string]any, field string) ([]string, error) {
	var out []string
	switch v := cfg[field].(type) {
	case nil:
	case []string:
		for _, s := range v {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	case []any:
		for i, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("field %q: element %d is not a string", field, i)
			}
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	default:
		return nil, fmt.Errorf("field %q: not a list of strings", field)
	}
	return out, nil
}

func ptr(f float64) *float64 { return &f }
