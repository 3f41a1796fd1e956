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
// What a program uses: nested for loops (three-clause, with conditions
// and posts that await, range over an int, over a slice, over a plain
// iterator), labelled break and continue, if/else chains and expression
// and tagless switches (with init statements) with fallthrough, selects with a fixed outcome
// (one ready case on a buffered channel, or a default), forward and
// backward goto, defer of plain calls, of async calls, of rt.Yield and
// rt.Await, and of function literals that read and write the named
// result and may await and recover, panics (recovered by a deferred
// literal or by the program's runner), returns from inside loops, async
// function literals (called where they are written, in statements and in
// expressions, bound to a variable that is called and deferred, and made
// tasks with rt.Go and awaited), async generators (an async function
// returning an iter.Seq or iter.Seq2 literal whose body awaits and
// yields, consumed by range loops in async code that declare or assign
// the values, left by break, continue, return and panic),
// and awaits everywhere an expression can be: in operands, in conditions
// (on either side of && and ||), in loop bounds, in switch tags and
// cases, in index expressions, composite literals, conversions and
// builtin calls, in the values a select sends, in deferred calls'
// arguments, as direct calls of the other async functions and through
// rt.Await of their tasks, with rt.Yield between statements. Calls that
// print (atag, ptag) make the order of evaluation visible.

// genOptions says which constructs the generator may use.
type genOptions struct {
	asyncDefer bool // defer of async calls and of rt.Await
	// genPanics lets the body of a loop over an iterator panic where the
	// iterator sees it, and defer in a generator loop's body: shapes that
	// once diverged (a generator's recover did not see the body's panic,
	// the producer's deferred calls ran after the consumer's, a plain
	// iterator's yield returned false instead of panicking) and are now
	// programs (generator-recover-body-panic,
	// generator-body-panic-async-defers, range-func-body-panic,
	// range-func-return-recover). On by default; off leaves them out.
	genPanics bool
}

// gen writes one package of programs.
type gen struct {
	r    *rand.Rand
	opts genOptions
	out  *strings.Builder
	ind  int

	prog   int // the program being written
	fn     int // the function being written
	nfn    int // the program's number of functions
	gens   []genProducer
	scopes [][]genVar
	nid    int // names handed out in the function
	calls  int // call sites of later functions left in this function
	budget int // statements left in this function
	ctx    genCtx
	// noPanic is set in the body of a loop over a generator whose
	// producer recovers or defers an async call (see genOptions).
	noPanic int
	// producer records what the generator being written does.
	producer *genProducer
}

// genCtx is what the function or function literal being written allows.
type genCtx struct {
	result   string // "int", "" (no result), "task" ((int, error))
	named    string // the named result that deferred literals may set ("" if none)
	bare     bool   // the result is named, by this function: a bare return returns it
	yield    bool   // the body of a generator's iterator literal: yield may be called
	lit      int    // the depth of function literals
	loops    []string
	loopBase int // branches may only leave loops from loops[loopBase:] (a generator's loop is a barrier)
	inLoop   int
	inSw     int
	inGen    int // loops over generators around: no goto (not supported)
	noDefer  int // no defer statements (see genOptions.genPanics)
}

// A genProducer is an async generator of the program.
type genProducer struct {
	name   string
	two    bool // an iter.Seq2[int, int]
	risky  bool // it recovers or defers an async call
	panics bool // it may panic
}

type genVar struct {
	name     string
	readOnly bool   // a loop variable or a goto counter
	fn       string // a bound function literal: "void" or "int" (its result)
	param    bool   // the bound literal takes an int
	safe     bool   // a bound literal that does not panic
}

// genPackage returns the source of a package main with n programs drawn
// from seed: programs p0 ... p(n-1), each a runner pNrun, generators
// pNgK and functions pNf0 ... , and Main, which runs them in order.
func genPackage(seed uint64, n int, opts genOptions) string {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), opts: opts, out: &strings.Builder{}}
	g.line("// Code from FuzzPrograms, seed %d.", seed)
	g.line("package main")
	g.line("")
	g.line(`import (`)
	g.line(`	"fmt"`)
	g.line(`	"iter"`)
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

// async
func atag(tag string, v int) int {
	fmt.Println(tag, v)
	rt.Yield()
	return v
}

func ptag(tag string, v int) int {
	fmt.Println(tag, v)
	return v
}

func pid(v int) int { return v }

// pseq is a plain iterator over 0 ... n-1.
func pseq(tag string, n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer fmt.Println(tag, "done")
		for i := range n {
			if !yield(i) {
				fmt.Println(tag, "stopped at", i)
				return
			}
		}
	}
}

// errLine is the first line of err's message: a task's panic comes with a
// stack trace.
func errLine(err error) string {
	if err == nil {
		return "<nil>"
	}
	s := err.Error()
	for i := range len(s) {
		if s[i] == '\n' {
			return s[:i]
		}
	}
	return s
}

var _ = rt.Yield
var _ iter.Seq[int]
`

func (g *gen) line(format string, args ...any) {
	g.out.WriteString(strings.Repeat("\t", g.ind))
	fmt.Fprintf(g.out, format, args...)
	g.out.WriteByte('\n')
}

// capture returns what write writes, for a function literal inside an
// expression.
func (g *gen) capture(write func()) string {
	out, ind := g.out, g.ind
	g.out, g.ind = &strings.Builder{}, 0
	write()
	s := g.out.String()
	g.out, g.ind = out, ind
	return strings.TrimSuffix(s, "\n")
}

func (g *gen) n(k int) int { return g.r.IntN(k) }

func (g *gen) chance(pct int) bool { return g.r.IntN(100) < pct }

func (g *gen) program(p int) {
	g.prog = p
	g.nfn = 1 + g.n(4)
	g.gens = nil
	for k := range g.n(3) {
		g.generator(k)
	}
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
	if g.producer != nil {
		return fmt.Sprintf("%q", g.producer.name+" "+what)
	}
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
	g.ctx = genCtx{result: "int"}
	if g.chance(60) {
		g.ctx.named, g.ctx.bare = "r", true
	}
	g.scopes = [][]genVar{{{name: "a"}}}
	g.line("// async")
	if g.ctx.named != "" {
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
	g.returnStmt(2)
	g.ind--
	g.line("}")
	g.line("")
}

// generator writes the async generator pNgK: a prelude of simple
// statements, then the iterator literal, whose body yields in a loop and
// does what a function body does.
func (g *gen) generator(k int) {
	pr := &genProducer{name: fmt.Sprintf("p%dg%d", g.prog, k), two: g.chance(35)}
	g.producer = pr
	g.nid, g.budget, g.calls = 0, 4+g.n(8), 0
	g.ctx = genCtx{}
	g.scopes = [][]genVar{{{name: "a"}}}
	g.line("// async")
	if pr.two {
		g.line("func %s(a int) iter.Seq2[int, int] {", pr.name)
	} else {
		g.line("func %s(a int) iter.Seq[int] {", pr.name)
	}
	g.ind++
	for range g.n(3) {
		g.simple(false)
	}
	if pr.two {
		g.line("return func(yield func(int, int) bool) {")
	} else {
		g.line("return func(yield func(int) bool) {")
	}
	g.ind++
	g.push()
	g.ctx.yield = true
	g.line("fmt.Println(%s, a)", g.tag("start"))
	if g.chance(40) {
		g.deferStmt()
	}
	if g.chance(25) {
		g.recoverDefer()
	}
	n := g.n(3)
	for range n {
		g.stmt(1, false)
	}
	i := g.fresh("i")
	g.line("for %s := range %d {", i, 2+g.n(4))
	g.ctx.inLoop++
	g.ind++
	g.push()
	g.declare(genVar{name: i, readOnly: true})
	g.line("_ = %s", i)
	if g.chance(50) {
		g.stmt(2, false)
	}
	g.yieldStmt()
	for g.budget > 0 {
		g.stmt(2, false)
	}
	g.pop()
	g.ind--
	g.ctx.inLoop--
	g.line("}")
	if g.chance(30) {
		g.yieldStmt()
	}
	g.pop()
	g.ind--
	g.line("}")
	g.ind--
	g.line("}")
	g.line("")
	g.producer = nil
	g.gens = append(g.gens, *pr)
}

// yieldStmt yields a value and returns if the consumer is done.
func (g *gen) yieldStmt() {
	if g.producer.two {
		g.line("if !yield(%s, %s) {", g.expr(1), g.expr(2))
	} else {
		g.line("if !yield(%s) {", g.expr(2))
	}
	g.line("	fmt.Println(%s)", g.tag(g.fresh("stopped")))
	g.line("	return")
	g.line("}")
}

// returnStmt writes the return of the function or literal being written.
func (g *gen) returnStmt(depth int) {
	switch g.ctx.result {
	case "int":
		if g.ctx.bare && g.chance(30) {
			g.line("return")
			return
		}
		g.line("return %s", g.expr(depth))
	case "task":
		g.line("return %s, nil", g.expr(depth))
	default:
		g.line("return")
	}
}

// recoverDefer defers a literal that recovers a panic and, in a function
// with a named result, sets it.
func (g *gen) recoverDefer() {
	if g.producer != nil && g.ctx.yield {
		g.producer.risky = true
	}
	g.line("defer func() {")
	g.ind++
	if g.opts.asyncDefer && g.chance(30) {
		g.line("rt.Yield()")
	}
	g.line("if x := recover(); x != nil {")
	g.line("	fmt.Println(%s, x)", g.tag("recovered"))
	if g.ctx.named != "" {
		g.line("	%s = %d", g.ctx.named, 100+g.n(100))
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
			if v.fn == "" && (!writable || !v.readOnly) {
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
	switch g.n(24) {
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
	case 9:
		return fmt.Sprintf("atag(%s, %s)", g.tag(g.fresh("t")), g.expr(depth-1))
	case 10:
		return fmt.Sprintf("ptag(%s, %s)", g.tag(g.fresh("t")), g.expr(depth-1))
	case 11:
		// The index is in range whatever its operand.
		return fmt.Sprintf("[]int{%s, %s}[(%s%%2+2)%%2]", g.expr(depth-1), g.expr(depth-1), g.expr(depth-1))
	case 12:
		return fmt.Sprintf("%s(%s, %s)", []string{"max", "min"}[g.n(2)], g.expr(depth-1), g.expr(depth-1))
	case 13:
		return fmt.Sprintf("int(int8(%s))", g.expr(depth-1))
	case 14:
		return fmt.Sprintf("struct{ x, y int }{%s, %s}.%s", g.expr(depth-1), g.expr(depth-1), []string{"x", "y"}[g.n(2)])
	case 15:
		return fmt.Sprintf("len(fmt.Sprint(%s))", g.expr(depth-1))
	case 16:
		return fmt.Sprintf("-(%s)", g.expr(depth-1))
	case 17:
		if c := g.callFn("int"); c != "" {
			return c
		}
		return fmt.Sprintf("aid(%s)", g.expr(depth-1))
	case 18:
		if g.budget > 0 && g.ctx.lit < 2 {
			return g.exprLit()
		}
		return fmt.Sprintf("aid(%s)", g.expr(depth-1))
	case 19:
		return fmt.Sprintf("map[int]int{%d: %s}[%d]", g.n(2), g.expr(depth-1), g.n(2))
	default:
		if g.calls > 0 && g.ctx.inLoop == 0 && g.ctx.lit == 0 && g.producer == nil {
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
	switch g.n(29) {
	case 0, 1:
		g.ifStmt(d)
	case 2, 3:
		g.forStmt(d)
	case 4:
		g.rangeStmt(d)
	case 5:
		g.switchStmt(d)
	case 6, 7:
		if g.ctx.noDefer > 0 {
			g.simple(noDecl)
			return
		}
		g.deferStmt()
	case 8:
		if g.noPanic > 0 {
			g.simple(noDecl)
			return
		}
		if g.producer != nil {
			g.producer.panics = true
		}
		g.line("if %s {", g.cond(1))
		g.line("	panic(fmt.Sprint(%s, %s))", g.tag("boom"), g.expr(1))
		g.line("}")
	case 9:
		if len(g.ctx.loops) > g.ctx.loopBase {
			g.branch()
			return
		}
		g.simple(noDecl)
	case 10:
		g.line("if %s {", g.cond(1))
		g.ind++
		g.returnStmt(1)
		g.ind--
		g.line("}")
	case 11:
		if !noDecl && g.ctx.inGen == 0 {
			g.gotoForward(d)
			return
		}
		g.simple(noDecl)
	case 12:
		if !noDecl && g.ctx.inGen == 0 {
			g.gotoBackward(d)
			return
		}
		g.simple(noDecl)
	case 13:
		g.selectStmt(d)
	case 14, 15:
		if g.ctx.lit < 2 {
			g.litStmt(d, noDecl)
			return
		}
		g.simple(noDecl)
	case 16, 17:
		if len(g.gens) > 0 && g.producer == nil {
			g.genLoop(d)
			return
		}
		g.simple(noDecl)
	case 18:
		if g.ctx.yield {
			g.yieldStmt()
			return
		}
		g.simple(noDecl)
	default:
		g.simple(noDecl)
	}
}

// simple writes a statement without a body.
func (g *gen) simple(noDecl bool) {
	switch g.n(11) {
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
	case 8:
		// A parallel assignment: both right sides are evaluated first.
		x, y := g.anyVar(true), g.anyVar(true)
		if x == y {
			g.line("%s = %s", x, g.expr(2))
			return
		}
		g.line("%s, %s = %s, %s", x, y, g.expr(1), g.expr(1))
	case 9:
		if c := g.callFn("void"); c != "" {
			g.line("%s", c)
			return
		}
		fallthrough
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
	g.push()
	defer g.pop()
	if g.chance(25) {
		v := g.fresh("v")
		e := g.expr(2)
		g.declare(genVar{name: v})
		ops := []string{"&&", "||"}
		g.line("if %s := %s; %s > %s %s %s {", v, e, v, g.expr(1), ops[g.n(2)], g.cond(0))
	} else {
		g.line("if %s {", g.cond(2))
	}
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

// loopLabel writes an optional label and returns it.
func (g *gen) loopLabel() string {
	if g.chance(50) {
		l := g.fresh("L")
		g.line("%s:", l)
		return l
	}
	return ""
}

func (g *gen) loopBody(d int, label string, vars ...genVar) {
	g.ctx.loops = append(g.ctx.loops, label)
	g.ctx.inLoop++
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
	g.ctx.inLoop--
	g.ctx.loops = g.ctx.loops[:len(g.ctx.loops)-1]
}

func (g *gen) forStmt(d int) {
	label := g.loopLabel()
	i := g.fresh("i")
	bound := fmt.Sprint(1 + g.n(3))
	if g.chance(40) {
		bound = fmt.Sprintf("aid(%s)", bound)
	}
	cond := fmt.Sprintf("%s < %s", i, bound)
	post := i + "++"
	g.push()
	g.declare(genVar{name: i, readOnly: true})
	if g.chance(25) {
		cond = fmt.Sprintf("%s && %s", cond, g.cond(0))
	}
	if g.chance(25) {
		post = fmt.Sprintf("%s = aid(%s + 1)", i, i)
	}
	g.pop()
	g.line("for %s := 0; %s; %s {", i, cond, post)
	g.loopBody(d, label, genVar{name: i, readOnly: true})
	g.line("}")
}

func (g *gen) rangeStmt(d int) {
	label := g.loopLabel()
	i := g.fresh("i")
	switch g.n(3) {
	case 0:
		bound := fmt.Sprint(1 + g.n(3))
		if g.chance(50) {
			bound = fmt.Sprintf("aid(%s)", bound)
		}
		g.line("for %s := range %s {", i, bound)
		g.loopBody(d, label, genVar{name: i, readOnly: true})
	case 1:
		// A plain iterator: no goto inside (not supported).
		g.line("for %s := range pseq(%s, %s) {", i, g.tag(g.fresh("seq")), []string{"3", "aid(2)", "1"}[g.n(3)])
		// A panic in its body comes out of the iterator's yield (see
		// genOptions.genPanics).
		guard := !g.opts.genPanics
		if guard {
			g.noPanic++
		}
		g.ctx.inGen++
		g.loopBody(d, label, genVar{name: i, readOnly: true})
		g.ctx.inGen--
		if guard {
			g.noPanic--
		}
	default:
		v := g.fresh("e")
		g.line("for %s, %s := range []int{%s, %s} {", i, v, g.expr(1), g.expr(1))
		g.loopBody(d, label, genVar{name: i, readOnly: true}, genVar{name: v})
	}
	g.line("}")
}

// genLoop writes a range loop over one of the program's generators. A
// branch in its body may not leave it for an outer loop.
func (g *gen) genLoop(d int) {
	pr := g.gens[g.n(len(g.gens))]
	if g.noPanic > 0 && pr.panics {
		g.simple(false)
		return
	}
	guard := pr.risky && !g.opts.genPanics
	if guard {
		g.noPanic++
	}
	base := g.ctx.loopBase
	g.ctx.loopBase = len(g.ctx.loops)
	label := g.loopLabel()
	var vars []genVar
	call := fmt.Sprintf("%s(%s)", pr.name, g.expr(1))
	switch n := 1 + g.n(2); {
	case g.chance(15):
		g.line("for range %s {", call)
	case g.chance(20):
		// Assigned to variables of the function.
		x, y := g.anyVar(true), g.anyVar(true)
		if pr.two && x != y && n == 2 {
			g.line("for %s, %s = range %s {", x, y, call)
		} else {
			g.line("for %s = range %s {", x, call)
		}
	case pr.two && n == 2:
		k, v := g.fresh("y"), g.fresh("y")
		g.line("for %s, %s := range %s {", k, v, call)
		vars = []genVar{{name: k, readOnly: true}, {name: v}}
	default:
		v := g.fresh("y")
		g.line("for %s := range %s {", v, call)
		vars = []genVar{{name: v, readOnly: true}}
	}
	// A defer in the loop's body (the consumer's frame) runs after the
	// producer's deferred calls when the body panics (see
	// genOptions.genPanics).
	noDefer := !g.opts.genPanics
	if noDefer {
		g.ctx.noDefer++
	}
	g.ctx.inGen++
	g.loopBody(d, label, vars...)
	g.ctx.inGen--
	if noDefer {
		g.ctx.noDefer--
	}
	g.line("}")
	g.ctx.loopBase = base
	if guard {
		g.noPanic--
	}
}

func (g *gen) branch() {
	label := g.ctx.loops[g.ctx.loopBase+g.n(len(g.ctx.loops)-g.ctx.loopBase)]
	kw := []string{"break", "continue"}[g.n(2)]
	g.line("if %s {", g.cond(1))
	if label != "" && g.chance(70) {
		g.line("	%s %s", kw, label)
	} else if g.ctx.inSw > 0 && kw == "break" {
		// An unlabelled break here would leave the switch: name the loop.
		g.line("	continue")
	} else {
		g.line("	%s", kw)
	}
	g.line("}")
}

func (g *gen) switchStmt(d int) {
	g.ctx.inSw++
	defer func() { g.ctx.inSw-- }()
	hasDefault := g.chance(60)
	if g.chance(50) {
		if g.chance(30) {
			v := g.fresh("v")
			e := g.expr(2)
			g.push()
			defer g.pop()
			g.declare(genVar{name: v})
			g.line("switch %s := %s; %s + %s {", v, e, v, g.expr(1))
		} else {
			g.line("switch %s {", g.expr(2))
		}
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

// selectStmt writes a select whose outcome is fixed, in a block of its
// own with its channels: at most one case is ready (a receive from a
// buffered channel holding a value, or a send to one with room), the
// others never are (a receive from an empty channel, a send to a full
// one), and a default runs when none is.
func (g *gen) selectStmt(d int) {
	g.ctx.inSw++
	defer func() { g.ctx.inSw-- }()
	g.line("{")
	g.ind++
	g.push()
	ready := g.n(3) // 0: a receive, 1: a send, 2: none
	full, empty := g.fresh("full"), g.fresh("empty")
	g.line("%s, %s := make(chan int, 1), make(chan int, 1)", full, empty)
	g.line("%s <- %s", full, g.expr(1))
	type selCase struct {
		head  string
		bound string
		ok    bool
	}
	var cases []selCase
	switch ready {
	case 0:
		x := g.fresh("x")
		switch g.n(3) {
		case 0:
			cases = append(cases, selCase{fmt.Sprintf("case %s := <-%s:", x, full), x, false})
		case 1:
			cases = append(cases, selCase{fmt.Sprintf("case %s, ok := <-%s:", x, full), x, true})
		default:
			cases = append(cases, selCase{fmt.Sprintf("case <-%s:", full), "", false})
		}
	case 1:
		cases = append(cases, selCase{fmt.Sprintf("case %s <- %s:", empty, g.expr(2)), "", false})
	}
	for range g.n(3) {
		if g.chance(50) {
			x := g.fresh("x")
			cases = append(cases, selCase{fmt.Sprintf("case %s := <-%s:", x, empty), x, false})
		} else {
			cases = append(cases, selCase{fmt.Sprintf("case %s <- %s:", full, g.expr(2)), "", false})
		}
	}
	g.r.Shuffle(len(cases), func(i, j int) { cases[i], cases[j] = cases[j], cases[i] })
	g.line("select {")
	for _, c := range cases {
		g.line("%s", c.head)
		g.ind++
		g.push()
		if c.bound != "" {
			g.declare(genVar{name: c.bound})
			g.line("_ = %s", c.bound)
		}
		if c.ok {
			g.line("_ = ok")
		}
		g.line("fmt.Println(%s)", g.tag(g.fresh("case")))
		for range g.n(3) {
			g.stmt(d+1, false)
		}
		g.pop()
		g.ind--
	}
	if ready == 2 || g.chance(30) {
		g.line("default:")
		g.ind++
		g.push()
		g.line("fmt.Println(%s)", g.tag(g.fresh("default")))
		for range g.n(3) {
			g.stmt(d+1, false)
		}
		g.pop()
		g.ind--
	}
	g.line("}")
	g.line("fmt.Println(%s, len(%s), len(%s))", g.tag(g.fresh("selected")), full, empty)
	g.pop()
	g.ind--
	g.line("}")
}

// litBody writes the body of a function literal with result result and
// parameter param (none if ""), from its opening brace's line on; named
// is the name of its result, if it has one.
func (g *gen) litBody(result, param, named string, d int) {
	saved := g.ctx
	g.ctx = genCtx{result: result, named: saved.named, lit: saved.lit + 1}
	g.ind++
	g.push()
	if named != "" {
		g.ctx.named, g.ctx.bare = named, true
		g.declare(genVar{name: named})
	}
	if param != "" {
		g.declare(genVar{name: param})
	}
	if g.chance(20) {
		g.recoverDefer()
	}
	for range 1 + g.n(3) {
		g.stmt(d+1, false)
	}
	if result != "" || g.chance(30) {
		g.returnStmt(1)
	}
	g.pop()
	g.ind--
	g.ctx = saved
}

// litHead returns a literal's func line for result, param and named.
func litHead(result, param, named string) string {
	ps := ""
	if param != "" {
		ps = param + " int"
	}
	switch {
	case result == "int" && named != "":
		return fmt.Sprintf("func(%s) (%s int) {", ps, named)
	case result == "int":
		return fmt.Sprintf("func(%s) int {", ps)
	case result == "task":
		return "func() (int, error) {"
	}
	return fmt.Sprintf("func(%s) {", ps)
}

// litNamed returns a name for an int literal's result, or "".
func (g *gen) litNamed(result string) string {
	if result == "int" && g.chance(40) {
		return g.fresh("lr")
	}
	return ""
}

// exprLit returns a function literal called where it is written, in an
// expression.
func (g *gen) exprLit() string {
	g.budget--
	param := ""
	if g.chance(50) {
		param = g.fresh("q")
	}
	arg := ""
	if param != "" {
		arg = g.expr(1)
	}
	named := g.litNamed("int")
	body := g.capture(func() { g.litBody("int", param, named, 2) })
	return fmt.Sprintf("%s\n%s\n}(%s)", litHead("int", param, named), body, arg)
}

// litStmt writes a statement with a function literal: called where it is
// written, bound to a variable that is then called or deferred, deferred,
// or made a task with rt.Go and awaited.
func (g *gen) litStmt(d int, noDecl bool) {
	param := ""
	if g.chance(50) {
		param = g.fresh("q")
	}
	arg := func() string {
		if param == "" {
			return ""
		}
		return g.expr(1)
	}
	k := g.n(5)
	if noDecl && k != 2 {
		k = 0
	}
	switch k {
	case 0:
		g.line("%s", litHead("", param, ""))
		g.litBody("", param, "", d)
		g.line("}(%s)", arg())
	case 1:
		name, kind := g.fresh("fn"), []string{"void", "int"}[g.n(2)]
		result := strings.TrimPrefix(kind, "void")
		named := g.litNamed(result)
		g.line("%s := %s", name, litHead(result, param, named))
		g.litBody(result, param, named, d)
		g.line("}")
		g.declare(genVar{name: name, fn: kind, param: param != "", safe: g.noPanic > 0})
		// The variable must be used: once now, maybe later too.
		switch {
		case g.opts.asyncDefer && g.ctx.noDefer == 0 && g.chance(30):
			g.asyncDeferred()
			g.line("defer %s(%s)", name, arg())
		case kind == "int":
			g.line("fmt.Println(%s, %s(%s))", g.tag(g.fresh("called")), name, arg())
		default:
			g.line("%s(%s)", name, arg())
		}
	case 2:
		if !g.opts.asyncDefer || g.ctx.noDefer > 0 {
			g.simple(noDecl)
			return
		}
		result := []string{"", "int"}[g.n(2)]
		named := g.litNamed(result)
		g.asyncDeferred() // the literal may await
		g.line("defer %s", litHead(result, param, named))
		g.litBody(result, param, named, d)
		g.line("}(%s)", arg())
	default:
		t := g.fresh("task")
		g.line("%s := rt.Go(%s", t, litHead("task", "", ""))
		g.litBody("task", "", "", d)
		g.line("})")
		if g.chance(50) {
			g.simple(true)
		}
		w := g.fresh("w")
		g.line("%s, %s := rt.Await(%s)", w, w+"err", t)
		g.line("fmt.Println(%s, %s, errLine(%s))", g.tag(g.fresh("awaited")), w, w+"err")
		g.declare(genVar{name: w})
	}
}

// callFn returns a call of a bound literal of kind, or "" if there is none.
func (g *gen) callFn(kind string) string {
	var fs []genVar
	for _, s := range g.scopes {
		for _, v := range s {
			if v.fn == kind && (v.safe || g.noPanic == 0) {
				fs = append(fs, v)
			}
		}
	}
	if len(fs) == 0 {
		return ""
	}
	f := fs[g.n(len(fs))]
	if f.param {
		return fmt.Sprintf("%s(%s)", f.name, g.expr(1))
	}
	return f.name + "()"
}

func (g *gen) deferStmt() {
	switch g.n(9) {
	case 0, 1:
		g.line("defer fmt.Println(%s, %s)", g.tag(g.fresh("deferred")), g.expr(2))
	case 2:
		g.recoverDefer()
	case 3:
		if g.opts.asyncDefer {
			g.asyncDeferred()
			g.line("defer aprint(%s, %s)", g.tag(g.fresh("adeferred")), g.expr(2))
			return
		}
		fallthrough
	case 4:
		if g.opts.asyncDefer {
			fn := "aprint"
			if g.noPanic == 0 && g.chance(50) {
				fn = "apanic"
				if g.producer != nil {
					g.producer.panics = true
				}
			}
			g.asyncDeferred()
			g.line("defer %s(%s, %s)", fn, g.tag(g.fresh("adeferred")), g.expr(1))
			return
		}
		fallthrough
	case 5:
		if g.opts.asyncDefer {
			g.asyncDeferred()
			if g.chance(50) {
				g.line("defer rt.Yield()")
			} else {
				g.line("defer rt.Await(aidAsync(%s))", g.expr(1))
			}
			return
		}
		fallthrough
	default:
		g.line("defer func() {")
		g.ind++
		v := g.anyVar(false)
		g.line("fmt.Println(%s, %s)", g.tag(g.fresh("deferlit")), v)
		if g.ctx.named != "" && g.chance(60) {
			g.line("%s += %d", g.ctx.named, 1+g.n(9))
		}
		g.ind--
		g.line("}()")
	}
}

// asyncDeferred records that the generator being written defers an
// async call.
func (g *gen) asyncDeferred() {
	if g.producer != nil && g.ctx.yield {
		g.producer.risky = true
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
	g.ctx.inLoop++
	for range 1 + g.n(2) {
		g.stmt(d+1, false)
	}
	g.ctx.inLoop--
	g.pop()
	g.line("if %s < %d {", c, 1+g.n(2))
	g.line("	%s++", c)
	g.line("	goto %s", l)
	g.line("}")
	g.declare(genVar{name: c, readOnly: true})
}
