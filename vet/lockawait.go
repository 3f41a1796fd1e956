package vet

import (
	"fmt"
	"go/ast"
	"go/types"
	"maps"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// LockAwait reports an await inside an async function while a mutex that
// the function locked is held.
var LockAwait = &analysis.Analyzer{
	Name:     "lockawait",
	Doc:      "report awaits in //async functions while a sync.Mutex or sync.RWMutex is held\n\nWhile a task is suspended, other tasks run on the loop; one that takes the same lock blocks the loop for good, and any goroutine that needs it waits for as long as the await lasts. Unlock before the await and lock again after it.",
	URL:      "https://pkg.go.dev/github.com/asyncgen/asyncgen/vet#LockAwait",
	Run:      runLockAwait,
	Requires: []*analysis.Analyzer{markers},
}

// lockState maps each held lock, by the text of its mutex expression, to
// the line it was locked at.
type lockState map[string]int

type lockChecker struct {
	pass  *analysis.Pass
	marks *marks
	fn    string
}

func runLockAwait(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[markers].(*marks)
	for _, fd := range m.decls {
		c := &lockChecker{pass: pass, marks: m, fn: fd.Name.Name}
		c.stmts(fd.Body.List, lockState{})
	}
	return nil, nil
}

// lockCall says whether call locks (+1) or unlocks (-1) a sync.Mutex or
// sync.RWMutex, and which.
func (c *lockChecker) lockCall(e ast.Expr) (string, int) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return "", 0
	}
	fn := callee(c.pass.TypesInfo, call)
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if fn == nil || !ok {
		return "", 0
	}
	switch funcKey(fn) {
	case "sync.Mutex.Lock", "sync.RWMutex.Lock", "sync.RWMutex.RLock":
		return types.ExprString(sel.X), +1
	case "sync.Mutex.Unlock", "sync.RWMutex.Unlock", "sync.RWMutex.RUnlock":
		return types.ExprString(sel.X), -1
	}
	return "", 0
}

// stmts walks a statement list in order, with the locks held on entry.
// Locks taken in a nested block are forgotten after it; a deferred
// unlock keeps the lock held to the end of the function.
func (c *lockChecker) stmts(list []ast.Stmt, held lockState) {
	for _, s := range list {
		c.stmt(s, held)
	}
}

func (c *lockChecker) stmt(s ast.Stmt, held lockState) {
	inner := func(list []ast.Stmt) { c.stmts(list, maps.Clone(held)) }
	switch s := s.(type) {
	case *ast.ExprStmt:
		if mu, d := c.lockCall(s.X); d > 0 {
			held[mu] = c.pass.Fset.Position(s.Pos()).Line
			return
		} else if d < 0 {
			delete(held, mu)
			return
		}
		c.awaits(s, held)
	case *ast.BlockStmt:
		inner(s.List)
	case *ast.LabeledStmt:
		c.stmt(s.Stmt, held)
	case *ast.IfStmt:
		c.awaits(s.Init, held)
		c.awaits(s.Cond, held)
		inner(s.Body.List)
		if s.Else != nil {
			c.stmt(s.Else, maps.Clone(held))
		}
	case *ast.ForStmt:
		c.awaits(s.Init, held)
		c.awaits(s.Cond, held)
		c.awaits(s.Post, held)
		inner(s.Body.List)
	case *ast.RangeStmt:
		c.awaits(s.X, held)
		inner(s.Body.List)
	case *ast.SwitchStmt:
		c.awaits(s.Init, held)
		c.awaits(s.Tag, held)
		for _, cl := range s.Body.List {
			cc := cl.(*ast.CaseClause)
			for _, e := range cc.List {
				c.awaits(e, held)
			}
			inner(cc.Body)
		}
	case *ast.TypeSwitchStmt:
		c.awaits(s.Init, held)
		c.awaits(s.Assign, held)
		for _, cl := range s.Body.List {
			inner(cl.(*ast.CaseClause).Body)
		}
	case *ast.SelectStmt:
		for _, cl := range s.Body.List {
			cc := cl.(*ast.CommClause)
			c.awaits(cc.Comm, held)
			inner(cc.Body)
		}
	case *ast.DeferStmt:
		// defer mu.Unlock() releases at the end: the lock stays held.
		if _, d := c.lockCall(s.Call); d != 0 {
			return
		}
		c.awaits(s, held)
	default:
		c.awaits(s, held)
	}
}

// awaits reports each await in n (outside function literals) while
// locks are held.
func (c *lockChecker) awaits(n ast.Node, held lockState) {
	if n == nil || len(held) == 0 {
		return
	}
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if isAwait(c.pass.TypesInfo, c.marks, x) {
				var names []string
				for _, mu := range slices.Sorted(maps.Keys(held)) {
					names = append(names, fmt.Sprintf("%s (locked at line %d)", mu, held[mu]))
				}
				what := types.ExprString(x.Fun)
				if fn := callee(c.pass.TypesInfo, x); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == rtPath {
					what = "rt." + fn.Name()
				} else {
					what = "call of async " + what
				}
				c.pass.Reportf(x.Pos(), "%s in async function %s suspends while %s is held: other tasks run meanwhile, and one that locks it blocks the loop; unlock before the await and lock again after it", what, c.fn, strings.Join(names, " and "))
			}
		}
		return true
	})
}
