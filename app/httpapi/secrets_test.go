package httpapi_test

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// secretValue is a credential value that must never leave the store.
const secretValue = "pw-7Hq2-never-export-me"

const credFlow = `{"name":"Shop sync","nodes":[
 {"id":"n1","type":"core.manual","config":{"payloads":"[{}]"}},
 {"id":"n2","type":"http.request","config":{"url":"URL","credential":"shop","retries":0}},
 {"id":"n3","type":"core.debug"}],
 "edges":[{"id":"e1","from":{"node":"n1","port":"out"},"to":{"node":"n2","port":"in"}},
 {"id":"e2","from":{"node":"n2","port":"out"},"to":{"node":"n3","port":"in"}}]}`

// unzipAll returns the bundle's bytes followed by every file it holds,
// decompressed.
func unzipAll(t *testing.T, b64 string) []byte {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(b64)
	require.NoError(t, err)
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	require.NoError(t, err)
	all := append([]byte(nil), raw...)
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		all = append(all, data...)
	}
	return all
}

// TestNoCredentialValueLeaves scans everything a credential could leak
// into: API answers, the exported bundle (zip and every file in it), the
// audit export and the log lines of the calls, failed ones included.
func TestNoCredentialValueLeaves(t *testing.T) {
	ts := newTeamServer(t)
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "nope", http.StatusUnauthorized)
	}))
	defer upstream.Close()
	var seen bytes.Buffer
	record := func(code int, body string) {
		seen.WriteString(body)
	}
	bearer := func(user string) map[string]string {
		return map[string]string{"Authorization": "Bearer " + ts.tokens[user]}
	}
	record(ts.post(t, "/api/SaveCredential",
		`[{"name":"shop","kind":"basic","fields":{"username":"ada","password":"`+secretValue+`"}}]`, bearer("eve")))
	record(ts.post(t, "/api/ListCredentials", "[]", bearer("vic")))
	record(ts.post(t, "/api/TestCredential", `["shop","`+upstream.URL+`"]`, bearer("eve")))
	record(ts.post(t, "/api/SaveCredential", `[{"name":"shop","kind":"nope","fields":{"password":"`+secretValue+`"}}]`, bearer("eve")))
	flowJSON := bytes.ReplaceAll([]byte(credFlow), []byte("URL"), []byte(upstream.URL))
	code, body := ts.post(t, "/api/SaveFlow", "["+string(flowJSON)+"]", bearer("eve"))
	require.Equal(t, http.StatusOK, code, body)
	record(code, body)
	var saved struct {
		Flow struct{ ID string } `json:"flow"`
	}
	require.Equal(t, http.StatusOK, ts.as(t, "eve", "SaveFlow", "["+string(flowJSON)+"]", &saved))

	var file struct{ DataBase64 string }
	require.Equal(t, http.StatusOK, ts.as(t, "dan", "ExportBundle",
		`[{"flowIds":["`+saved.Flow.ID+`"],"name":"shop","version":"1.0.0","sign":true}]`, &file))
	bundle := unzipAll(t, file.DataBase64)
	assert.Contains(t, string(bundle), `"shop"`, "the bundle names the credential it needs")
	assert.NotContains(t, string(bundle), secretValue, "no credential value in a bundle")

	var export string
	require.Equal(t, http.StatusOK, ts.as(t, "ada", "ExportAudit", "[]", &export))
	assert.Contains(t, export, "credential.save")
	assert.NotContains(t, export, secretValue, "no credential value in the audit export")
	assert.NotContains(t, base64.StdEncoding.EncodeToString([]byte(export)), base64.StdEncoding.EncodeToString([]byte(secretValue)))

	assert.NotContains(t, seen.String(), secretValue, "no credential value in an API answer")
	assert.NotEmpty(t, ts.log.String(), "the failed calls were logged")
	assert.NotContains(t, ts.log.String(), secretValue, "no credential value in a log line")
}
