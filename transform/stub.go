package transform

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/printer"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

// asyncKey identifies an async function in its package: "F", or "R.M" for
// method M of type R.
func asyncKey(fd *ast.FuncDecl) string {
	if fd.Recv != nil && len(fd.Recv.List) == 1 {
		recv, _ := recvTypeName(fd.Recv.List[0].Type)
		return recv + "." + fd.Name.Name
	}
	return fd.Name.Name
}

// resultNames names the result structs of the async functions with long
// result lists in files, by asyncKey within each package (directory and
// package name): FResult, or FResult_N when the package already declares
// the name or another result struct took it. The stubs declare the
// structs under these names, and lowering reads them back from the stubs'
// FAsync signatures. The map is by file: each file has its package's names.
func resultNames(files []string, parsed map[string]*ast.File) map[string]map[string]string {
	pkgKey := func(f string) string { return filepath.Dir(f) + "\x00" + parsed[f].Name.Name }
	taken := map[string]*names{}
	for _, f := range files {
		pf := parsed[f]
		if pf == nil {
			continue
		}
		k := pkgKey(f)
		if taken[k] == nil {
			taken[k] = newNames()
		}
		for _, d := range pf.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					taken[k].reserve(d.Name.Name)
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						taken[k].reserve(sp.Name.Name)
					case *ast.ValueSpec:
						for _, n := range sp.Names {
							taken[k].reserve(n.Name)
						}
					}
				}
			}
		}
	}
	byPkg := map[string]map[string]string{}
	out := map[string]map[string]string{}
	for _, f := range files {
		pf := parsed[f]
		if pf == nil {
			continue
		}
		k := pkgKey(f)
		if byPkg[k] == nil {
			byPkg[k] = map[string]string{}
		}
		out[f] = byPkg[k]
		for _, d := range pf.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !isAsync(fd) || !longResults(fd.Type.Results) {
				continue
			}
			recv := ""
			if fd.Recv != nil && len(fd.Recv.List) == 1 {
				recv, _ = recvTypeName(fd.Recv.List[0].Type)
			}
			byPkg[k][asyncKey(fd)] = taken[k].fresh(resultName(recv, fd.Name.Name))
		}
	}
	return out
}

// longResults reports whether a result list, as written, needs a result
// struct.
func longResults(fl *ast.FieldList) bool {
	if fl == nil {
		return false
	}
	n, lastErr := 0, false
	for _, f := range fl.List {
		k := max(len(f.Names), 1)
		n += k
		id, ok := f.Type.(*ast.Ident)
		lastErr = ok && id.Name == "error"
	}
	return newShape(n, lastErr).long
}

// stubFile returns the stub of the generated file of pf, or nil if pf has
// no async functions: the FAsync constructors with the right signatures and
// bodies that return nil, and the result structs, named as results says.
func stubFile(pf *ast.File, p *packages.Package, results map[string]string) []byte {
	var fns []*ast.FuncDecl
	for _, d := range pf.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && isAsync(fd) {
			fns = append(fns, fd)
		}
	}
	if len(fns) == 0 {
		return nil
	}
	var b bytes.Buffer
	fset := token.NewFileSet()
	pr := func(n ast.Node) string {
		var s bytes.Buffer
		printer.Fprint(&s, fset, n)
		return s.String()
	}
	// Import what the signatures use, and nothing else: the stub must
	// compile, since other packages may be built against it.
	used := map[string]bool{}
	for _, fd := range fns {
		var sig ast.Node = fd.Type
		if lit, _ := genLit(fd); lit != nil {
			// A generator's stub names its parameters and its yield's.
			sig = &ast.FuncType{Params: &ast.FieldList{List: append(append([]*ast.Field(nil), fd.Type.Params.List...), lit.Type.Params.List...)}}
		}
		ast.Inspect(sig, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok {
					used[id.Name] = true
				}
			}
			return true
		})
		if fd.Recv != nil {
			ast.Inspect(fd.Recv, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if id, ok := sel.X.(*ast.Ident); ok {
						used[id.Name] = true
					}
				}
				return true
			})
		}
	}
	fmt.Fprintf(&b, "%s\n\npackage %s\n\nimport (\n", header, pf.Name.Name)
	for _, imp := range pf.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		name := ""
		if imp.Name != nil {
			name = imp.Name.Name
		} else if p != nil && p.Imports[path] != nil {
			name = p.Imports[path].Name
		}
		if used[name] {
			fmt.Fprintf(&b, "\t%s %q\n", name, path)
		}
	}
	fmt.Fprintf(&b, "\tasyncgen_rt %q\n)\n\n", rtPath)
	for _, fd := range fns {
		recvName, tparams, targs := "", "", ""
		if fd.Recv != nil && len(fd.Recv.List) == 1 {
			recvName, targs = recvTypeName(fd.Recv.List[0].Type)
		} else if fd.Type.TypeParams != nil {
			tparams = "[" + strings.TrimSuffix(strings.TrimPrefix(fieldList(pr, fd.Type.TypeParams), "("), ")") + "]"
			var ns []string
			for _, f := range fd.Type.TypeParams.List {
				for _, n := range f.Names {
					ns = append(ns, n.Name)
				}
			}
			targs = "[" + strings.Join(ns, ", ") + "]"
		}
		var rnames, rtypes []string
		if fd.Type.Results != nil {
			for _, f := range fd.Type.Results.List {
				if len(f.Names) == 0 {
					rnames = append(rnames, "")
					rtypes = append(rtypes, pr(f.Type))
				}
				for _, n := range f.Names {
					rnames = append(rnames, n.Name)
					rtypes = append(rtypes, pr(f.Type))
				}
			}
		}
		sh := newShape(len(rtypes), len(rtypes) > 0 && rtypes[len(rtypes)-1] == "error")
		task := "struct{}"
		switch {
		case sh.long:
			rn := results[asyncKey(fd)]
			if rn == "" {
				rn = resultName(recvName, fd.Name.Name)
			}
			if recvName != "" && tparams == "" && targs != "" {
				// a method of a generic type: the struct takes the receiver's type parameters
				tparams = anyParams(targs)
			}
			task = rn + targs
			fmt.Fprintf(&b, "type %s%s struct {\n", rn, tparams)
			for i, n := range resultFieldNames(rnames[:sh.nonError]) {
				fmt.Fprintf(&b, "\t%s %s\n", n, rtypes[i])
			}
			b.WriteString("}\n\n")
		case sh.nonError == 1:
			task = rtypes[0]
		}
		recv := ""
		if fd.Recv != nil {
			recv = fieldList(pr, fd.Recv) + " "
			tparams = ""
		}
		params := fieldList(pr, fd.Type.Params)
		if lit, kv := genLit(fd); lit != nil {
			// An async generator: FAsync returns its rt.Gen.
			k, v := "struct{}", "struct{}"
			if len(kv) > 0 {
				k = pr(kv[0])
			}
			if len(kv) > 1 {
				v = pr(kv[1])
			}
			fmt.Fprintf(&b, "func %s%sAsync%s%s *asyncgen_rt.Gen[%s, %s] { return nil }\n\n", recv, fd.Name.Name, tparams, params, k, v)
			continue
		}
		fmt.Fprintf(&b, "func %s%sAsync%s%s *asyncgen_rt.Task[%s] { return nil }\n\n", recv, fd.Name.Name, tparams, params, task)
	}
	return b.Bytes()
}

// fieldList prints a parameter list in parentheses.
func fieldList(pr func(ast.Node) string, fl *ast.FieldList) string {
	var parts []string
	for _, f := range fl.List {
		var ns []string
		for _, n := range f.Names {
			ns = append(ns, n.Name)
		}
		t := pr(f.Type)
		if len(ns) > 0 {
			t = strings.Join(ns, ", ") + " " + t
		}
		parts = append(parts, t)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// anyParams turns "[A, B]" into "[A, B any]".
func anyParams(targs string) string {
	return strings.TrimSuffix(targs, "]") + " any]"
}

// recvTypeName returns the base type name of a receiver type expression and
// its type arguments as written ("[K, V]"), if any.
func recvTypeName(e ast.Expr) (string, string) {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
			continue
		case *ast.ParenExpr:
			e = t.X
			continue
		case *ast.IndexExpr:
			n, _ := recvTypeName(t.X)
			if id, ok := t.Index.(*ast.Ident); ok {
				return n, "[" + id.Name + "]"
			}
			return n, ""
		case *ast.IndexListExpr:
			n, _ := recvTypeName(t.X)
			var ns []string
			for _, x := range t.Indices {
				if id, ok := x.(*ast.Ident); ok {
					ns = append(ns, id.Name)
				}
			}
			return n, "[" + strings.Join(ns, ", ") + "]"
		case *ast.Ident:
			return t.Name, ""
		}
		return "", ""
	}
}
