package spec

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/weftworks/weft/engine/flow"
)

// Markdown renders the node reference for docs/nodes.md: one section per
// category (trigger, transform, action), one entry per node type with its
// ports and a config table. The output depends only on the specs, not on
// their order.
func Markdown(specs []Spec) string {
	sorted := slices.Clone(specs)
	slices.SortFunc(sorted, Compare)
	var b strings.Builder
	b.WriteString("# Node reference\n\n")
	b.WriteString("<!-- Generated from the node specs by spec.Markdown; do not edit. -->\n\n")
	b.WriteString("Every node also has an output port `error`: a message that fails goes out of it when it is wired.\n")
	var last Category = "\x00"
	for _, s := range sorted {
		if s.Category != last {
			last = s.Category
			fmt.Fprintf(&b, "\n## %s\n", categoryHeading(s.Category))
		}
		writeSpec(&b, s)
	}
	return b.String()
}

func categoryHeading(c Category) string {
	switch c {
	case Trigger:
		return "Triggers"
	case Transform:
		return "Transforms"
	case Action:
		return "Actions"
	}
	return "Other: " + string(c)
}

func writeSpec(b *strings.Builder, s Spec) {
	fmt.Fprintf(b, "\n### %s (`%s`)\n\n", s.Title, s.Type)
	if s.Description != "" {
		b.WriteString(s.Description + "\n\n")
	}
	fmt.Fprintf(b, "- Inputs: %s\n", portList(s.Inputs))
	fmt.Fprintf(b, "- Outputs: %s\n", portList(append(slices.Clone(s.Outputs), Port{Name: flow.ErrorPort, Description: "messages that failed"})))
	if p := s.OutputsFrom; p != nil {
		name := "each element"
		if p.Key != "" {
			name = "the `" + p.Key + "` of each element"
		}
		fmt.Fprintf(b, "- More outputs: one named by %s of `%s`\n", name, p.Field)
	}
	if c := s.Catch; c != nil {
		fmt.Fprintf(b, "- Catches: failures of nodes whose `error` port is unwired (%s), received on `error`\n", catchScope(c))
	}
	if len(s.Config) == 0 {
		b.WriteString("\nNo configuration.\n")
		return
	}
	b.WriteString("\n| Field | Type | Required | Default | Description |\n|---|---|---|---|---|\n")
	writeRows(b, "", s.Config)
}

func catchScope(c *CatchFrom) string {
	if c.Field == "" {
		return "every node"
	}
	return "the nodes listed in `" + c.Field + "`; when empty, every node, or inside a subflow every node of that subflow"
}

func portList(ports []Port) string {
	if len(ports) == 0 {
		return "none"
	}
	parts := make([]string, len(ports))
	for i, p := range ports {
		parts[i] = "`" + p.Name + "`"
		if p.Description != "" {
			parts[i] += " (" + p.Description + ")"
		}
	}
	return strings.Join(parts, ", ")
}

func writeRows(b *strings.Builder, prefix string, fields []Field) {
	for _, f := range fields {
		path := join(prefix, f.Name)
		req := ""
		if f.Required {
			req = "yes"
		}
		def := ""
		if f.Default != nil {
			def = code(jsonText(f.Default))
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", code(path), typeText(f), req, def, describe(f))
		if f.Type == Object {
			writeRows(b, path, f.Fields)
		}
		if f.Items != nil && f.Items.Type == Object {
			writeRows(b, path+"[]", f.Items.Fields)
		}
	}
}

func typeText(f Field) string {
	if f.Type == Array && f.Items != nil {
		return "array of " + string(f.Items.Type)
	}
	return string(f.Type)
}

// describe joins a field's description with its constraints and hints,
// safe inside a table cell.
func describe(f Field) string {
	parts := []string{}
	if f.Title != "" && f.Title != f.Name {
		parts = append(parts, "**"+cell(f.Title)+"**.")
	}
	if f.Description != "" {
		parts = append(parts, cell(f.Description))
	}
	if len(f.Enum) > 0 {
		parts = append(parts, "One of "+codeList(toAny(f.Enum))+".")
	}
	if f.Minimum != nil {
		parts = append(parts, fmt.Sprintf("Minimum %v.", *f.Minimum))
	}
	if f.Maximum != nil {
		parts = append(parts, fmt.Sprintf("Maximum %v.", *f.Maximum))
	}
	if f.ShowIf != nil {
		parts = append(parts, fmt.Sprintf("Shown when %s is %s.", code(f.ShowIf.Field), codeList(f.ShowIf.Equals)))
	}
	if f.Editor != "" && f.Editor != EditorText {
		parts = append(parts, "Editor: "+string(f.Editor)+".")
	}
	if f.Secret {
		parts = append(parts, "Secret.")
	}
	if f.Advanced {
		parts = append(parts, "Advanced.")
	}
	if len(f.Examples) > 0 {
		parts = append(parts, "Examples: "+codeList(f.Examples)+".")
	}
	return strings.Join(parts, " ")
}

func codeList(vs []any) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = code(jsonText(v))
	}
	return strings.Join(parts, ", ")
}

func jsonText(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// code renders s as a Markdown code span that is safe inside a table cell.
func code(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\n", " ")
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// cell makes free text safe inside a table cell.
func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ")
}
