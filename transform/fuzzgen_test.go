package transform_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The random program generator of FuzzPrograms: from a seed it writes a
// package main of well-typed async functions that exercise the lowering
// where it is hardest to get right, and print what they do, so that a run
// in blocking mode and a run of the generated code can be compared line by
// line. Every construct is bounded: loops count to small constants, a
// backward goto counts down, and a function calls only functions after it
// (outside loops), so every program ends, quickly.
//
// What a program uses: nested for loops (three-clause, range over an int,
// over a slice), labelled break and continue, if/else chains, expression
// and tagless switches with fallthrough, forward and backward goto,
// defer of plain calls and of function literals that read and write the
// named result, panics (recovered by a deferred literal or by the
// program's runner), returns from inside loops, and awaits everywhere an
// expression can be: in operands, in conditions (on either side of && and
// ||), in loop bounds, in switch tags and cases, in deferred calls'
// arguments, as direct calls of the other async functions and through
// rt.Await of their tasks, with rt.Yield between statements.

// genOptions says which constructs the generator may use.
type genOptions struct {
	asyncDefer bool // defer of async calls and of rt.Await
}

// gen writes one package of programs.
type gen struct {
	r    *rand.Rand
	opts genOptions
	out  strings.Builder
	ind  int

	prog   int // the program being written
	fn     int // the function being written
	nfn    int // the program's number of functions
	named  bool
	scopes [][]genVar
	loops  []string // labels of the enclosing loops ("" for none)
	nid    int      // names handed out in the function
	calls  int      // call sites of later functions left in this function
	budget int      // statements left in this function
	inLoop int
	inSw   int
}

type genVar struct {
	name     string
	readOnly bool // a loop variable or a goto counter
}

// genPackage returns the source of a package main with n programs drawn
// from seed: programs p0 ... p(n-1), each a runner pNrun and functions
// pNf0 ... , and Main, which runs them in order.
func genPackage(seed uint64, n int, opts genOptions) string {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), opts: opts}
	g.line("// Code from FuzzPrograms, seed %d.", seed)
	g.line("package main")
	g.line("")
	g.line(`import (`)
	g.line(`	"fmt"`)
	g.line("")
	g.line(`	"github.com/asyncgen/asyncgen/rt"`)
	g.line(`)`)
	g.line("")
	g.out.WriteString(helpers)
	g.out.WriteString("\n")
	for p := range n {
		g.program(p)
	}
	g.line("// async")
	g.line("func Main() {")
	for p := range n {
		g.line("	p%drun()", p)
	}
	g.line("}")
	return g.out.String()
}

// helpers are the async functions and plain ones that the programs await
// and call.
const helpers = `// async
func aid(v int) int {
	rt.Yield()
	return v
}

// async
func abool(b bool) bool {
	rt.Yield()
	return b
}

// async
func aprint(tag string, v int) {
	rt.Yield()
	fmt.Println(tag, v)
}

// async
func apanic(tag string, v int) {
	rt.Yield()
	if v%3 == 0 {
		panic(fmt.Sprint(tag, " ", v))
	}
	fmt.Println(tag, v)
}

func pid(v int) int { return v }

var _ = rt.Yield
`

func (g *gen) line(format string, args ...any) {
	g.out.WriteString(strings.Repeat("\t", g.ind))
	fmt.Fprintf(&g.out, format, args...)
	g.out.WriteByte('\n')
}

func (g *gen) n(k int) int { return g.r.IntN(k) }

func (g *gen) chance(pct int) bool { return g.r.IntN(100) < pct }

func (g *gen) program(p int) {
	g.prog = p
	g.nfn = 1 + g.n(4)
	for k := g.nfn - 1; k >= 0; k-- {
		g.function(k)
	}
	g.line("// async")
	g.line("func p%drun() {", p)
	g.line("	defer func() {")
	g.line("		if x := recover(); x != nil {")
	g.line(`			fmt.Println("p%d panic:", x)`, p)
	g.line("		}")
	g.line("	}()")
	g.line(`	fmt.Println("p%d result", p%df0(%d))`, p, p, g.n(7))
	g.line("}")
	g.line("")
}

func (g *gen) tag(what string) string {
	return fmt.Sprintf("%q", fmt.Sprintf("p%df%d %s", g.prog, g.fn, what))
}

func (g *gen) fresh(prefix string) string {
	g.nid++
	return fmt.Sprintf("%s%d", prefix, g.nid)
}

func (g *gen) function(k int) {
	g.fn, g.nid, g.budget = k, 0, 8+g.n(14)
	g.calls = 2
	if k == g.nfn-1 {
		g.calls = 0
	}
	g.named = g.chance(60)
	g.scopes = [][]genVar{{{name: "a"}}}
	g.loops, g.inLoop, g.inSw = nil, 0, 0
	g.line("// async")
	if g.named {
		g.line("func p%df%d(a int) (r int) {", g.prog, k)
		g.scopes[0] = append(g.scopes[0], genVar{name: "r"})
	} else {
		g.line("func p%df%d(a int) int {", g.prog, k)
	}
	g.ind++
	g.line("fmt.Println(%s, a)", g.tag("start"))
	if g.chance(40) {
		g.recoverDefer()
	}
	for g.budget > 0 {
		g.stmt(0, false)
	}
	g.line("return %s", g.expr(2))
	g.ind--
	g.line("}")
	g.line("")
}

// recoverDefer defers a literal that recovers a panic and, in a function
// with a named result, sets it.
func (g *gen) recoverDefer() {
	g.line("defer func() {")
	g.ind++
	g.line("if x := recover(); x != nil {")
	g.line("	fmt.Println(%s, x)", g.tag("recovered"))
	if g.named {
		g.line("	r = %d", 100+g.n(100))
	}
	g.line("}")
	g.ind--
	g.line("}()")
}

func (g *gen) push()            { g.scopes = append(g.scopes, nil) }
func (g *gen) pop()             { g.scopes = g.scopes[:len(g.scopes)-1] }
func (g *gen) declare(v genVar) { g.scopes[len(g.scopes)-1] = append(g.scopes[len(g.scopes)-1], v) }

func (g *gen) vars(writable bool) []string {
	var vs []string
	for _, s := range g.scopes {
		for _, v := range s {
			if !writable || !v.readOnly {
				vs = append(vs, v.name)
			}
		}
	}
	return vs
}

func (g *gen) anyVar(writable bool) string {
	vs := g.vars(writable)
	return vs[g.n(len(vs))]
}

// expr returns an int expression of at most depth levels.
func (g *gen) expr(depth int) string {
	if depth <= 0 {
		if g.chance(50) {
			return fmt.Sprint(g.n(10))
		}
		return g.anyVar(false)
	}
	switch g.n(10) {
	case 0, 1:
		return g.anyVar(false)
	case 2:
		return fmt.Sprint(g.n(10))
	case 3:
		return fmt.Sprintf("(%s + %s)", g.expr(depth-1), g.expr(depth-1))
	case 4:
		return fmt.Sprintf("(%s - %s)", g.expr(depth-1), g.expr(depth-1))
	case 5:
		return fmt.Sprintf("(%s * %d)", g.expr(depth-1), g.n(4))
	case 6, 7:
		return fmt.Sprintf("aid(%s)", g.expr(depth-1))
	case 8:
		return fmt.Sprintf("pid(%s)", g.expr(depth-1))
	default:
		if g.calls > 0 && g.inLoop == 0 {
			g.calls--
			return fmt.Sprintf("p%df%d(%s)", g.prog, g.fn+1+g.n(g.nfn-g.fn-1), g.expr(depth-1))
		}
		return fmt.Sprintf("aid(%s)", g.expr(depth-1))
	}
}

// cond returns a bool expression.
func (g *gen) cond(depth int) string {
	ops := []string{"<", "<=", "==", "!=", ">"}
	if depth <= 0 {
		return fmt.Sprintf("%s %s %s", g.expr(1), ops[g.n(len(ops))], g.expr(1))
	}
	switch g.n(7) {
	case 0:
		return fmt.Sprintf("(%s && %s)", g.cond(depth-1), g.cond(depth-1))
	case 1:
		return fmt.Sprintf("(%s || %s)", g.cond(depth-1), g.cond(depth-1))
	case 2:
		return fmt.Sprintf("!(%s)", g.cond(depth-1))
	case 3:
		return fmt.Sprintf("abool(%s)", g.cond(depth-1))
	case 4:
		return fmt.Sprintf("%s%%%d == 0", g.expr(depth), 2+g.n(3))
	default:
		return fmt.Sprintf("%s %s %s", g.expr(depth), ops[g.n(len(ops))], g.expr(depth))
	}
}

// stmt writes one statement at nesting depth d. noDecl forbids a
// declaration at this level (between a goto and its label).
func (g *gen) stmt(d int, noDecl bool) {
	g.budget--
	if d > 3 {
		g.simple(noDecl)
		return
	}
	switch g.n(20) {
	case 0, 1:
		g.ifStmt(d)
	case 2, 3:
		g.forStmt(d)
	case 4:
		g.rangeStmt(d)
	case 5:
		g.switchStmt(d)
	case 6, 7:
		g.deferStmt()
	case 8:
		g.line("if %s {", g.cond(1))
		g.line("	panic(fmt.Sprint(%s, %s))", g.tag("boom"), g.expr(1))
		g.line("}")
	case 9:
		if len(g.loops) > 0 {
			g.branch()
			return
		}
		g.simple(noDecl)
	case 10:
		g.line("if %s {", g.cond(1))
		g.ind++
		g.line("return %s", g.expr(1))
		g.ind--
		g.line("}")
	case 11:
		if !noDecl {
			g.gotoForward(d)
			return
		}
		g.simple(noDecl)
	case 12:
		if !noDecl {
			g.gotoBackward(d)
			return
		}
		g.simple(noDecl)
	default:
		g.simple(noDecl)
	}
}

// simple writes a statement without a body.
func (g *gen) simple(noDecl bool) {
	switch g.n(9) {
	case 0, 1:
		if noDecl {
			g.line("%s = %s", g.anyVar(true), g.expr(2))
			return
		}
		v := g.fresh("v")
		g.line("%s := %s", v, g.expr(2))
		g.line("_ = %s", v)
		g.declare(genVar{name: v})
	case 2:
		g.line("%s = %s", g.anyVar(true), g.expr(2))
	case 3:
		g.line("%s += %s", g.anyVar(true), g.expr(1))
	case 4, 5:
		g.line("fmt.Println(%s, %s, %s)", g.tag(g.fresh("at")), g.expr(2), g.anyVar(false))
	case 6:
		g.line("rt.Yield()")
	case 7:
		if noDecl {
			g.line("%s, _ = rt.Await(aidAsync(%s))", g.anyVar(true), g.expr(1))
			return
		}
		v := g.fresh("w")
		g.line("%s, _ := rt.Await(aidAsync(%s))", v, g.expr(1))
		g.line("_ = %s", v)
		g.declare(genVar{name: v})
	default:
		g.line("aprint(%s, %s)", g.tag(g.fresh("ap")), g.expr(1))
	}
}

func (g *gen) body(d int) {
	g.ind++
	g.push()
	for range 1 + g.n(3) {
		g.stmt(d+1, false)
	}
	g.pop()
	g.ind--
}

func (g *gen) ifStmt(d int) {
	g.line("if %s {", g.cond(2))
	g.body(d)
	for g.chance(30) {
		g.line("} else if %s {", g.cond(1))
		g.body(d)
	}
	if g.chance(50) {
		g.line("} else {")
		g.body(d)
	}
	g.line("}")
}

// loopHead writes an optional label and returns it.
func (g *gen) loopLabel() string {
	if g.chance(50) {
		l := g.fresh("L")
		g.line("%s:", l)
		return l
	}
	return ""
}

func (g *gen) loopBody(d int, label string, vars ...genVar) {
	g.loops = append(g.loops, label)
	g.inLoop++
	g.ind++
	g.push()
	for _, v := range vars {
		g.declare(v)
		g.line("_ = %s", v.name)
	}
	if label != "" {
		// The label must be used.
		kw := []string{"break", "continue"}[g.n(2)]
		g.line("if %s {", g.cond(1))
		g.line("	%s %s", kw, label)
		g.line("}")
	}
	for range 1 + g.n(3) {
		g.stmt(d+1, false)
	}
	g.pop()
	g.ind--
	g.inLoop--
	g.loops = g.loops[:len(g.loops)-1]
}

func (g *gen) forStmt(d int) {
	label := g.loopLabel()
	i := g.fresh("i")
	bound := fmt.Sprint(1 + g.n(3))
	if g.chance(40) {
		bound = fmt.Sprintf("aid(%s)", bound)
	}
	g.line("for %s := 0; %s < %s; %s++ {", i, i, bound, i)
	g.loopBody(d, label, genVar{name: i, readOnly: true})
	g.line("}")
}

func (g *gen) rangeStmt(d int) {
	label := g.loopLabel()
	i := g.fresh("i")
	if g.chance(50) {
		bound := fmt.Sprint(1 + g.n(3))
		if g.chance(50) {
			bound = fmt.Sprintf("aid(%s)", bound)
		}
		g.line("for %s := range %s {", i, bound)
		g.loopBody(d, label, genVar{name: i, readOnly: true})
	} else {
		v := g.fresh("e")
		g.line("for %s, %s := range []int{%s, %s} {", i, v, g.expr(1), g.expr(1))
		g.loopBody(d, label, genVar{name: i, readOnly: true}, genVar{name: v})
	}
	g.line("}")
}

func (g *gen) branch() {
	label := g.loops[g.n(len(g.loops))]
	kw := []string{"break", "continue"}[g.n(2)]
	g.line("if %s {", g.cond(1))
	if label != "" && g.chance(70) {
		g.line("	%s %s", kw, label)
	} else if g.inSw > 0 && kw == "break" {
		// An unlabelled break here would leave the switch: name the loop.
		g.line("	continue")
	} else {
		g.line("	%s", kw)
	}
	g.line("}")
}

func (g *gen) switchStmt(d int) {
	g.inSw++
	defer func() { g.inSw-- }()
	hasDefault := g.chance(60)
	if g.chance(50) {
		g.line("switch %s {", g.expr(2))
		used := map[int]bool{}
		ncase := 1 + g.n(3)
		for k := range ncase {
			var cs []string
			for range 1 + g.n(2) {
				if g.chance(30) {
					cs = append(cs, fmt.Sprintf("aid(%d)", g.n(5)))
					continue
				}
				c := g.n(6)
				if used[c] {
					continue
				}
				used[c] = true
				cs = append(cs, fmt.Sprint(c))
			}
			if len(cs) == 0 {
				cs = append(cs, fmt.Sprintf("pid(%d)", g.n(5)))
			}
			g.line("case %s:", strings.Join(cs, ", "))
			g.caseBody(d, hasDefault || k < ncase-1)
		}
	} else {
		g.line("switch {")
		ncase := 1 + g.n(3)
		for k := range ncase {
			g.line("case %s:", g.cond(1))
			g.caseBody(d, hasDefault || k < ncase-1)
		}
	}
	if hasDefault {
		g.line("default:")
		g.caseBody(d, false)
	}
	g.line("}")
}

func (g *gen) caseBody(d int, mayFall bool) {
	g.ind++
	g.push()
	for range 1 + g.n(2) {
		g.stmt(d+1, false)
	}
	if mayFall && g.chance(25) {
		g.line("fallthrough")
	}
	g.pop()
	g.ind--
}

func (g *gen) deferStmt() {
	switch g.n(6) {
	case 0, 1:
		g.line("defer fmt.Println(%s, %s)", g.tag(g.fresh("deferred")), g.expr(2))
	case 2:
		g.recoverDefer()
	case 3:
		if g.opts.asyncDefer {
			g.line("defer aprint(%s, %s)", g.tag(g.fresh("adeferred")), g.expr(2))
			return
		}
		fallthrough
	case 4:
		if g.opts.asyncDefer {
			fn := []string{"aprint", "apanic"}[g.n(2)]
			g.line("defer %s(%s, %s)", fn, g.tag(g.fresh("adeferred")), g.expr(1))
			return
		}
		fallthrough
	default:
		g.line("defer func() {")
		g.ind++
		v := g.anyVar(false)
		g.line("fmt.Println(%s, %s)", g.tag(g.fresh("deferlit")), v)
		if g.named && g.chance(60) {
			g.line("r += %d", 1+g.n(9))
		}
		g.ind--
		g.line("}()")
	}
}

// gotoForward writes "if c { goto L }", statements that declare nothing at
// this level, and "L:".
func (g *gen) gotoForward(d int) {
	l := g.fresh("G")
	g.line("if %s {", g.cond(1))
	g.line("	goto %s", l)
	g.line("}")
	for range 1 + g.n(2) {
		g.stmt(d+1, true)
	}
	g.line("%s:", l)
	g.line("fmt.Println(%s)", g.tag(l))
}

// gotoBackward writes a counted loop made of a label and a goto back to it.
func (g *gen) gotoBackward(d int) {
	l, c := g.fresh("B"), g.fresh("c")
	g.line("%s := 0", c)
	g.line("%s:", l)
	g.push()
	g.declare(genVar{name: c, readOnly: true})
	g.inLoop++
	for range 1 + g.n(2) {
		g.stmt(d+1, false)
	}
	g.inLoop--
	g.pop()
	g.line("if %s < %d {", c, 1+g.n(2))
	g.line("	%s++", c)
	g.line("	goto %s", l)
	g.line("}")
	g.declare(genVar{name: c, readOnly: true})
}
