package http_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	httpconn "github.com/weftworks/weft/connectors/http"
)

func TestParseLinks(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   map[string]string
	}{
		{"github style", []string{`<https://api/x?page=2>; rel="next", <https://api/x?page=9>; rel="last"`},
			map[string]string{"next": "https://api/x?page=2", "last": "https://api/x?page=9"}},
		{"comma inside the URL", []string{`<https://api/x?ids=1,2>; rel=next`}, map[string]string{"next": "https://api/x?ids=1,2"}},
		{"several rels", []string{`</p2>; title="a, b"; rel="next last"`}, map[string]string{"next": "/p2", "last": "/p2"}},
		{"several headers, first wins", []string{`</a>; rel=next`, `</b>; rel=NEXT`}, map[string]string{"next": "/a"}},
		{"malformed skipped", []string{`garbage, <x>, no-brackets; rel=next, </ok>; rel=prev`}, map[string]string{"prev": "/ok"}},
		{"none", nil, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, httpconn.ParseLinks(tt.values))
		})
	}
}

func FuzzParseLinks(f *testing.F) {
	for _, s := range []string{`<https://a/b>; rel="next"`, `<a>;rel=x, <b>; rel="y z"`, `<,>; rel=","`, `<`, `"<"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for rel, u := range httpconn.ParseLinks([]string{s}) {
			assert.NotEmpty(t, rel)
			assert.Contains(t, s, u, "a link is a part of the header")
		}
	})
}
