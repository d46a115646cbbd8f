package main

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/cluster"
	"github.com/weftworks/weft/app/cluster/clustertest"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/spool"
)

// deadLetterOnCluster makes one dead letter of flow b/f on the cluster
// at url and returns its message id.
func deadLetterOnCluster(t *testing.T, cl *cluster.Cluster) string {
	t.Helper()
	j := cl.Journal("b/f", spool.RetryPolicy{Attempts: 1}, "hook")
	m := message.New(map[string]any{"order": 7.0})
	require.Error(t, j.Accept("hook", "out", m)) // handed off
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = j.Redeliver(ctx, "hook", func(_ string, got *message.Message) error {
			j.Settle("hook", got.ID, registry.Outcome{Status: registry.OutcomeFailed, Node: "send", Err: assert.AnError})
			return nil
		})
	}()
	require.Eventually(t, func() bool {
		list, err := cl.ListDeadLetters("b/f")
		return err == nil && len(list) == 1
	}, 30*time.Second, 20*time.Millisecond)
	cancel()
	<-done
	return m.ID
}

func TestDeadLettersAndDeployOnTheCluster(t *testing.T) {
	nats := clustertest.MustStart(t, 3)
	url := nats.URL()
	cl, err := cluster.Connect(context.Background(), cluster.Config{URL: url})
	require.NoError(t, err)
	defer cl.Close()
	id := deadLetterOnCluster(t, cl)

	code, out, stderr := weft(t, "deadletters", "list", "--cluster", url, "--json")
	require.Equal(t, 0, code, stderr)
	var list []spool.DeadLetter
	require.NoError(t, json.Unmarshal([]byte(out), &list))
	require.Len(t, list, 1)
	assert.Equal(t, id, list[0].ID)
	assert.Equal(t, "send", list[0].Node)
	assert.Equal(t, map[string]any{"order": 7.0}, jsoncodec.Plain(list[0].Message.Payload))

	code, _, stderr = weft(t, "deadletters", "purge", "nope", "--cluster", url)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "no such dead letter: nope; nothing changed")

	code, out, stderr = weft(t, "deadletters", "replay", "--all", "--cluster", url)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "replayed 1 dead letter(s)")
	depth, err := cl.SpoolDepth()
	require.NoError(t, err)
	assert.Equal(t, int64(1), depth, "the replayed message waits on its work stream for a runner")
	code, out, _ = weft(t, "deadletters", "list", "--cluster", url, "--json")
	require.Equal(t, 0, code)
	assert.JSONEq(t, "[]", out)

	bundle := bundleFile(t, writeFile(t, "in.flow.json", clusterIntake), "1.0.0")
	code, out, stderr = weft(t, "deploy", bundle, "--cluster", url)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "deployed orders.weft")
	code, out, _ = weft(t, "deploy", "--list", "--cluster", url)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "orders.weft\t")
	code, _, stderr = weft(t, "deploy", writeFile(t, "junk.weft", "not a zip"), "--cluster", url)
	assert.Equal(t, 1, code, "a file that is no bundle is refused before it reaches the runners")
	assert.NotEmpty(t, stderr)
	code, out, stderr = weft(t, "deploy", "orders.weft", "--remove", "--cluster", url)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "removed orders.weft")
	code, out, _ = weft(t, "deploy", "--list", "--cluster", url)
	require.Equal(t, 0, code)
	assert.Empty(t, out)

	code, _, stderr = weft(t, "deploy", bundle)
	assert.Equal(t, 2, code, "deploy needs --cluster: %s", stderr)
	code, _, _ = weft(t, "serve")
	assert.Equal(t, 2, code, "serve needs --bundles or --cluster")
}
