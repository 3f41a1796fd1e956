package vet

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Blocking reports calls that block the loop inside async functions,
// directly or through the ordinary functions they call.
var Blocking = &analysis.Analyzer{
	Name:      "blocking",
	Doc:       "report blocking calls in //async functions\n\nA call that blocks the goroutine (time.Sleep, a mutex lock, WaitGroup.Wait, a channel operation, blocking I/O) stops every task of the loop, not just the one that makes it. The check follows ordinary functions called from an async function, across packages. The -funcs flag adds functions to the list.",
	URL:       "https://pkg.go.dev/github.com/asyncgen/asyncgen/vet#Blocking",
	Run:       runBlocking,
	Requires:  []*analysis.Analyzer{markers},
	FactTypes: []analysis.Fact{new(blocksFact)},
}

// extraFuncs is the -funcs flag of Blocking.
var extraFuncs funcList

func init() {
	Blocking.Flags.Var(&extraFuncs, "funcs", "comma-separated `list` of more blocking functions, as path.F or path.T.M (example.com/db.Query,example.com/db.Conn.Exec)")
}

// funcList is a flag value: a comma-separated list of function keys.
type funcList map[string]bool

func (l *funcList) String() string {
	var ks []string
	for k := range *l {
		ks = append(ks, k)
	}
	return strings.Join(ks, ",")
}

func (l *funcList) Set(s string) error {
	*l = funcList{}
	for k := range strings.SplitSeq(s, ",") {
		if k = strings.TrimSpace(k); k != "" {
			if !strings.Contains(k, ".") {
				return fmt.Errorf("%q is not path.F or path.T.M", k)
			}
			(*l)[k] = true
		}
	}
	return nil
}

// Hints: what to do instead of each kind of blocking call.
const (
	hintSleep    = "await rt.Sleep(d) instead"
	hintLock     = "a lock shared with other goroutines can stop the loop; keep the state on the loop (tasks need no lock), or hand work to the loop with Loop.Submit"
	hintWG       = "spawn the tasks in an rt.Group and await g.Wait()"
	hintCond     = "await an rt.Future that the other side completes (through Loop.Submit)"
	hintChan     = "await an rt.Future completed through Loop.Submit, or move the channel operation into rt.Blocking"
	hintWaitOp   = "await it instead: rt.Await(x)"
	hintBlocking = "move it into rt.Blocking(func() (T, error) { ... }) and await that"
	hintNet      = "use the loop's sockets (rt.Dial, rt.Listen, rt.ListenPacket), or move it into rt.Blocking"
	hintAsync    = "make the calling function async, so that the call is an await"
)

// blockingFuncs maps each blocking function, by funcKey, to its hint.
var blockingFuncs = map[string]string{
	"time.Sleep":            hintSleep,
	"sync.Mutex.Lock":       hintLock,
	"sync.RWMutex.Lock":     hintLock,
	"sync.RWMutex.RLock":    hintLock,
	"sync.WaitGroup.Wait":   hintWG,
	"sync.Cond.Wait":        hintCond,
	rtPath + ".Future.Wait": hintWaitOp,
	rtPath + ".Task.Wait":   hintWaitOp,

	"os.ReadFile":     hintBlocking,
	"os.WriteFile":    hintBlocking,
	"os.ReadDir":      hintBlocking,
	"os.File.Read":    hintBlocking,
	"os.File.ReadAt":  hintBlocking,
	"os.File.ReadDir": hintBlocking,
	"os.File.Sync":    hintBlocking,
	"os.Process.Wait": hintBlocking,

	"net.Dial":                hintNet,
	"net.DialTimeout":         hintNet,
	"net.Listen":              hintNet,
	"net.ListenPacket":        hintNet,
	"net.Dialer.Dial":         hintNet,
	"net.Dialer.DialContext":  hintNet,
	"net.LookupHost":          hintBlocking,
	"net.LookupIP":            hintBlocking,
	"net.LookupAddr":          hintBlocking,
	"net.Resolver.LookupHost": hintBlocking,
	"net.TCPConn.Read":        hintNet,
	"net.TCPConn.Write":       hintNet,
	"net.TCPListener.Accept":  hintNet,
	"net.UDPConn.ReadFrom":    hintNet,
	"net.UDPConn.WriteTo":     hintNet,

	"net/http.Get":                   hintBlocking,
	"net/http.Head":                  hintBlocking,
	"net/http.Post":                  hintBlocking,
	"net/http.PostForm":              hintBlocking,
	"net/http.Client.Do":             hintBlocking,
	"net/http.Client.Get":            hintBlocking,
	"net/http.Client.Head":           hintBlocking,
	"net/http.Client.Post":           hintBlocking,
	"net/http.Client.PostForm":       hintBlocking,
	"net/http.ListenAndServe":        hintBlocking,
	"net/http.ListenAndServeTLS":     hintBlocking,
	"net/http.Serve":                 hintBlocking,
	"net/http.Server.ListenAndServe": hintBlocking,
	"net/http.Server.Serve":          hintBlocking,

	"os/exec.Cmd.Run":            hintBlocking,
	"os/exec.Cmd.Output":         hintBlocking,
	"os/exec.Cmd.CombinedOutput": hintBlocking,
	"os/exec.Cmd.Wait":           hintBlocking,
}

// A blocksFact marks an ordinary function that blocks: Path is what it
// calls, down to the blocking operation, which is at Site.
type blocksFact struct {
	Path []string
	Site string
	Hint string
}

func (*blocksFact) AFact() {}
func (f *blocksFact) String() string {
	return "blocks via " + strings.Join(f.Path, " → ")
}

// A site is one place where a function blocks.
type site struct {
	node   ast.Node
	what   string      // "time.Sleep", "channel receive", "call of helper"
	hint   string      // what to do instead
	via    *blocksFact // for a call of a function that blocks
	name   string      // of that function
	callee *types.Func // while solving: a function of the package
	fix    func() []analysis.SuggestedFix
}

// blocker finds the blocking sites of the functions of one package.
type blocker struct {
	pass  *analysis.Pass
	marks *marks
	decls map[*types.Func]*ast.FuncDecl // the package's ordinary functions
	memo  map[*types.Func]*blocksFact   // nil: does not block
	// collecting is set while solve walks the ordinary functions: a call
	// of one of the package's own is then a candidate, not yet known.
	collecting bool
}

func runBlocking(pass *analysis.Pass) (any, error) {
	b := &blocker{
		pass:  pass,
		marks: pass.ResultOf[markers].(*marks),
		decls: map[*types.Func]*ast.FuncDecl{},
		memo:  map[*types.Func]*blocksFact{},
	}
	for _, f := range userFiles(pass) {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || b.marks.isAsync(pass.TypesInfo.Defs[fd.Name].(*types.Func)) {
				continue
			}
			if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				b.decls[fn] = fd
			}
		}
	}
	// Facts for the functions that block, so that packages that import
	// this one see through them. The standard library is described by
	// blockingFuncs alone: following its internals (a log.Logger's mutex)
	// would report what is harmless in practice. So is asyncgen's runtime,
	// whose locks guard what other goroutines share with the loop and are
	// never held across a wait; its blocking calls (Future.Wait,
	// Task.Wait) are in blockingFuncs.
	b.solve()
	if !isStd(pass.Pkg.Path()) && !strings.HasPrefix(pass.Pkg.Path(), rtPath) {
		for fn, f := range b.memo {
			if f != nil {
				pass.ExportObjectFact(fn, f)
			}
		}
	}
	for _, fd := range b.marks.decls {
		name := fd.Name.Name
		b.sites(fd.Body, true, func(s site) {
			d := analysis.Diagnostic{Pos: s.node.Pos(), End: s.node.End()}
			if s.via != nil {
				d.Message = fmt.Sprintf("%s in async function %s blocks the loop: %s (%s); %s", s.what, name, strings.Join(append([]string{s.name}, s.via.Path...), " → "), s.via.Site, s.via.Hint)
			} else {
				d.Message = fmt.Sprintf("%s in async function %s blocks the loop: %s", s.what, name, s.hint)
			}
			if s.fix != nil {
				d.SuggestedFixes = s.fix()
			}
			pass.Report(d)
		})
	}
	return nil, nil
}

// isStd reports whether path is a standard library package's.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// solve computes how each of the package's ordinary functions blocks,
// into memo: each body is walked once, for its blocking sites and its
// calls of the package's other ordinary functions in source order, and
// then a function blocks through the first of those that blocks, until
// nothing changes (recursion needs the repetition).
func (b *blocker) solve() {
	type step struct {
		s      site
		callee *types.Func // a function of the package, or nil for a site
	}
	steps := map[*types.Func][]step{}
	var fns []*types.Func
	b.collecting = true
	for fn, fd := range b.decls {
		fns = append(fns, fn)
		b.sites(fd.Body, false, func(s site) {
			steps[fn] = append(steps[fn], step{s, s.callee})
		})
	}
	b.collecting = false
	slices.SortFunc(fns, func(x, y *types.Func) int { return cmp.Compare(x.Pos(), y.Pos()) })
	for changed := true; changed; {
		changed = false
		for _, fn := range fns {
			if b.memo[fn] != nil {
				continue
			}
			for _, st := range steps[fn] {
				var f *blocksFact
				switch {
				case st.callee != nil:
					if g := b.memo[st.callee]; g != nil {
						f = &blocksFact{Path: append([]string{st.s.name}, g.Path...), Site: g.Site, Hint: g.Hint}
					}
				case st.s.via != nil:
					f = &blocksFact{Path: append([]string{st.s.name}, st.s.via.Path...), Site: st.s.via.Site, Hint: st.s.via.Hint}
				default:
					p := b.pass.Fset.Position(st.s.node.Pos())
					f = &blocksFact{Path: []string{st.s.what}, Site: fmt.Sprintf("%s:%d:%d", filepath.Base(p.Filename), p.Line, p.Column), Hint: st.s.hint}
				}
				if f != nil {
					b.memo[fn] = f
					changed = true
					break
				}
			}
		}
	}
}

// sites calls report for each place in body that blocks the goroutine
// running it. In an async function (async), an await is not one; in an
// ordinary function, rt.Await and calls of async functions (blocking mode)
// are. Function literals count only where they run: called at once or
// deferred; the bodies of go statements and of literals passed to
// rt.Blocking do not.
func (b *blocker) sites(body *ast.BlockStmt, async bool, report func(site)) {
	info := b.pass.TypesInfo
	var visit func(n ast.Node, parent ast.Node) bool
	walk := func(n ast.Node) {
		ast.Inspect(n, func(c ast.Node) bool { return c != nil && visit(c, nil) })
	}
	var stmtOf = map[ast.Node]bool{}
	visit = func(n ast.Node, _ ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			return false
		case *ast.FuncLit:
			return false // runs when called: see CallExpr
		case *ast.ExprStmt:
			stmtOf[n.X] = true
		case *ast.SelectStmt:
			hasDefault := false
			for _, c := range n.Body.List {
				if c.(*ast.CommClause).Comm == nil {
					hasDefault = true
				}
			}
			if !hasDefault {
				report(site{node: n, what: "select without default", hint: hintChan})
			}
			for _, c := range n.Body.List {
				cc := c.(*ast.CommClause)
				// The operations of the clauses are the select's: only
				// what they evaluate (a call in a channel or value
				// expression) is looked at.
				switch s := cc.Comm.(type) {
				case *ast.SendStmt:
					walkExpr(s.Chan, visit)
					walkExpr(s.Value, visit)
				case *ast.ExprStmt:
					walkExpr(unrecv(s.X), visit)
				case *ast.AssignStmt:
					walkExpr(unrecv(s.Rhs[0]), visit)
				}
				for _, st := range cc.Body {
					walk(st)
				}
			}
			return false
		case *ast.SendStmt:
			report(site{node: n, what: "channel send", hint: hintChan})
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				report(site{node: n, what: "channel receive", hint: hintChan})
			}
		case *ast.RangeStmt:
			if t, ok := info.TypeOf(n.X).Underlying().(*types.Chan); ok && t != nil {
				report(site{node: n.X, what: "range over a channel", hint: hintChan})
			}
		case *ast.CallExpr:
			if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok {
				walk(lit.Body) // called at once
			}
			fn := callee(info, n)
			if fn == nil {
				return true
			}
			if isRT(fn, "Blocking") {
				for _, a := range n.Args {
					if _, ok := ast.Unparen(a).(*ast.FuncLit); !ok {
						walkExpr(a, visit)
					}
				}
				return false
			}
			if s, ok := b.callSite(n, fn, async, stmtOf[n]); ok {
				report(s)
			}
		}
		return true
	}
	walk(body)
}

// walkExpr visits e and what it contains.
func walkExpr(e ast.Expr, visit func(n, parent ast.Node) bool) {
	if e == nil {
		return
	}
	ast.Inspect(e, func(c ast.Node) bool { return c != nil && visit(c, nil) })
}

// unrecv strips the receive operator of a select case's operation.
func unrecv(e ast.Expr) ast.Expr {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u.X
	}
	return nil
}

// callSite says whether the call of fn blocks.
func (b *blocker) callSite(call *ast.CallExpr, fn *types.Func, async, isStmt bool) (site, bool) {
	key := funcKey(fn)
	if hint, ok := blockingFuncs[key]; ok || extraFuncs[key] {
		if !ok {
			hint = hintBlocking
		}
		s := site{node: call, what: shortName(fn), hint: hint}
		switch {
		case !async:
		case key == "time.Sleep" && isStmt:
			s.fix = func() []analysis.SuggestedFix { return b.sleepFix(call) }
		case hint == hintWaitOp:
			s.fix = func() []analysis.SuggestedFix { return b.waitFix(call) }
		}
		return s, true
	}
	if b.marks.isAsync(fn) || isRT(fn, "Await") {
		if async {
			return site{}, false // an await
		}
		return site{node: call, what: shortName(fn), hint: hintAsync}, true
	}
	var f *blocksFact
	if fn.Pkg() == b.pass.Pkg {
		if b.decls[fn] == nil {
			return site{}, false
		}
		if b.collecting {
			return site{node: call, what: "call of " + shortName(fn), name: shortName(fn), callee: fn}, true
		}
		f = b.memo[fn]
	} else {
		g := new(blocksFact)
		if b.pass.ImportObjectFact(fn, g) {
			f = g
		}
	}
	if f == nil {
		return site{}, false
	}
	return site{node: call, what: "call of " + shortName(fn), name: shortName(fn), via: f}, true
}

// sleepFix rewrites time.Sleep(d) as rt.Await(rt.Sleep(d)).
func (b *blocker) sleepFix(call *ast.CallExpr) []analysis.SuggestedFix {
	if len(call.Args) != 1 {
		return nil
	}
	rt, imp := rtQualifier(b.pass, call)
	edits := []analysis.TextEdit{
		{Pos: call.Pos(), End: call.Args[0].Pos(), NewText: []byte(rt + ".Await(" + rt + ".Sleep(")},
		{Pos: call.Rparen, End: call.Rparen, NewText: []byte(")")},
	}
	return []analysis.SuggestedFix{{Message: "await rt.Sleep instead", TextEdits: append(edits, imp...)}}
}

// waitFix rewrites x.Wait() as rt.Await(x).
func (b *blocker) waitFix(call *ast.CallExpr) []analysis.SuggestedFix {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	rt, imp := rtQualifier(b.pass, call)
	edits := []analysis.TextEdit{
		{Pos: call.Pos(), End: sel.X.Pos(), NewText: []byte(rt + ".Await(")},
		{Pos: sel.X.End(), End: call.End(), NewText: []byte(")")},
	}
	return []analysis.SuggestedFix{{Message: "await it with rt.Await", TextEdits: append(edits, imp...)}}
}
