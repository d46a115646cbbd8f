package bundle_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/bundle"
)

// FuzzRead: Read never panics, and whatever it accepts re-signs and reads
// back with the same manifest.
func FuzzRead(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join(bundlesDir, "v1-orders.weft")); err == nil {
		f.Add(data)
	}
	f.Add(mustBuild(f, testFlow("a", "x"), testFlow("b", "")))
	_, priv, err := bundle.GenerateKey()
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := bundle.Read(data)
		if err != nil {
			return
		}
		signed, err := bundle.Sign(data, priv)
		require.NoError(t, err)
		again, err := bundle.Read(signed)
		require.NoError(t, err)
		require.Equal(t, b.ManifestBytes, again.ManifestBytes)
		require.Len(t, again.Flows, len(b.Flows))
	})
}
