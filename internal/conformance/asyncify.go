package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"sort"
)

// rtName is the name the rewritten program imports the runtime under: one
// that Go's test programs do not use, so that it hides nothing of theirs.
const rtName = "asyncgenrt"

// Asyncify rewrites the source of a Go program into an async one: func main
// becomes an //async func Main, every other function and method with a body
// is marked //async too (except init, functions and methods named _, which
// nothing can call, those named in plain, and those that can only be plain,
// listed below), and each marked function suspends at
// rt.Yield at its start, at the start of each loop body and switch or
// select case, and before each return. Function literals are left as they
// are. It returns the rewritten source, gofmt'd, and the names of the
// functions it marked (methods as Recv.Name).
//
// A function stays plain when it calls recover directly and so may be a
// deferred recovering function. A function that defers a call of such a
// function by name with arguments, or of a function variable with
// arguments (which may hold one), is made async: the call is pushed with
// its arguments (rt.DeferCall1 and the rest, or rt.DeferCallOf for other
// shapes) and recovers as in Go, unless its only argument is a call,
// which may be multi-valued: in a statement that the lowering copies as
// written, such a call runs in a wrapper that binds the results, and its
// recover gets nil in an async function (a documented limit), which
// would change the program's meaning rather than test the lowering, so
// that function stays plain.
func Asyncify(src []byte, plain map[string]bool) ([]byte, []string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "main.go", src, parser.ParseComments)
	if err != nil {
		return nil, nil, err
	}
	recovers := map[string]bool{}
	funcs := map[string]bool{} // the functions the file declares
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
			funcs[fd.Name.Name] = true
		}
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && callsRecover(fd.Body) {
			recovers[fd.Name.Name] = true
		}
	}
	var edits []edit
	at := func(p token.Pos, text string) {
		off := fset.Position(p).Offset
		edits = append(edits, edit{off: off, end: off, text: text})
	}
	var marked []string
	hasMain := false
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		name := funcName(fd)
		switch {
		case fd.Recv == nil && fd.Name.Name == "main":
			hasMain = true
			// The harness adds func main, which runs Main.
			edits = append(edits, edit{
				off:  fset.Position(fd.Name.Pos()).Offset,
				end:  fset.Position(fd.Name.End()).Offset,
				text: "Main",
			})
		case fd.Recv == nil && fd.Name.Name == "init", fd.Name.Name == "_",
			plain[name], recovers[fd.Name.Name], defersRecoverer(fd.Body, recovers, funcs):
			continue
		}
		if name == "main" {
			name = "Main"
		}
		marked = append(marked, name)
		at(fd.Pos(), "//async\n")
		suspendIn(fd.Body, at)
	}
	if !hasMain {
		return nil, nil, fmt.Errorf("no func main")
	}
	at(f.Name.End(), "\n\nimport "+rtName+` "github.com/asyncgen/asyncgen/rt"`+"\n")
	out, err := format.Source(apply(src, edits))
	if err != nil {
		return nil, nil, fmt.Errorf("rewritten program does not parse: %v", err)
	}
	return out, marked, nil
}

// funcName names a function declaration as Asyncify reports it: Name, or
// Recv.Name for a method (the receiver's type name without * or type
// arguments).
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	return typeName(fd.Recv.List[0].Type) + "." + fd.Name.Name
}

// typeName returns the name of a receiver's type.
func typeName(t ast.Expr) string {
	switch x := t.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.StarExpr:
		return typeName(x.X)
	case *ast.ParenExpr:
		return typeName(x.X)
	case *ast.IndexExpr:
		return typeName(x.X)
	case *ast.IndexListExpr:
		return typeName(x.X)
	}
	return "?"
}

// suspendIn adds the suspension points to body, outside function literals.
func suspendIn(body *ast.BlockStmt, at func(token.Pos, string)) {
	yield := rtName + ".Yield();"
	at(body.Lbrace+1, yield)
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt:
			at(n.Body.Lbrace+1, yield)
		case *ast.RangeStmt:
			at(n.Body.Lbrace+1, yield)
		case *ast.CaseClause:
			at(n.Colon+1, yield)
			beforeReturns(n.Body, at)
		case *ast.CommClause:
			at(n.Colon+1, yield)
			beforeReturns(n.Body, at)
		case *ast.BlockStmt:
			beforeReturns(n.List, at)
		}
		return true
	})
}

// beforeReturns adds a yield before each return statement of list. (A
// return elsewhere, as the statement of a label, keeps none: wrapping it in
// a block would move what vet reports as unreachable after it.)
func beforeReturns(list []ast.Stmt, at func(token.Pos, string)) {
	for _, s := range list {
		if r, ok := s.(*ast.ReturnStmt); ok {
			at(r.Pos(), rtName+".Yield();")
		}
	}
}

// callsRecover reports whether body calls recover outside function literals.
func callsRecover(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "recover" {
				found = true
			}
		}
		return !found
	})
	return found
}

// defersRecoverer reports whether body defers a call of a function or
// method named in recovers, or of a function value held in a variable
// (which may be one, or one made by reflect), that the lowering may bind
// in a wrapper: one whose only argument is a call, which may return the
// arguments (defer f(g())).
func defersRecoverer(body *ast.BlockStmt, recovers, funcs map[string]bool) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if d, ok := n.(*ast.DeferStmt); ok && len(d.Call.Args) == 1 {
			if _, ok := d.Call.Args[0].(*ast.CallExpr); !ok {
				return true
			}
			var recoverer bool
			switch fn := d.Call.Fun.(type) {
			case *ast.Ident:
				recoverer = recovers[fn.Name] || !funcs[fn.Name] && !builtins[fn.Name]
			case *ast.SelectorExpr:
				recoverer = recovers[fn.Sel.Name]
			}
			found = found || recoverer
		}
		return !found
	})
	return found
}

// builtins are the builtin functions a defer statement may call.
var builtins = map[string]bool{"close": true, "delete": true, "panic": true, "print": true, "println": true, "copy": true, "clear": true, "recover": true}

// An edit replaces src[off:end] with text; off == end inserts it.
type edit struct {
	off, end int
	text     string
}

// apply applies edits to src. Insertions at one offset keep the order they
// were made in.
func apply(src []byte, edits []edit) []byte {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].off < edits[j].off })
	var b bytes.Buffer
	last := 0
	for _, e := range edits {
		b.Write(src[last:e.off])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(src[last:])
	return b.Bytes()
}
