package main

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
)

// jsReserved are the words a parameter may not be called in TypeScript.
var jsReserved = map[string]bool{"break": true, "case": true, "catch": true, "class": true, "const": true,
	"continue": true, "debugger": true, "default": true, "delete": true, "do": true, "else": true, "enum": true,
	"export": true, "extends": true, "false": true, "finally": true, "for": true, "function": true, "if": true,
	"import": true, "in": true, "instanceof": true, "new": true, "null": true, "return": true, "super": true,
	"switch": true, "this": true, "throw": true, "true": true, "try": true, "typeof": true, "var": true,
	"void": true, "while": true, "with": true}

// writeService writes the Service interface (one method per exported
// method of svc, each returning a Promise) and the list of method names.
func (g *generator) writeService(b *bytes.Buffer, svc reflect.Type, methods []reflect.Method) error {
	recv := svc
	if recv.Kind() == reflect.Pointer {
		recv = recv.Elem()
	}
	fmt.Fprintf(b, "\n/** The exported methods of %s: what both transports carry. */\nexport interface Service {\n", goName(recv))
	names := make([]string, 0, len(methods))
	for _, m := range methods {
		sig, err := g.signature(recv, m)
		if err != nil {
			return err
		}
		fmt.Fprintf(b, "  %s%s;\n", m.Name, sig)
		names = append(names, "'"+m.Name+"'")
	}
	b.WriteString("}\n\n/** Every method name of Service, sorted. */\n")
	fmt.Fprintf(b, "export const SERVICE_METHODS = [\n  %s,\n] as const;\n\n", strings.Join(names, ",\n  "))
	b.WriteString("export type ServiceMethod = (typeof SERVICE_METHODS)[number];\n")
	return nil
}

// signature is "(name: T, …): Promise<R>" for method m; m's results
// must be (T, error), error or nothing.
func (g *generator) signature(recv reflect.Type, m reflect.Method) (string, error) {
	params := g.src.paramNames(recv, m.Name)
	var args []string
	for i := 1; i < m.Type.NumIn(); i++ {
		name := fmt.Sprintf("arg%d", i)
		if i-1 < len(params) && params[i-1] != "" && params[i-1] != "_" {
			name = params[i-1]
		}
		if jsReserved[name] {
			name += "_"
		}
		args = append(args, name+": "+g.ts(m.Type.In(i), "  "))
	}
	result := "void"
	var values []reflect.Type
	for i := range m.Type.NumOut() {
		if out := m.Type.Out(i); out != errorType {
			values = append(values, out)
		}
	}
	switch {
	case len(values) > 1, m.Type.NumOut()-len(values) > 1:
		return "", fmt.Errorf("%s must return (T, error), error or nothing", m.Name)
	case len(values) == 1:
		// A pointer result is never nil when the error is.
		result = strings.TrimSuffix(g.ts(values[0], "  "), " | null")
	}
	return fmt.Sprintf("(%s): Promise<%s>", strings.Join(args, ", "), result), nil
}
