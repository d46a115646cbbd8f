package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// sources reads the Go source of the module's packages, parsed once
// each, for what reflection does not tell: typed constants and parameter
// names.
type sources struct {
	root, module string
	files        map[string][]*ast.File // by package path
}

var modulePattern = regexp.MustCompile(`(?m)^module\s+(\S+)`)

func newSources(root string) (*sources, error) {
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, err
	}
	m := modulePattern.FindSubmatch(mod)
	if m == nil {
		return nil, fmt.Errorf("%s/go.mod names no module", root)
	}
	return &sources{root: root, module: string(m[1]), files: map[string][]*ast.File{}}, nil
}

// parsed returns the non-test files of the package at pkgPath; none for
// a package outside the module.
func (s *sources) parsed(pkgPath string) []*ast.File {
	if files, ok := s.files[pkgPath]; ok {
		return files
	}
	var files []*ast.File
	if rel, ok := strings.CutPrefix(pkgPath, s.module); ok {
		dir := filepath.Join(s.root, filepath.FromSlash(strings.TrimPrefix(rel, "/")))
		names, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		fset := token.NewFileSet()
		for _, name := range names {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			if f, err := parser.ParseFile(fset, name, nil, 0); err == nil {
				files = append(files, f)
			}
		}
	}
	s.files[pkgPath] = files
	return files
}

// typed is the reflect view constants and methods need: a package path
// and a name.
type typed interface {
	PkgPath() string
	Name() string
}

// constants returns the values of the string constants declared with
// type t, in source order.
func (s *sources) constants(t typed) []string {
	var out []string
	for _, f := range s.parsed(t.PkgPath()) {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, sp := range gd.Specs {
				out = append(out, typedValues(sp.(*ast.ValueSpec), t.Name())...)
			}
		}
	}
	return out
}

func typedValues(vs *ast.ValueSpec, typeName string) []string {
	id, ok := vs.Type.(*ast.Ident)
	if !ok || id.Name != typeName {
		return nil
	}
	var out []string
	for _, v := range vs.Values {
		if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil {
				out = append(out, s)
			}
		}
	}
	return out
}

// paramNames returns the parameter names of method name of the type
// recv (a pointer receiver or not); nil when the source has none.
func (s *sources) paramNames(recv typed, name string) []string {
	for _, f := range s.parsed(recv.PkgPath()) {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Name.Name != name || receiverName(fd) != recv.Name() {
				continue
			}
			var names []string
			for _, p := range fd.Type.Params.List {
				for _, n := range p.Names {
					names = append(names, n.Name)
				}
				if len(p.Names) == 0 {
					names = append(names, "")
				}
			}
			return names
		}
	}
	return nil
}

func receiverName(fd *ast.FuncDecl) string {
	t := fd.Recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
