package queue_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/connectors/queue"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
)

func TestConfigErrors(t *testing.T) {
	brokers := []any{"127.0.0.1:9092"}
	tests := []struct {
		name string
		node flow.Node
		want string
	}{
		{"subscribe without subject", node("n", "queue.natsSubscribe", nil), `"subject"`},
		{"publish with a broken subject", node("n", "queue.natsPublish", map[string]any{"subject": "a.{{b"}), "unclosed {{"},
		{"publish with a blank url", node("n", "queue.natsPublish", map[string]any{"subject": "a", "url": " "}), `field "url": required`},
		{"consume without consumer", node("n", "queue.jetstreamConsume", map[string]any{"stream": "S"}), `"consumer"`},
		{"unknown onFailure", node("n", "queue.jetstreamConsume", map[string]any{"stream": "S", "consumer": "c", "onFailure": "drop"}), `"onFailure"`},
		{"produce with an empty placeholder", node("n", "queue.kafkaProduce", map[string]any{"brokers": brokers, "topic": "t", "key": "{{}}"}), "empty {{}}"},
		{"produce without brokers", node("n", "queue.kafkaProduce", map[string]any{"brokers": []any{" "}, "topic": "t"}), `field "brokers": required`},
		{"consume without topics", node("n", "queue.kafkaConsume", map[string]any{"brokers": brokers, "topics": []any{}, "group": "g"}), `"topics"`},
		{"consume without group", node("n", "queue.kafkaConsume", map[string]any{"brokers": brokers, "topics": []any{"t"}}), `"group"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runtime.Compile(chain([]flow.Node{tt.node}), newRegistry(t))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestRegister(t *testing.T) {
	r := registry.New()
	require.NoError(t, queue.Register(r))
	for typ, ports := range map[string][2][]string{
		"queue.natsSubscribe":    {nil, {"out"}},
		"queue.jetstreamConsume": {nil, {"out"}},
		"queue.kafkaConsume":     {nil, {"out"}},
		"queue.natsPublish":      {{"in"}, {"out"}},
		"queue.kafkaProduce":     {{"in"}, {"out"}},
	} {
		s, ok := r.Spec(typ)
		require.True(t, ok, typ)
		var ins, outs []string
		for _, p := range s.Inputs {
			ins = append(ins, p.Name)
		}
		for _, p := range s.Outputs {
			outs = append(outs, p.Name)
		}
		assert.Equal(t, ports, [2][]string{ins, outs}, typ)
		assert.Contains(t, s.Description, "Bad input:", "%s documents its bad-input behaviour", typ)
	}
	assert.Error(t, queue.Register(r), "registering twice is refused")
}
