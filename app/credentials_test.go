package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/engine/credential"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/spec"
)

func basicInput(password string) app.CredentialInput {
	return app.CredentialInput{Name: "shop", Kind: credential.Basic,
		Fields: map[string]string{"username": "ada", "password": password}}
}

func TestCredentialsAreListedWithoutSecrets(t *testing.T) {
	svc, _ := newService(t)
	info, err := svc.SaveCredential(basicInput("hunter2"))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"username": "ada"}, info.Fields)
	assert.Equal(t, []string{"password"}, info.SecretsSet)
	assert.NotZero(t, info.UpdatedAt)

	list, err := svc.ListCredentials()
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, info, list[0])

	require.NoError(t, svc.DeleteCredential("shop"))
	empty, err := svc.ListCredentials()
	require.NoError(t, err)
	assert.Empty(t, empty)
	assert.NotNil(t, empty, "an empty list, not null")
	require.ErrorIs(t, svc.DeleteCredential("shop"), app.ErrNotFound)
}

func TestSaveCredentialSecretsAreWriteOnly(t *testing.T) {
	tests := []struct {
		name   string
		second app.CredentialInput
		want   map[string]string
	}{
		{name: "empty secret keeps the stored one", second: basicInput(""),
			want: map[string]string{"username": "ada", "password": "hunter2"}},
		{name: "omitted secret keeps the stored one",
			second: app.CredentialInput{Name: "shop", Kind: credential.Basic, Fields: map[string]string{"username": "bob"}},
			want:   map[string]string{"username": "bob", "password": "hunter2"}},
		{name: "new secret replaces", second: basicInput("new"),
			want: map[string]string{"username": "ada", "password": "new"}},
		{name: "clear erases", second: app.CredentialInput{Name: "shop", Kind: credential.Basic,
			Fields: map[string]string{"username": "ada"}, Clear: []string{"password"}},
			want: map[string]string{"username": "ada"}},
		{name: "another kind starts afresh", second: app.CredentialInput{Name: "shop", Kind: credential.Bearer,
			Fields: map[string]string{"token": "t"}},
			want: map[string]string{"token": "t"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			studio := openStudio(t)
			_, err := studio.Service.SaveCredential(basicInput("hunter2"))
			require.NoError(t, err)
			_, err = studio.Service.SaveCredential(tt.second)
			require.NoError(t, err)
			c, err := studio.Store.Credential(context.Background(), "shop")
			require.NoError(t, err)
			assert.Equal(t, tt.want, c.Fields)
		})
	}
}

func TestSaveCredentialRefusesInvalid(t *testing.T) {
	svc, _ := newService(t)
	_, err := svc.SaveCredential(app.CredentialInput{Name: "x", Kind: credential.Bearer})
	require.ErrorIs(t, err, credential.ErrInvalid)
	assert.Contains(t, err.Error(), `"token" is required`)
	_, err = svc.SaveCredential(app.CredentialInput{Name: "x", Kind: "ftp"})
	require.ErrorIs(t, err, credential.ErrInvalid)
}

func TestCredentialKindsForTheForm(t *testing.T) {
	svc, _ := newService(t)
	kinds, err := svc.CredentialKinds()
	require.NoError(t, err)
	require.NotEmpty(t, kinds)
	assert.Equal(t, credential.Basic, kinds[0].Kind)
}

func TestTestCredentialAgainstALocalServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, _ := r.BasicAuth(); u != "ada" || p != "hunter2" {
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer srv.Close()
	svc, _ := newService(t)
	_, err := svc.SaveCredential(basicInput("hunter2"))
	require.NoError(t, err)

	res, err := svc.TestCredential("shop", srv.URL)
	require.NoError(t, err)
	assert.True(t, res.OK, res.Message)

	_, err = svc.SaveCredential(basicInput("wrong"))
	require.NoError(t, err)
	res, err = svc.TestCredential("shop", srv.URL)
	require.NoError(t, err)
	assert.False(t, res.OK)
	assert.Contains(t, res.Message, "401")

	_, err = svc.TestCredential("missing", srv.URL)
	require.ErrorIs(t, err, app.ErrNotFound)
}

// credNode emits the username of the credential its config names; a
// lookup error is a set-up problem, so it fails the run.
type credNode struct{ name string }

func (n credNode) Run(ctx context.Context, io registry.IO) error {
	m := message.New(nil)
	c, err := credential.Lookup(ctx, io, n.name, credential.Basic)
	if err != nil {
		return err
	}
	return io.Emit(ctx, "out", m.WithPayload(map[string]any{"username": c.Field("username")}))
}

// credService is a service whose registry has the node type test.cred.
func credService(t *testing.T) *app.Service {
	t.Helper()
	studio := openStudio(t)
	reg := registry.New()
	reg.MustRegister(spec.Spec{Type: "test.cred", Title: "Cred", Category: spec.Trigger,
		Outputs: []spec.Port{{Name: "out"}},
		Config:  []spec.Field{{Name: "credential", Title: "Credential", Type: spec.String, Editor: spec.EditorCredential}},
	}, func(_ flow.Node, cfg map[string]any) (registry.Node, error) {
		name, _ := cfg["credential"].(string)
		return credNode{name: name}, nil
	})
	svc := app.New(context.Background(), studio.Store, reg, app.NewHub(), studio.Host)
	_, err := svc.SaveCredential(basicInput("hunter2"))
	require.NoError(t, err)
	return svc
}

func credFlow(name string) flow.Flow {
	return flow.Flow{Name: name, Nodes: []flow.Node{
		{ID: "n1", Type: "test.cred", Config: map[string]any{"credential": name}}}}
}

func TestValidateWarnsAboutMissingCredentials(t *testing.T) {
	svc := credService(t)
	problems, err := svc.ValidateFlow(credFlow("shop"))
	require.NoError(t, err)
	assert.Empty(t, problems)

	problems, err = svc.ValidateFlow(credFlow("gone"))
	require.NoError(t, err)
	assert.Equal(t, []flow.Problem{{Severity: "warning", Node: "n1", Field: "credential",
		Message: `no credential called "gone"; create it in the Credentials panel`}}, problems)
}

func TestRunsGetTheCredentialStore(t *testing.T) {
	svc := credService(t)

	for name, want := range map[string]string{"shop": runtime.StatusSucceeded, "missing": runtime.StatusFailed} {
		saved, err := svc.SaveFlow(credFlow(name))
		require.NoError(t, err)
		id, err := svc.StartRun(saved.Flow.ID)
		require.NoError(t, err)
		rec := waitRun(t, svc, id)
		assert.Equal(t, want, rec.Status, rec.Error)
		if want == runtime.StatusSucceeded {
			require.Len(t, rec.Nodes["n1"].Emitted, 1)
			assert.Equal(t, map[string]any{"username": "ada"}, jsoncodec.Plain(rec.Nodes["n1"].Emitted[0].Payload))
		} else {
			assert.Contains(t, rec.Error, "Credentials panel")
		}
	}
}

func TestCredentialKeyFileBesideTheDatabase(t *testing.T) {
	studio := openStudio(t)
	_, err := studio.Service.SaveCredential(basicInput("hunter2"))
	require.NoError(t, err)
	info, err := os.Stat(studio.Store.Path() + ".key")
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	raw, err := os.ReadFile(studio.Store.Path())
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "hunter2")
}

func openStudio(t *testing.T) *app.Studio {
	t.Helper()
	studio, err := app.Open(context.Background(), filepath.Join(t.TempDir(), "weft.db"))
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, studio.Close()) })
	return studio
}
