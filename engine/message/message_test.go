package message_test

import (
	"encoding/json"
	"testing"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
)

func ordered(t *testing.T, text string) any {
	t.Helper()
	v, err := jsoncodec.DecodeJSON(text)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCloneKeepsOrderAndOwnsItsPayload(t *testing.T) {
	m := &message.Message{ID: "1", Payload: ordered(t, `{"z":1,"a":{"y":[{"q":1,"p":2}],"b":2}}`)}
	c := m.Clone()
	inner, _ := jsoncodec.Lookup(c.Payload, "a")
	inner.(*jsoncodec.Object).Set("b", "changed")
	if got, want := marshal(t, m.Payload), `{"z":1,"a":{"y":[{"q":1,"p":2}],"b":2}}`; got != want {
		t.Errorf("the original changed: %s", got)
	}
	if got, want := marshal(t, c.Payload), `{"z":1,"a":{"y":[{"q":1,"p":2}],"b":"changed"}}`; got != want {
		t.Errorf("clone = %s, want %s", got, want)
	}
}

func TestUnmarshalJSONKeepsPayloadOrder(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		// JavaScript's order: array-index keys first, then as written
		{`{"id":"1","payload":{"z":1,"a":[{"y":true,"b":null}],"3":"x"},"meta":{"k":"v"}}`,
			`{"id":"1","payload":{"3":"x","z":1,"a":[{"y":true,"b":null}]},"meta":{"k":"v"}}`},
		{`{"id":"2","payload":"text"}`, `{"id":"2","payload":"text"}`},
		{`{"id":"3"}`, `{"id":"3","payload":null}`},
		{`{"id":"4","payload":null}`, `{"id":"4","payload":null}`},
	} {
		var m message.Message
		if err := json.Unmarshal([]byte(tt.in), &m); err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		if got := marshal(t, &m); got != tt.want {
			t.Errorf("round trip of %s = %s, want %s", tt.in, got, tt.want)
		}
	}
	var m message.Message
	if err := json.Unmarshal([]byte(`{"id":"1","payload":{"a":}}`), &m); err == nil {
		t.Error("a bad payload gives an error")
	}
}
