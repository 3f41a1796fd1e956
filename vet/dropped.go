package vet

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Dropped reports tasks and ops that are made and then lost.
var Dropped = &analysis.Analyzer{
	Name:     "dropped",
	Doc:      "report tasks and ops that are never awaited, spawned or stored\n\nFAsync(...) makes a task and rt.Sleep(d), conn.Read(b) and the like make ops; none of them starts until it is awaited, spawned (Loop.Spawn), added to an rt.Group or passed on. A result discarded, assigned to _, or kept in a variable that is only inspected never runs.",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/vet#Dropped",
	Run:      runDropped,
	Requires: []*analysis.Analyzer{markers},
}

// inspecting are the methods of Task that look at a task without
// starting it or handing it on.
var inspecting = map[string]bool{"Done": true, "Result": true, "Err": true, "ID": true, "Cancel": true, "String": true}

// taskOrOp returns "task" for *rt.Task[T], "op" for rt.Op[T], else "".
func taskOrOp(t types.Type) string {
	if t == nil {
		return ""
	}
	kind := ""
	if p, ok := t.(*types.Pointer); ok {
		t, kind = p.Elem(), "task"
	} else {
		kind = "op"
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != rtPath {
		return ""
	}
	switch {
	case kind == "task" && n.Obj().Name() == "Task":
		return "task"
	case kind == "op" && n.Obj().Name() == "Op":
		return "op"
	}
	return ""
}

func runDropped(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[markers].(*marks)
	inAsync := func(n ast.Node) bool {
		for _, fd := range m.decls {
			if fd.Body.Pos() <= n.Pos() && n.End() <= fd.Body.End() {
				return true
			}
		}
		return false
	}
	info := pass.TypesInfo
	// what names a call for a message: "fetchAsync(...)".
	what := func(call *ast.CallExpr) string {
		return types.ExprString(call.Fun) + "(...)"
	}
	advice := func(kind string) string {
		if kind == "task" {
			return "await it (rt.Await), spawn it (Loop.Spawn) or add it to an rt.Group"
		}
		return "await it (rt.Await) or pass it to a combinator"
	}
	awaitFix := func(call *ast.CallExpr, start ast.Node) []analysis.SuggestedFix {
		if !inAsync(call) {
			return nil
		}
		rt, imp := rtQualifier(pass, call)
		edits := []analysis.TextEdit{
			{Pos: start.Pos(), End: call.Pos(), NewText: []byte(rt + ".Await(")},
			{Pos: call.End(), End: call.End(), NewText: []byte(")")},
		}
		return []analysis.SuggestedFix{{Message: "await it", TextEdits: append(edits, imp...)}}
	}
	for _, f := range userFiles(pass) {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ExprStmt:
				call, ok := ast.Unparen(n.X).(*ast.CallExpr)
				if !ok {
					break
				}
				if kind := taskOrOp(info.TypeOf(call)); kind != "" && !isSpawn(info, call) {
					pass.Report(analysis.Diagnostic{
						Pos: call.Pos(), End: call.End(),
						Message:        fmt.Sprintf("the %s made by %s is dropped and never runs: %s", kind, what(call), advice(kind)),
						SuggestedFixes: awaitFix(call, call),
					})
				}
			case *ast.GoStmt, *ast.DeferStmt:
				var call *ast.CallExpr
				if g, ok := n.(*ast.GoStmt); ok {
					call = g.Call
				} else {
					call = n.(*ast.DeferStmt).Call
				}
				if kind := taskOrOp(info.TypeOf(call)); kind != "" {
					pass.Reportf(call.Pos(), "the %s made by %s is dropped and never runs: %s", kind, what(call), advice(kind))
				}
			case *ast.AssignStmt:
				if len(n.Lhs) != len(n.Rhs) {
					break
				}
				for i, r := range n.Rhs {
					call, ok := ast.Unparen(r).(*ast.CallExpr)
					if !ok {
						continue
					}
					kind := taskOrOp(info.TypeOf(call))
					if kind == "" || isSpawn(info, call) {
						continue
					}
					id, ok := n.Lhs[i].(*ast.Ident)
					if !ok {
						continue
					}
					if id.Name == "_" {
						var fix []analysis.SuggestedFix
						if len(n.Lhs) == 1 {
							fix = awaitFix(call, n)
						}
						pass.Report(analysis.Diagnostic{
							Pos: call.Pos(), End: call.End(),
							Message:        fmt.Sprintf("the %s made by %s is assigned to _ and never runs: %s", kind, what(call), advice(kind)),
							SuggestedFixes: fix,
						})
						continue
					}
					if v, ok := info.Defs[id].(*types.Var); ok && n.Tok.String() == ":=" && makesNew(info, call) && onlyInspected(pass, f, v) {
						pass.Reportf(id.Pos(), "the %s %s made by %s is never awaited, spawned or stored, so it never runs: %s", kind, id.Name, what(call), advice(kind))
					}
				}
			}
			return true
		})
	}
	return nil, nil
}

// makesNew reports whether call surely makes a task or op that has not
// started: a task constructor (an XAsync function or method, or rt's own
// functions) or an op of rt's. A helper of the user's that returns a task
// may return one it has spawned, which is then rightly only inspected.
func makesNew(info *types.Info, call *ast.CallExpr) bool {
	var id *ast.Ident
	switch fn := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fn
	case *ast.SelectorExpr:
		id = fn.Sel
	case *ast.IndexExpr: // an instantiated generic: f[T](...)
		if x, ok := fn.X.(*ast.Ident); ok {
			id = x
		} else if x, ok := fn.X.(*ast.SelectorExpr); ok {
			id = x.Sel
		}
	}
	if id == nil {
		return false
	}
	obj, ok := info.Uses[id].(*types.Func)
	if !ok {
		return false
	}
	if obj.Pkg() != nil && obj.Pkg().Path() == rtPath {
		return true
	}
	return strings.HasSuffix(obj.Name(), "Async")
}

// onlyInspected reports whether every use of v in f looks at it without
// starting it or handing it on (t.Done(), t.Cancel(), ...).
func onlyInspected(pass *analysis.Pass, f *ast.File, v *types.Var) bool {
	uses := 0
	handed := false
	ast.Inspect(f, func(n ast.Node) bool {
		if handed {
			return false
		}
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if id, ok := n.X.(*ast.Ident); ok && pass.TypesInfo.Uses[id] == v {
				uses++
				if !inspecting[n.Sel.Name] {
					handed = true
				}
				return false
			}
		case *ast.Ident:
			if pass.TypesInfo.Uses[n] == v {
				uses++
				handed = true
			}
		}
		return true
	})
	return uses > 0 && !handed
}

// isSpawn reports whether call is rt.Spawn(t) (or the generated
// rt.SpawnBeside(&f.Frame, t)), which starts the task it
// returns: dropping it leaves the task running.
func isSpawn(info *types.Info, call *ast.CallExpr) bool {
	fun := ast.Unparen(call.Fun)
	if ix, ok := fun.(*ast.IndexExpr); ok {
		fun = ix.X
	}
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == rtPath && (fn.Name() == "Spawn" || fn.Name() == "SpawnBeside")
}
