package app_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/connectors/all"
	"github.com/weftworks/weft/engine/bundle"
	"github.com/weftworks/weft/engine/flow"
)

const helloCode = `return { ...msg, greeting: "Hello, " + msg.name };`

// exportHello saves the hello flow in svc and exports it.
func exportHello(t *testing.T, svc *app.Service, sign bool) (string, app.BundleFile) {
	t.Helper()
	res, err := svc.SaveFlow(helloFlow(helloCode))
	require.NoError(t, err)
	file, err := svc.ExportBundle(app.ExportRequest{FlowIDs: []string{res.Flow.ID}, Name: "orders", Version: "1.0.0", Sign: sign})
	require.NoError(t, err)
	return res.Flow.ID, file
}

func TestExportBundleMatchesBuild(t *testing.T) {
	svc, _ := newService(t)
	id, file := exportHello(t, svc, false)
	data, err := base64.StdEncoding.DecodeString(file.DataBase64)
	require.NoError(t, err)

	saved, err := svc.GetFlow(id)
	require.NoError(t, err)
	reg, err := all.Registry()
	require.NoError(t, err)
	want, err := bundle.Build([]*flow.Flow{saved}, bundle.Meta{Name: "orders", Version: "1.0.0"}, reg)
	require.NoError(t, err)
	assert.Equal(t, want, data, "Studio bundles are byte-identical to bundle.Build")
	sum := sha256.Sum256(data)
	assert.Equal(t, hex.EncodeToString(sum[:]), file.SHA256)
	assert.Equal(t, "orders-1.0.0.weft", file.FileName)
}

func TestExportBundleRefuses(t *testing.T) {
	svc, _ := newService(t)
	tests := map[string]app.ExportRequest{
		"unknown flow": {FlowIDs: []string{"nope"}, Name: "n", Version: "1"},
		"no flows":     {Name: "n", Version: "1"},
	}
	for name, req := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := svc.ExportBundle(req)
			assert.Error(t, err)
		})
	}
}

func TestBundleRoundTrip(t *testing.T) {
	src, _ := newService(t)
	id, file := exportHello(t, src, false)
	want, err := src.GetFlow(id)
	require.NoError(t, err)

	dst, _ := newService(t)
	info, err := dst.InspectBundle(file.DataBase64)
	require.NoError(t, err)
	assert.Equal(t, "orders", info.Name)
	assert.Equal(t, "unsigned", info.Signature)
	assert.Equal(t, []app.BundleFlow{{ID: id, Name: "Hello", Nodes: 3}}, info.Flows)
	assert.Equal(t, []string{"core.debug", "core.manual", "core.script"}, info.NodeTypes)
	assert.Empty(t, info.UnknownTypes)
	list, err := dst.ListFlows()
	require.NoError(t, err)
	assert.Empty(t, list, "inspecting saves nothing")

	saved, err := dst.ImportBundle(app.ImportRequest{DataBase64: file.DataBase64})
	require.NoError(t, err)
	require.Len(t, saved, 1)
	got, err := dst.GetFlow(id)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	info, err = dst.InspectBundle(file.DataBase64)
	require.NoError(t, err)
	assert.True(t, info.Flows[0].Exists)
}

func TestImportBundleAsCopy(t *testing.T) {
	svc, _ := newService(t)
	id, file := exportHello(t, svc, false)
	saved, err := svc.ImportBundle(app.ImportRequest{DataBase64: file.DataBase64, FlowIDs: []string{id}, AsCopy: true})
	require.NoError(t, err)
	require.Len(t, saved, 1)
	assert.NotEqual(t, id, saved[0].ID)
	assert.Equal(t, "Hello (copy)", saved[0].Name)
	list, err := svc.ListFlows()
	require.NoError(t, err)
	assert.Len(t, list, 2)
}

func TestImportBundleRefuses(t *testing.T) {
	svc, _ := newService(t)
	_, file := exportHello(t, svc, false)
	tests := map[string]app.ImportRequest{
		"not base64":   {DataBase64: "%%%"},
		"not a bundle": {DataBase64: base64.StdEncoding.EncodeToString([]byte("hello"))},
		"unknown flow": {DataBase64: file.DataBase64, FlowIDs: []string{"nope"}},
	}
	for name, req := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := svc.ImportBundle(req)
			assert.Error(t, err)
		})
	}
}

func TestSignedExportVerifiesWithSigningKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "weft.db")
	studio, err := app.Open(t.Context(), path)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, studio.Close()) })
	svc := studio.Service

	_, file := exportHello(t, svc, true)
	pubPEM, err := svc.SigningKey()
	require.NoError(t, err)
	again, err := svc.SigningKey()
	require.NoError(t, err)
	assert.Equal(t, pubPEM, again, "the key is generated once")

	keyFile := filepath.Join(t.TempDir(), "studio.pub")
	require.NoError(t, os.WriteFile(keyFile, []byte(pubPEM), 0o600))
	pub, err := bundle.LoadPublicKey(keyFile)
	require.NoError(t, err)
	data, err := base64.StdEncoding.DecodeString(file.DataBase64)
	require.NoError(t, err)
	b, err := bundle.Read(data)
	require.NoError(t, err)
	require.NoError(t, b.Verify(pub))

	st, err := os.Stat(filepath.Join(filepath.Dir(path), "signing.key"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	info, err := svc.InspectBundle(file.DataBase64)
	require.NoError(t, err)
	assert.Equal(t, "trusted", info.Signature)

	other, _ := newService(t)
	info, err = other.InspectBundle(file.DataBase64)
	require.NoError(t, err)
	assert.Equal(t, "unknown", info.Signature)
}
