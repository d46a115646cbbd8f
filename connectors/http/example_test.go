package http_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	httpconn "github.com/weftworks/weft/connectors/http"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
)

// A host serves one Listener and provides it to runs; a webhook trigger
// registers its path on it and an HTTP response node answers.
func ExampleNewListener() {
	reg := registry.New()
	if err := httpconn.Register(reg); err != nil {
		panic(err)
	}
	f := &flow.Flow{FormatVersion: flow.FormatVersion, ID: "hook", Name: "Hook",
		Nodes: []flow.Node{
			{ID: "in", Type: "http.webhook", Config: map[string]any{"path": "/greet"}},
			{ID: "out", Type: "http.response", Config: map[string]any{"body": "Hello, {{body.name}}"}},
		},
		Edges: []flow.Edge{{ID: "e1", From: flow.PortRef{Node: "in", Port: "out"}, To: flow.PortRef{Node: "out", Port: "in"}}},
	}
	plan, err := runtime.Compile(f, reg)
	if err != nil {
		panic(err)
	}

	listener := httpconn.NewListener()
	srv := httptest.NewServer(listener) // the runner: http.ListenAndServe(addr, listener)
	defer srv.Close()
	services := registry.Services{}
	registry.Provide(services, httpconn.ListenerKey, listener)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan *runtime.Record)
	go func() { done <- plan.Run(ctx, runtime.Options{Services: services}) }()
	for len(listener.Paths()) == 0 {
		time.Sleep(time.Millisecond)
	}

	resp, err := http.Post(srv.URL+"/greet", "application/json", strings.NewReader(`{"name": "Ada"}`))
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, string(body))
	cancel()
	fmt.Println((<-done).Status)
	// Output:
	// 200 Hello, Ada
	// cancelled
}

// Sign computes the signature a webhook with HMAC auth expects.
func ExampleSign() {
	fmt.Println(httpconn.Sign("secret", []byte(`{"id": 1}`)))
	// Output:
	// sha256=1e6682e01c3ca0a6befc0e969b7a132c4caa266bfeb4323372a3cd3bb352dc3a
}

func ExampleParseTemplate() {
	t, err := httpconn.ParseTemplate("https://api.example.com/orders/{{order.id}}/items/{{order.items.0}}")
	if err != nil {
		panic(err)
	}
	u, err := t.RenderURL(map[string]any{"order": map[string]any{"id": 42.0, "items": []any{"a/b"}}})
	fmt.Println(u, err)
	// Output:
	// https://api.example.com/orders/42/items/a%2Fb <nil>
}
