package http_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
)

// journal accepts messages whose body is not {"refuse": true} and
// remembers their ids.
type journal struct {
	mu       sync.Mutex
	accepted map[string]bool
}

func (j *journal) Accept(_, _ string, m *message.Message) error {
	body, _ := m.Payload.(map[string]any)["body"]
	if refuse, _ := jsoncodec.Lookup(body, "refuse"); refuse == true {
		return errors.New("the spool disk is full")
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.accepted[m.ID] = true
	return nil
}

func (j *journal) has(id string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.accepted[id]
}

func (j *journal) Settle(string, string, registry.Outcome) {}

func (j *journal) Redeliver(ctx context.Context, _ string, _ func(string, *message.Message) error) error {
	<-ctx.Done()
	return nil
}

func TestWebhookAnswersOnlyWhatTheJournalAccepted(t *testing.T) {
	for _, respond := range []string{"accepted", "node"} {
		t.Run(respond, func(t *testing.T) {
			j := &journal{accepted: map[string]bool{}}
			f := newFlow([]flow.Node{
				webhookNode(map[string]any{"respond": respond}),
				node("reply", "http.response", map[string]any{"status": 200.0, "body": `{"id": "{{body.id}}"}`}),
			}, "hook:out->reply:in")
			s := serve(t, f, host{isolate: true, journal: j}, "/orders")

			got := send(t, http.MethodPost, s.url+"/orders", "application/json", `{"refuse": true}`)
			assert.Equal(t, http.StatusServiceUnavailable, got.status)
			assert.Contains(t, got.body, "the spool disk is full")

			got = send(t, http.MethodPost, s.url+"/orders", "application/json", `{"id": "A1"}`)
			if respond == "node" {
				assert.Equal(t, http.StatusOK, got.status, "the trigger goes on after a refusal")
				return
			}
			require.Equal(t, http.StatusAccepted, got.status, got.body)
			var body struct{ ID string }
			require.NoError(t, json.Unmarshal([]byte(got.body), &body))
			assert.True(t, j.has(body.ID), "202 comes after the message was journaled")
		})
	}
}
