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

func read(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return string(b)
}

func TestBundlesAreMirroredToEveryRunner(t *testing.T) {
	own := cluster.Config{BundleBucket: bucket(t)}
	c := connect(t, shared, 0, own)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := c.PutBundle(ctx, "orders.weft", []byte("v1"))
	require.NoError(t, err)

	var dirs []string
	for i := range 2 {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "stray.weft"), []byte("old"), 0o600))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600))
		ready := make(chan struct{})
		mctx, stop := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() {
			done <- connect(t, shared, i+1, own).MirrorBundles(mctx, dir, func() { close(ready) })
		}()
		t.Cleanup(func() { stop(); require.NoError(t, <-done) })
		select {
		case <-ready:
		case <-time.After(30 * time.Second):
			t.Fatal("the mirror did not get ready")
		}
		assert.Equal(t, "v1", read(filepath.Join(dir, "orders.weft")), "the set is in the folder once ready")
		assert.NoFileExists(t, filepath.Join(dir, "stray.weft"), "a bundle the set lacks is removed")
		assert.FileExists(t, filepath.Join(dir, "notes.txt"), "other files are left alone")
		dirs = append(dirs, dir)
	}

	_, err = c.PutBundle(ctx, "orders.weft", []byte("v2"))
	require.NoError(t, err)
	_, err = c.PutBundle(ctx, "billing.weft", []byte("b1"))
	require.NoError(t, err)
	for _, dir := range dirs {
		assert.Eventually(t, func() bool {
			return read(filepath.Join(dir, "orders.weft")) == "v2" && read(filepath.Join(dir, "billing.weft")) == "b1"
		}, 30*time.Second, 10*time.Millisecond, "a changed and a new bundle reach every runner")
	}
	list, err := c.ListBundles(ctx)
	require.NoError(t, err)
	var names []string
	for _, b := range list {
		names = append(names, b.Name)
	}
	assert.ElementsMatch(t, []string{"orders.weft", "billing.weft"}, names)

	require.NoError(t, c.RemoveBundle(ctx, "orders.weft"))
	for _, dir := range dirs {
		assert.Eventually(t, func() bool {
			_, err := os.Stat(filepath.Join(dir, "orders.weft"))
			return os.IsNotExist(err)
		}, 30*time.Second, 10*time.Millisecond, "a removed bundle leaves every runner")
		left, _ := filepath.Glob(filepath.Join(dir, ".*"))
		assert.Empty(t, left, "no temporary file is left behind")
	}
}

func TestBundleNamesAreChecked(t *testing.T) {
	c := connect(t, shared, 0, cluster.Config{})
	for _, name := range []string{"../x.weft", "x.zip", ".hidden.weft", "a/b.weft", ""} {
		_, err := c.PutBundle(context.Background(), name, []byte("x"))
		assert.ErrorIs(t, err, cluster.ErrBundleName, name)
		assert.ErrorIs(t, c.RemoveBundle(context.Background(), name), cluster.ErrBundleName, name)
	}
}
