package http_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/runtime"
)

// pager serves three pages of two items, {"data": [...], "next": cursor},
// by ?p= (with a Link header), ?cursor= or ?page=; page 4 and later are
// empty. The "stuck" cursor always points at itself.
func pager(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		page := 1
		for _, k := range []string{"p", "page"} {
			if n, err := strconv.Atoi(q.Get(k)); err == nil {
				page = n
			}
		}
		if c := q.Get("cursor"); c != "" {
			page, _ = strconv.Atoi(c[1:])
		}
		body := map[string]any{"data": []any{}, "next": ""}
		if page <= 3 {
			body["data"] = []any{page*10 + 1, page*10 + 2}
		}
		if page < 3 {
			w.Header().Add("Link", fmt.Sprintf(`</items?p=%d>; rel="next", </items?p=3>; rel="last"`, page+1))
			body["next"] = fmt.Sprintf("c%d", page+1)
		}
		if r.URL.Path == "/stuck" {
			body["next"] = "c1"
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestPagination(t *testing.T) {
	srv := pager(t)
	tests := []struct {
		name string
		cfg  map[string]any
		want []any // per page: the data arrays; per item: the items
	}{
		{"link, per page", map[string]any{"pagination": "link", "itemsPath": "data"},
			[]any{[]any{11.0, 12.0}, []any{21.0, 22.0}, []any{31.0, 32.0}}},
		{"link, per item", map[string]any{"pagination": "link", "itemsPath": "data", "emit": "item"},
			[]any{11.0, 12.0, 21.0, 22.0, 31.0, 32.0}},
		{"cursor, per item", map[string]any{"pagination": "cursor", "cursorPath": "next", "itemsPath": "data", "emit": "item"},
			[]any{11.0, 12.0, 21.0, 22.0, 31.0, 32.0}},
		{"page numbers stop at an empty page", map[string]any{"pagination": "page", "itemsPath": "data"},
			[]any{[]any{11.0, 12.0}, []any{21.0, 22.0}, []any{31.0, 32.0}, []any{}}},
		{"page numbers from 2", map[string]any{"pagination": "page", "itemsPath": "data", "firstPage": 2.0, "emit": "item"},
			[]any{21.0, 22.0, 31.0, 32.0}},
		{"most pages", map[string]any{"pagination": "link", "itemsPath": "data", "maxPages": 2.0, "emit": "item"},
			[]any{11.0, 12.0, 21.0, 22.0}},
		{"a repeated cursor stops", map[string]any{"url": srv.URL + "/stuck", "pagination": "cursor", "cursorPath": "next",
			"itemsPath": "data", "emit": "item"}, []any{11.0, 12.0, 11.0, 12.0}}, // c1 once, then it repeats
		{"no pagination", map[string]any{"itemsPath": "data", "emit": "item"}, []any{11.0, 12.0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := map[string]any{"url": srv.URL + "/items"}
			for k, v := range tt.cfg {
				cfg[k] = v
			}
			rec, s := call(t, cfg, host{}, "go")
			require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
			require.Empty(t, s.Payloads("errors"))
			var got []any
			for _, p := range s.Payloads("out") {
				if cfg["emit"] == "item" {
					got = append(got, p)
					continue
				}
				got = append(got, p.(map[string]any)["body"].(map[string]any)["data"])
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestPaginationMessageIDs(t *testing.T) {
	srv := pager(t)
	rec, s := call(t, map[string]any{"url": srv.URL, "pagination": "link", "itemsPath": "data"}, host{}, "go")
	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
	id := rec.Nodes["src"].Emitted[0].MessageID
	var ids []string
	for _, m := range s.Messages("out") {
		ids = append(ids, m.ID)
	}
	assert.Equal(t, []string{id, id + "-1", id + "-2"}, ids)
}

func TestItemsMustBeAnArray(t *testing.T) {
	srv := pager(t)
	_, s := call(t, map[string]any{"url": srv.URL, "itemsPath": "next", "emit": "item"}, host{}, "go")
	errs := s.Payloads("errors")
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].(map[string]any)["error"], `no items array at "next"`)
}
