package app_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/app/team"
	"github.com/weftworks/weft/app/templates"
	"github.com/weftworks/weft/engine/flow"
)

func TestNewFromTemplateSavesAFreshFlow(t *testing.T) {
	svc, _ := newService(t)
	list, err := svc.ListTemplates()
	require.NoError(t, err)
	require.NotEmpty(t, list)

	res, err := svc.NewFromTemplate("webhook-api-validation")
	require.NoError(t, err)
	assert.NotEqual(t, "webhook-api-validation", res.Flow.ID, "a flow from a template gets its own id")
	assert.Equal(t, "Webhook API with validation", res.Flow.Name)
	assert.Equal(t, 1, res.Flow.Version)
	assert.Empty(t, res.Problems)
	got, err := svc.GetFlow(res.Flow.ID)
	require.NoError(t, err)
	want, err := templates.Flow("webhook-api-validation")
	require.NoError(t, err)
	assert.Empty(t, flow.Diff(want, got), "the saved flow is the template")
	recent, err := svc.RecentFlows()
	require.NoError(t, err)
	require.Len(t, recent, 1)
	assert.Equal(t, res.Flow.ID, recent[0].ID, "a flow made from a template is recent")

	_, err = svc.NewFromTemplate("no-such")
	require.ErrorIs(t, err, templates.ErrUnknown)
}

// TestDraftSurvivesReopen is crash recovery at the service level: a draft
// written before the process went away is there when the file is opened
// again, until it is discarded.
func TestDraftSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "weft.db")
	studio, err := app.Open(context.Background(), path)
	require.NoError(t, err)
	d, err := studio.Service.GetDraft()
	require.NoError(t, err)
	assert.Nil(t, d)
	draft := helloFlow(`return msg;`)
	draft.Nodes = append(draft.Nodes, flow.Node{ID: "n4", Type: "core.nope"}) // drafts may be invalid
	require.NoError(t, studio.Service.SaveDraft(app.Draft{Flow: draft, BaseVersion: 3}))
	require.NoError(t, studio.Close())

	studio, err = app.Open(context.Background(), path)
	require.NoError(t, err)
	defer studio.Close()
	d, err = studio.Service.GetDraft()
	require.NoError(t, err)
	require.NotNil(t, d)
	assert.Equal(t, 3, d.BaseVersion)
	assert.Positive(t, d.SavedAt)
	assert.Empty(t, flow.Diff(&draft, &d.Flow))
	require.NoError(t, studio.Service.DiscardDraft())
	d, err = studio.Service.GetDraft()
	require.NoError(t, err)
	assert.Nil(t, d)
}

func TestUnreadableDraftIsDroppedWithAReason(t *testing.T) {
	path := filepath.Join(t.TempDir(), "weft.db")
	studio, err := app.Open(context.Background(), path)
	require.NoError(t, err)
	defer studio.Close()
	require.NoError(t, studio.Store.PutSetting("studio.draft", []byte(`{"flow": 7}`)))
	d, err := studio.Service.GetDraft()
	require.ErrorContains(t, err, "unreadable")
	assert.Nil(t, d)
	d, err = studio.Service.GetDraft()
	require.NoError(t, err, "the bad draft is gone")
	assert.Nil(t, d)
}

func TestRecentFlowsNewestFirstWithoutDeleted(t *testing.T) {
	svc, _ := newService(t)
	var ids []string
	for _, name := range []string{"A", "B", "C"} {
		f := helloFlow(`return msg;`)
		f.Name = name
		res, err := svc.SaveFlow(f)
		require.NoError(t, err)
		ids = append(ids, res.Flow.ID)
		require.NoError(t, svc.TouchRecent(res.Flow.ID))
	}
	require.NoError(t, svc.TouchRecent(ids[0]))
	require.NoError(t, svc.DeleteFlow(ids[1]))
	recent, err := svc.RecentFlows()
	require.NoError(t, err)
	var names []string
	for _, f := range recent {
		names = append(names, f.Name)
	}
	assert.Equal(t, []string{"A", "C"}, names)
}

func TestPreferences(t *testing.T) {
	svc, _ := newService(t)
	p, err := svc.GetPreferences()
	require.NoError(t, err)
	assert.Equal(t, "system", p.Theme)
	require.NoError(t, svc.SavePreferences(app.Preferences{Theme: "dark"}))
	p, err = svc.GetPreferences()
	require.NoError(t, err)
	assert.Equal(t, "dark", p.Theme)
	require.ErrorIs(t, svc.SavePreferences(app.Preferences{Theme: "purple"}), app.ErrBadTheme)
}

// TestHistoryDiffAndRestore: each version's diff against the one before
// ignores moves, and restoring an old version saves it as the newest.
func TestHistoryDiffAndRestore(t *testing.T) {
	svc, _ := newService(t)
	f := helloFlow(`return msg;`)
	res, err := svc.SaveFlow(f)
	require.NoError(t, err)
	f.ID = res.Flow.ID
	f.Nodes[1].Config["code"] = `return {x: 1};`
	f.Nodes = append(f.Nodes, flow.Node{ID: "n4", Type: "core.debug"})
	f.Layout["n1"] = flow.Position{X: 500, Y: 500}
	_, err = svc.SaveFlow(f)
	require.NoError(t, err)

	first, err := svc.VersionDiff(f.ID, 1)
	require.NoError(t, err)
	assert.Contains(t, first, "+ node n1 (core.manual)")
	second, err := svc.VersionDiff(f.ID, 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"~ node n2 (core.script): config code", "+ node n4 (core.debug)"}, second)
	_, err = svc.VersionDiff(f.ID, 9)
	require.ErrorIs(t, err, app.ErrNotFound)

	restored, err := svc.RestoreVersion(f.ID, 1)
	require.NoError(t, err)
	assert.Equal(t, 3, restored.Flow.Version)
	third, err := svc.VersionDiff(f.ID, 3)
	require.NoError(t, err)
	assert.Equal(t, []string{"~ node n2 (core.script): config code", "- node n4 (core.debug)"}, third)
	hist, err := svc.FlowHistory(f.ID)
	require.NoError(t, err)
	assert.Len(t, hist, 3)
}

// TestDeletingATeamUserDeletesTheirWorkspace: a team member's draft,
// recent flows and theme go with them, and only theirs.
func TestDeletingATeamUserDeletesTheirWorkspace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "weft.db")
	studio, err := app.Open(context.Background(), path)
	require.NoError(t, err)
	tm, err := team.Open(studio.Store.DB(), studio.Store.FlowDigest)
	require.NoError(t, err)
	tm.OnDeleteUser(app.ForgetWorkspace)
	for _, name := range []string{"root", "ada", "bob"} {
		_, err := tm.CreateUser("setup", name, "correct horse battery", team.Admin)
		require.NoError(t, err)
	}
	saved, err := studio.Service.SaveFlow(helloFlow(`return msg;`))
	require.NoError(t, err)
	for _, svc := range []*app.Service{studio.Service, app.AsActor(studio.Service, "ada"), app.AsActor(studio.Service, "bob")} {
		require.NoError(t, svc.SaveDraft(app.Draft{Flow: helloFlow(`return msg;`)}))
		require.NoError(t, svc.TouchRecent(saved.Flow.ID))
		require.NoError(t, svc.SavePreferences(app.Preferences{Theme: "dark"}))
	}

	require.NoError(t, tm.DeleteUser("root", "ada"))
	require.NoError(t, studio.Close())
	studio, err = app.Open(context.Background(), path) // what is gone is gone from the file
	require.NoError(t, err)
	defer studio.Close()
	_, err = team.Open(studio.Store.DB(), studio.Store.FlowDigest)
	require.NoError(t, err)
	workspace := func(svc *app.Service) (draft bool, recent int, theme string) {
		d, err := svc.GetDraft()
		require.NoError(t, err)
		r, err := svc.RecentFlows()
		require.NoError(t, err)
		p, err := svc.GetPreferences()
		require.NoError(t, err)
		return d != nil, len(r), p.Theme
	}
	draft, recent, theme := workspace(app.AsActor(studio.Service, "ada"))
	assert.Equal(t, []any{false, 0, "system"}, []any{draft, recent, theme}, "a new ada starts afresh")
	for _, svc := range []*app.Service{studio.Service, app.AsActor(studio.Service, "bob")} {
		draft, recent, theme := workspace(svc)
		assert.Equal(t, []any{true, 1, "dark"}, []any{draft, recent, theme}, "the others keep theirs")
	}
}
