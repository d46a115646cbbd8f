package cluster_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/cluster"
)

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cluster.json")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
	return path
}

func TestLoadConfig(t *testing.T) {
	cfg, err := cluster.LoadConfig(writeConfig(t, `{"url": "nats://a:4222,nats://b:4222", "replicas": 3, "ackWait": "45s", "leaseTTL": "5s", "prefetch": 4}`))
	require.NoError(t, err)
	assert.Equal(t, cluster.Config{URL: "nats://a:4222,nats://b:4222", Replicas: 3,
		AckWait: cluster.Duration(45 * time.Second), LeaseTTL: cluster.Duration(5 * time.Second), Prefetch: 4}, cfg)

	for text, want := range map[string]string{
		`{"url": "nats://a", "ackwait2": "1s"}`:  "unknown field",
		`{"url": "nats://a", "ackWait": "soon"}`: `want a duration such as "30s", got "soon"`,
		`{"url": "nats://a", "ackWait": 30}`:     "want a duration",
		`{"replicas": 3}`:                        "no NATS URL",
		`{"url": `:                               "unexpected EOF",
	} {
		_, err := cluster.LoadConfig(writeConfig(t, text))
		assert.ErrorContains(t, err, want, text)
	}
	_, err = cluster.LoadConfig(filepath.Join(t.TempDir(), "missing.json"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestConnectRefusals(t *testing.T) {
	_, err := cluster.Connect(context.Background(), cluster.Config{})
	assert.ErrorIs(t, err, cluster.ErrNoURL)
	_, err = cluster.Connect(context.Background(), cluster.Config{URL: "nats://127.0.0.1:1"})
	assert.ErrorContains(t, err, "nats://127.0.0.1:1", "the error names the URL")
}
