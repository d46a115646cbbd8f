package format_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/weftworks/weft/engine/format"
)

// Names keep the prefixes the document wrote.
func TestXMLNamespacesKeptAsPrefixes(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []any
	}{
		{"prefixed elements and attributes",
			`<r xmlns:a="urn:a"><a:o a:id="1" xml:lang="en"><a:sku>X</a:sku></a:o></r>`,
			[]any{obj("@a:id", "1", "@xml:lang", "en", "a:sku", "X")}},
		{"default namespace has no prefix",
			`<r xmlns="urn:d" xmlns:p="urn:p"><o><p:x>1</p:x><y>2</y></o></r>`,
			[]any{obj("p:x", "1", "y", "2")}},
		{"declared on the element itself",
			`<r><o><q:x xmlns:q="urn:q">1</q:x></o></r>`,
			[]any{obj("q:x", "1")}},
		{"rebound in a nested scope",
			`<r xmlns:a="urn:1"><o xmlns:b="urn:1"><b:x>1</b:x></o><o><a:x>2</a:x></o></r>`,
			[]any{obj("b:x", "1"), obj("a:x", "2")}},
		{"unbound prefix stays", `<r><o><u:x>1</u:x></o></r>`, []any{obj("u:x", "1")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := readAll(t, format.FormatXML, tt.in)
			assert.Empty(t, errs)
			assert.Equal(t, tt.want, got)
		})
	}
}
