package app_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping"
	"github.com/weftworks/weft/engine/runtime"
)

func TestPreviewMappingCSV(t *testing.T) {
	svc, _ := newService(t)
	m := mapping.Mapping{FormatVersion: 1, Fields: []mapping.Field{
		{Target: "id", Path: "id", Type: "integer"},
		{Target: "name", Expr: `name.toUpperCase()`},
	}}
	res, err := svc.PreviewMapping(app.PreviewRequest{Mapping: m, Format: "auto", Samples: "id;name\n1;ada\nx;bo\n3\n4;cy\n"})
	require.NoError(t, err)
	require.Empty(t, res.Error)
	require.Len(t, res.Records, 3)
	assert.Equal(t, map[string]any{"id": 1.0, "name": "ADA"}, jsoncodec.Plain(res.Records[0].Output))
	require.Len(t, res.Records[1].Errors, 1)
	assert.Equal(t, "id", res.Records[1].Errors[0].Target)
	assert.Contains(t, res.ParseError, "record 3 (line 4)")
	require.Len(t, res.Source, 2)
	assert.Equal(t, "id", res.Source[0].Path)
	assert.Equal(t, []string{"string"}, res.Source[0].Types)
	assert.Len(t, res.Lineage, 2)

	data, err := json.Marshal(res)
	require.NoError(t, err)
	var wire map[string]any
	require.NoError(t, json.Unmarshal(data, &wire))
	for _, k := range []string{"records", "schema", "lineage", "source", "parseError"} {
		assert.Contains(t, wire, k, "JSON key %q", k)
	}
}

func TestPreviewMappingLimitAndErrors(t *testing.T) {
	svc, _ := newService(t)
	m := mapping.Mapping{Fields: []mapping.Field{{Target: "n", Path: "$"}}}
	res, err := svc.PreviewMapping(app.PreviewRequest{Mapping: m, Format: "ndjson", Samples: "1\n2\n3\n", Limit: 2})
	require.NoError(t, err)
	assert.Len(t, res.Records, 2)

	m.Fields[0] = mapping.Field{Target: "n", Expr: "1 +"}
	res, err = svc.PreviewMapping(app.PreviewRequest{Mapping: m, Samples: "[1]"})
	require.NoError(t, err)
	assert.Contains(t, res.Error, "line 1")
	assert.Len(t, res.CompileErrors, 1)

	_, err = svc.PreviewMapping(app.PreviewRequest{Mapping: m, Format: "yaml"})
	assert.ErrorContains(t, err, "unknown format")
}

func TestRunMappingTests(t *testing.T) {
	svc, _ := newService(t)
	m := mapping.Mapping{Fields: []mapping.Field{{Target: "a", Path: "x"}}, Tests: []mapping.TestCase{
		{Name: "ok", Input: map[string]any{"x": 1.0}, Expected: map[string]any{"a": 1.0}},
		{Name: "bad", Input: map[string]any{"x": 2.0}, Expected: map[string]any{"a": 1.0}},
	}}
	res, err := svc.RunMappingTests(m)
	require.NoError(t, err)
	require.Len(t, res, 2)
	assert.True(t, res[0].Passed)
	assert.False(t, res[1].Passed)
	assert.Equal(t, []mapping.Diff{{Path: "a", Expected: 1.0, Actual: 2.0}}, res[1].Diffs)
}

func TestSamples(t *testing.T) {
	svc, _ := newService(t)
	saved, err := svc.SaveFlow(helloFlow(`return msg;`))
	require.NoError(t, err)
	id := saved.Flow.ID

	sm, err := svc.SaveSample(app.Sample{FlowID: id, NodeID: "n2", Name: " orders ", Format: "", Text: "[{\"a\":1}]"})
	require.NoError(t, err)
	assert.Equal(t, "orders", sm.Name)
	assert.Equal(t, "auto", sm.Format)
	assert.Positive(t, sm.UpdatedAt)
	_, err = svc.SaveSample(app.Sample{FlowID: id, NodeID: "n2", Name: "csv", Format: "csv", Text: "a\n1\n"})
	require.NoError(t, err)

	list, err := svc.ListSamples(id, "n2")
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, "csv", list[0].Name)
	assert.Equal(t, sm, list[1])

	require.NoError(t, svc.DeleteSample(id, "n2", "csv"))
	require.ErrorIs(t, svc.DeleteSample(id, "n2", "csv"), app.ErrNotFound)
	_, err = svc.SaveSample(app.Sample{FlowID: "nope", NodeID: "n2", Name: "x"})
	assert.ErrorIs(t, err, app.ErrNotFound)
	_, err = svc.SaveSample(app.Sample{FlowID: id, NodeID: "n2", Name: "x", Format: "yaml"})
	assert.Error(t, err)
}

func TestSampleFromRun(t *testing.T) {
	svc, _ := newService(t)
	f := helloFlow("")
	f.Nodes[1] = flow.Node{ID: "n2", Type: "core.mapping", Config: map[string]any{"mapping": map[string]any{
		"fields": []any{map[string]any{"target": "who", "path": "name"}}}}}
	saved, err := svc.SaveFlow(f)
	require.NoError(t, err)
	runID, err := svc.StartRun(saved.Flow.ID)
	require.NoError(t, err)
	rec := waitRun(t, svc, runID)
	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)

	sm, err := svc.SampleFromRun(runID, "n2")
	require.NoError(t, err)
	assert.Equal(t, saved.Flow.ID, sm.FlowID)
	assert.Equal(t, "json", sm.Format)
	assert.JSONEq(t, `[{"name":"Ada"},{"name":"Grace"}]`, sm.Text)

	sm, err = svc.SampleFromRun(runID, "n3")
	require.NoError(t, err)
	assert.JSONEq(t, `[{"who":"Ada"},{"who":"Grace"}]`, sm.Text, "n3 received the mapped records")

	_, err = svc.SampleFromRun(runID, "n1")
	assert.ErrorIs(t, err, app.ErrNoSamples)
	_, err = svc.SampleFromRun(runID, "zz")
	assert.ErrorIs(t, err, app.ErrNotFound)
}
