package bundle_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/buildinfo"
	"github.com/weftworks/weft/engine/bundle"
	"github.com/weftworks/weft/engine/flow"
)

func TestRoundTripKeepsFlows(t *testing.T) {
	a, b := testFlow("a", "orders-db"), testFlow("b", "orders-db")
	b.Nodes[1].Config["credential"] = "audit-db"
	data := mustBuild(t, b, a)
	got, err := bundle.Read(data)
	require.NoError(t, err)
	require.Len(t, got.Flows, 2)
	for i, want := range []*flow.Flow{a, b} {
		wantJSON, err := flow.Encode(want)
		require.NoError(t, err)
		gotJSON, err := flow.Encode(got.Flows[i])
		require.NoError(t, err)
		assert.Equal(t, string(wantJSON), string(gotJSON))
	}
	m := got.Manifest
	assert.Equal(t, bundle.FormatVersion, m.FormatVersion)
	assert.Equal(t, "orders", m.Name)
	assert.Equal(t, "1.0.0", m.Version)
	assert.Equal(t, buildinfo.Version, m.EngineVersion)
	assert.Equal(t, "weft "+buildinfo.Version, m.CreatedBy)
	assert.Equal(t, []string{"db.insert", "test.start"}, m.NodeTypes)
	assert.Equal(t, []string{"db", "test"}, m.Connectors)
	assert.Equal(t, []bundle.Secret{
		{Name: "audit-db", Kinds: []string{"dsn"}, Description: "A credential of kind dsn.", UsedBy: []string{"b/n2 (db.insert)"}},
		{Name: "orders-db", Kinds: []string{"dsn"}, Description: "A credential of kind dsn.", UsedBy: []string{"a/n2 (db.insert)"}},
	}, m.Secrets)
	assert.Equal(t, "flows/a.flow.json", m.Flows[0].File)
	assert.Len(t, m.Files, 2)
	assert.Nil(t, got.Signature)
}

func TestBuildIsDeterministic(t *testing.T) {
	one := mustBuild(t, testFlow("a", "x"), testFlow("b", "y"))
	two := mustBuild(t, testFlow("b", "y"), testFlow("a", "x"))
	assert.Equal(t, one, two, "same flows in any order give the same bytes")
	zr, err := zip.NewReader(bytes.NewReader(one), int64(len(one)))
	require.NoError(t, err)
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		assert.Equal(t, zip.Store, f.Method)
		assert.Equal(t, 1980, f.Modified.Year())
	}
	assert.Equal(t, []string{"flows/a.flow.json", "flows/b.flow.json", "manifest.json"}, names)
}

func TestBuildRefuses(t *testing.T) {
	invalid := testFlow("a", "x")
	invalid.Nodes[1].Type = "test.nope"
	bad := testFlow("../evil", "x")
	tests := []struct {
		name  string
		flows []*flow.Flow
		meta  bundle.Meta
		want  string
	}{
		{"no name", []*flow.Flow{testFlow("a", "x")}, bundle.Meta{Version: "1"}, "name and a version"},
		{"no flows", nil, bundle.Meta{Name: "n", Version: "1"}, "at least one flow"},
		{"duplicate ids", []*flow.Flow{testFlow("a", "x"), testFlow("a", "y")}, bundle.Meta{Name: "n", Version: "1"}, "two flows"},
		{"unsafe id", []*flow.Flow{bad}, bundle.Meta{Name: "n", Version: "1"}, "needs an id"},
		{"invalid flow", []*flow.Flow{invalid}, bundle.Meta{Name: "n", Version: "1"}, "test.nope"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := bundle.Build(tc.flows, tc.meta, testRegistry(t))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestTamperedByteNamesTheFile(t *testing.T) {
	data := mustBuild(t, testFlow("a", "x"))
	i := bytes.Index(data, []byte(`"orders"`))
	require.Positive(t, i)
	changed := bytes.Clone(data)
	changed[i+1] = 'O'
	_, err := bundle.Read(changed)
	require.ErrorIs(t, err, bundle.ErrCorrupt)
	assert.Contains(t, err.Error(), "flows/a.flow.json")
}

func TestRewrittenFileFailsItsChecksum(t *testing.T) {
	data := mustBuild(t, testFlow("a", "x"))
	entries := unzip(t, data)
	entries["flows/a.flow.json"] = bytes.Replace(entries["flows/a.flow.json"], []byte("orders"), []byte("people"), 1)
	_, err := bundle.Read(rezip(t, entries))
	require.ErrorIs(t, err, bundle.ErrCorrupt)
	assert.Contains(t, err.Error(), "flows/a.flow.json: sha256")

	entries = unzip(t, data)
	entries["extra.txt"] = []byte("hi")
	_, err = bundle.Read(rezip(t, entries))
	assert.ErrorContains(t, err, "extra.txt: not listed")

	entries = unzip(t, data)
	delete(entries, "flows/a.flow.json")
	_, err = bundle.Read(rezip(t, entries))
	assert.ErrorContains(t, err, "listed in the manifest but missing")
}

func TestReadRefusesGarbageAndFutureVersions(t *testing.T) {
	_, err := bundle.Read([]byte("not a zip"))
	assert.ErrorIs(t, err, bundle.ErrCorrupt)
	_, err = bundle.Read(rezip(t, map[string][]byte{"manifest.json": []byte(`{"formatVersion": 99}`)}))
	assert.ErrorContains(t, err, "format version 99")
	_, err = bundle.Read(rezip(t, map[string][]byte{"x": []byte(`{}`)}))
	assert.ErrorContains(t, err, "no manifest.json")
	_, err = bundle.Read(rezip(t, map[string][]byte{"manifest.json": []byte(`{"formatVersion": 2, "files": {}}`)}))
	assert.ErrorContains(t, err, "lists no flows")
	data := mustBuild(t, testFlow("a", "x"))
	b, err := bundle.Read(data)
	require.NoError(t, err)
	entries := unzip(t, data)
	entries["manifest.json"] = bytes.Replace(entries["manifest.json"], []byte(`"flows": [`),
		[]byte(`"flows": [{"id": "a", "file": "flows/a.flow.json", "sha256": "`+b.Manifest.Flows[0].SHA256+`"},`), 1)
	_, err = bundle.Read(rezip(t, entries))
	assert.ErrorContains(t, err, `flow "a" is listed twice`)
}

func TestSignAndVerify(t *testing.T) {
	pub, priv, err := bundle.GenerateKey()
	require.NoError(t, err)
	otherPub, _, err := bundle.GenerateKey()
	require.NoError(t, err)
	data := mustBuild(t, testFlow("a", "x"))
	unsigned, err := bundle.Read(data)
	require.NoError(t, err)
	assert.ErrorIs(t, unsigned.Verify(pub), bundle.ErrUnsigned)

	signed, err := bundle.Sign(data, priv)
	require.NoError(t, err)
	again, err := bundle.Sign(signed, priv)
	require.NoError(t, err)
	assert.Equal(t, signed, again, "signing is deterministic and replaces the signature")
	b, err := bundle.Read(signed)
	require.NoError(t, err)
	assert.NoError(t, b.Verify(pub))
	assert.ErrorIs(t, b.Verify(otherPub), bundle.ErrBadSignature)
}

func TestSignatureCoversTheManifest(t *testing.T) {
	pub, priv, err := bundle.GenerateKey()
	require.NoError(t, err)
	signed, err := bundle.Sign(mustBuild(t, testFlow("a", "x")), priv)
	require.NoError(t, err)
	entries := unzip(t, signed)
	entries["manifest.json"] = bytes.Replace(entries["manifest.json"], []byte(`"1.0.0"`), []byte(`"1.0.1"`), 1)
	b, err := bundle.Read(rezip(t, entries))
	require.NoError(t, err, "checksums still hold")
	assert.True(t, errors.Is(b.Verify(pub), bundle.ErrBadSignature))
}

func unzip(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		var buf bytes.Buffer
		_, err = buf.ReadFrom(rc)
		require.NoError(t, err)
		out[f.Name] = buf.Bytes()
	}
	return out
}

func rezip(t *testing.T, entries map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range entries {
		w, err := zw.Create(name)
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}
