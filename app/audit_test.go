package app_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app"
)

func actions(t *testing.T, svc *app.Service) []string {
	t.Helper()
	entries, err := svc.ListAudit(0)
	require.NoError(t, err)
	out := make([]string, len(entries))
	for i, e := range entries {
		out[len(entries)-1-i] = e.Actor + " " + e.Action + " " + e.Kind
	}
	return out
}

func TestEveryChangeIsAudited(t *testing.T) {
	svc, _ := newService(t)
	ada := app.AsActor(svc, "ada")
	res, err := ada.SaveFlow(helloFlow(`return msg;`))
	require.NoError(t, err)
	_, err = ada.SaveFlow(helloFlow(`return msg;`)) // a new flow: new id
	require.NoError(t, err)
	f, err := svc.GetFlow(res.Flow.ID)
	require.NoError(t, err)
	_, err = svc.SaveFlow(*f) // unchanged: nothing to record
	require.NoError(t, err)
	_, err = app.AsActor(svc, "bob").SaveCredential(basicInput("s3cret-Value-42"))
	require.NoError(t, err)
	file, err := ada.ExportBundle(app.ExportRequest{FlowIDs: []string{res.Flow.ID}, Name: "hello", Version: "1.0.0"})
	require.NoError(t, err)
	_, err = svc.ImportBundle(app.ImportRequest{DataBase64: file.DataBase64, AsCopy: true})
	require.NoError(t, err)
	require.NoError(t, ada.DeleteFlow(res.Flow.ID))
	require.NoError(t, ada.DeleteCredential("shop"))

	assert.Equal(t, []string{
		"ada flow.save flow", "ada flow.save flow", "bob credential.save credential",
		"ada bundle.export bundle", "local flow.save flow", "local bundle.import bundle",
		"ada flow.delete flow", "ada credential.delete credential",
	}, actions(t, svc))

	entries, err := svc.ListAudit(2)
	require.NoError(t, err)
	require.Len(t, entries, 2)
	assert.NotEmpty(t, entries[0].Before, "a delete keeps the digest of what was deleted")
	assert.Empty(t, entries[0].After)
	assert.Equal(t, file.SHA256, entriesOf(t, svc, "bundle.export").After)

	report, err := svc.VerifyAudit()
	require.NoError(t, err)
	assert.NoError(t, report.Err())
	assert.Equal(t, 8, report.Entries)

	export, err := svc.ExportAudit()
	require.NoError(t, err)
	assert.Equal(t, 8, strings.Count(export, "\n"))
	assert.NotContains(t, export, "s3cret-Value-42", "no credential value in an audit export")
}

func entriesOf(t *testing.T, svc *app.Service, action string) app.AuditEntry {
	t.Helper()
	entries, err := svc.ListAudit(0)
	require.NoError(t, err)
	for _, e := range entries {
		if e.Action == action {
			return e
		}
	}
	t.Fatalf("no %s entry", action)
	return app.AuditEntry{}
}

type refuseGate struct{ asked []string }

func (g *refuseGate) CheckRelease(actor, flowID, digest string) error {
	g.asked = append(g.asked, actor+" "+flowID+" "+digest[:8])
	return errors.New("needs approval")
}

func TestExportAsksTheReleaseGate(t *testing.T) {
	svc, _ := newService(t)
	res, err := svc.SaveFlow(helloFlow(`return msg;`))
	require.NoError(t, err)
	gate := &refuseGate{}
	app.SetReleaseGate(svc, gate)
	_, err = app.AsActor(svc, "ada").ExportBundle(app.ExportRequest{FlowIDs: []string{res.Flow.ID}, Name: "x", Version: "1"})
	require.ErrorContains(t, err, "needs approval")
	require.Len(t, gate.asked, 1)
	assert.True(t, strings.HasPrefix(gate.asked[0], "ada "+res.Flow.ID+" "))
	for _, a := range actions(t, svc) {
		assert.NotContains(t, a, "bundle.export", "a refused export is not recorded as one")
	}
}
