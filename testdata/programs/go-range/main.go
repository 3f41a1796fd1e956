// Ported from $GOROOT/test/range.go (the 'for range' construct): every test
// function is async and every range loop suspends in its body, so each loop
// is lowered across an await. Some range expressions are async calls
// (makesliceAsync, makearrayAsync, ...), and some loops use the assign form
// (for i, v = range ...). Failure messages go to stdout (fmt.Println instead
// of println) before the panic, and each test prints a line with its
// computed values when it passes. Added beyond the original: testint (range
// over integers), testclosure (closures capturing per-iteration variables),
// testmodify (the range expression is evaluated once and copied),
// testlabels (labeled break and continue across nested range loops) and
// testexpr (range expressions that await in their operands, a named string
// type, struct fields).
package main

import (
	"fmt"
	"sort"

	"github.com/asyncgen/asyncgen/rt"
)

// test range over channels

func gen(c chan int, lo, hi int) {
	for i := lo; i <= hi; i++ {
		c <- i
	}
	close(c)
}

func seq(lo, hi int) chan int {
	c := make(chan int)
	go gen(c, lo, hi)
	return c
}

// async
func seqAsync(lo, hi int) chan int {
	rt.Yield()
	return seq(lo, hi)
}

const alphabet = "abcdefghijklmnopqrstuvwxyz"

// async
func alphabetAsync() string {
	rt.Yield()
	return alphabet
}

// async
func testblankvars() {
	n := 0
	for range alphabet {
		rt.Yield()
		n++
	}
	if n != 26 {
		fmt.Println("for range: wrong count", n, "want 26")
		panic("fail")
	}
	n = 0
	for _ = range alphabet {
		rt.Yield()
		n++
	}
	if n != 26 {
		fmt.Println("for _ = range: wrong count", n, "want 26")
		panic("fail")
	}
	n = 0
	for _, _ = range alphabetAsync() {
		rt.Yield()
		n++
	}
	if n != 26 {
		fmt.Println("for _, _ = range: wrong count", n, "want 26")
		panic("fail")
	}
	var c rune
	n = 0
	for _, c = range alphabet {
		rt.Yield()
		n++
	}
	if n != 26 || c != 'z' {
		fmt.Println("for _, c = range: wrong count", n, "want 26; last", c)
		panic("fail")
	}
	s := 0
	for i, _ := range alphabet {
		rt.Yield()
		s += i
	}
	if s != 325 {
		fmt.Println("for i, _ := range: wrong sum", s, "want 325")
		panic("fail")
	}
	r := rune(0)
	for _, v := range alphabet {
		rt.Yield()
		r += v
	}
	if r != 2847 {
		fmt.Println("for _, v := range: wrong sum", r, "want 2847")
		panic("fail")
	}
	fmt.Println("testblankvars ok", n, s, r)
}

// async
func testchan() {
	s := ""
	for i := range seq('a', 'z') {
		rt.Yield()
		s += string(rune(i))
	}
	if s != alphabet {
		fmt.Println("Wanted lowercase alphabet; got", s)
		panic("fail")
	}
	n := 0
	for range seqAsync('a', 'z') {
		rt.Yield()
		n++
	}
	if n != 26 {
		fmt.Println("testchan wrong count", n, "want 26")
		panic("fail")
	}
	// Assign form, breaking out early and then draining the rest.
	c := seq(1, 10)
	var v int
	sum := 0
	for v = range c {
		rt.Yield()
		if v == 4 {
			break
		}
		sum += v
	}
	rest := 0
	for w := range c {
		rt.Yield()
		rest += w
	}
	fmt.Println("testchan ok", s, n, v, sum, rest)
}

// test that range over slice only evaluates
// the expression after "range" once.

var nmake = 0

func makeslice() []int {
	nmake++
	return []int{1, 2, 3, 4, 5}
}

// async
func makesliceAsync() []int {
	rt.Yield()
	nmake++
	return []int{1, 2, 3, 4, 5}
}

// async
func testslice() {
	s := 0
	nmake = 0
	for _, v := range makeslice() {
		rt.Yield()
		s += v
	}
	if nmake != 1 {
		fmt.Println("range called makeslice", nmake, "times")
		panic("fail")
	}
	if s != 15 {
		fmt.Println("wrong sum ranging over makeslice", s)
		panic("fail")
	}

	x := []int{10, 20}
	y := []int{99}
	i := 1
	for i, x[i] = range y {
		rt.Yield()
		break
	}
	if i != 0 || x[0] != 10 || x[1] != 99 {
		fmt.Println("wrong parallel assignment", i, x[0], x[1])
		panic("fail")
	}

	// The range expression is an async call.
	s2 := 0
	nmake = 0
	for j, v := range makesliceAsync() {
		rt.Yield()
		s2 += j * v
	}
	if nmake != 1 {
		fmt.Println("range called makesliceAsync", nmake, "times")
		panic("fail")
	}
	fmt.Println("testslice ok", s, i, x[0], x[1], s2)
}

// async
func testslice1() {
	s := 0
	nmake = 0
	for i := range makeslice() {
		rt.Yield()
		s += i
	}
	if nmake != 1 {
		fmt.Println("range called makeslice", nmake, "times")
		panic("fail")
	}
	if s != 10 {
		fmt.Println("wrong sum ranging over makeslice", s)
		panic("fail")
	}
	// Assign form over an async range expression.
	var i int
	s = 0
	nmake = 0
	for i = range makesliceAsync() {
		rt.Yield()
		s += i
	}
	if nmake != 1 || s != 10 || i != 4 {
		fmt.Println("wrong assign-form range over makesliceAsync", nmake, s, i)
		panic("fail")
	}
	fmt.Println("testslice1 ok", s, i)
}

// async
func testslice2() {
	n := 0
	nmake = 0
	for range makeslice() {
		rt.Yield()
		n++
	}
	if nmake != 1 {
		fmt.Println("range called makeslice", nmake, "times")
		panic("fail")
	}
	if n != 5 {
		fmt.Println("wrong count ranging over makeslice", n)
		panic("fail")
	}
	fmt.Println("testslice2 ok", n)
}

// test that range over []byte(string) only evaluates
// the expression after "range" once.

func makenumstring() string {
	nmake++
	return "\x01\x02\x03\x04\x05"
}

// async
func testslice3() {
	s := byte(0)
	nmake = 0
	for _, v := range []byte(makenumstring()) {
		rt.Yield()
		s += v
	}
	if nmake != 1 {
		fmt.Println("range called makenumstring", nmake, "times")
		panic("fail")
	}
	if s != 15 {
		fmt.Println("wrong sum ranging over []byte(makenumstring)", s)
		panic("fail")
	}
	fmt.Println("testslice3 ok", s)
}

// test that range over array only evaluates
// the expression after "range" once.

func makearray() [5]int {
	nmake++
	return [5]int{1, 2, 3, 4, 5}
}

// async
func makearrayAsync() [5]int {
	rt.Yield()
	nmake++
	return [5]int{1, 2, 3, 4, 5}
}

// async
func testarray() {
	s := 0
	nmake = 0
	for _, v := range makearray() {
		rt.Yield()
		s += v
	}
	if nmake != 1 {
		fmt.Println("range called makearray", nmake, "times")
		panic("fail")
	}
	if s != 15 {
		fmt.Println("wrong sum ranging over makearray", s)
		panic("fail")
	}
	// The range expression is an async call; assign form.
	var i, v int
	s = 0
	nmake = 0
	for i, v = range makearrayAsync() {
		rt.Yield()
		s += i * v
	}
	if nmake != 1 {
		fmt.Println("range called makearrayAsync", nmake, "times")
		panic("fail")
	}
	fmt.Println("testarray ok", s, i, v)
}

// async
func testarray1() {
	s := 0
	nmake = 0
	for i := range makearray() {
		rt.Yield()
		s += i
	}
	if nmake != 1 {
		fmt.Println("range called makearray", nmake, "times")
		panic("fail")
	}
	if s != 10 {
		fmt.Println("wrong sum ranging over makearray", s)
		panic("fail")
	}
	fmt.Println("testarray1 ok", s)
}

// async
func testarray2() {
	n := 0
	nmake = 0
	for range makearray() {
		rt.Yield()
		n++
	}
	if nmake != 1 {
		fmt.Println("range called makearray", nmake, "times")
		panic("fail")
	}
	if n != 5 {
		fmt.Println("wrong count ranging over makearray", n)
		panic("fail")
	}
	fmt.Println("testarray2 ok", n)
}

func makearrayptr() *[5]int {
	nmake++
	return &[5]int{1, 2, 3, 4, 5}
}

// async
func makearrayptrAsync() *[5]int {
	rt.Yield()
	return makearrayptr()
}

// async
func testarrayptr() {
	nmake = 0
	x := len(makearrayptr())
	if x != 5 || nmake != 1 {
		fmt.Println("len called makearrayptr", nmake, "times and got len", x)
		panic("fail")
	}
	nmake = 0
	x = cap(makearrayptrAsync())
	if x != 5 || nmake != 1 {
		fmt.Println("cap called makearrayptr", nmake, "times and got len", x)
		panic("fail")
	}
	s := 0
	nmake = 0
	for _, v := range makearrayptr() {
		rt.Yield()
		s += v
	}
	if nmake != 1 {
		fmt.Println("range called makearrayptr", nmake, "times")
		panic("fail")
	}
	if s != 15 {
		fmt.Println("wrong sum ranging over makearrayptr", s)
		panic("fail")
	}
	fmt.Println("testarrayptr ok", x, s)
}

// async
func testarrayptr1() {
	s := 0
	nmake = 0
	for i := range makearrayptr() {
		rt.Yield()
		s += i
	}
	if nmake != 1 {
		fmt.Println("range called makearrayptr", nmake, "times")
		panic("fail")
	}
	if s != 10 {
		fmt.Println("wrong sum ranging over makearrayptr", s)
		panic("fail")
	}
	fmt.Println("testarrayptr1 ok", s)
}

// async
func testarrayptr2() {
	n := 0
	nmake = 0
	for range makearrayptr() {
		rt.Yield()
		n++
	}
	if nmake != 1 {
		fmt.Println("range called makearrayptr", nmake, "times")
		panic("fail")
	}
	if n != 5 {
		fmt.Println("wrong count ranging over makearrayptr", n)
		panic("fail")
	}
	// The range expression is an async call.
	n = 0
	nmake = 0
	for range makearrayptrAsync() {
		rt.Yield()
		n++
	}
	if nmake != 1 || n != 5 {
		fmt.Println("wrong range over makearrayptrAsync", nmake, n)
		panic("fail")
	}
	fmt.Println("testarrayptr2 ok", n)
}

// test that range over string only evaluates
// the expression after "range" once.

func makestring() string {
	nmake++
	return "abcd☺"
}

// async
func makestringAsync() string {
	rt.Yield()
	return makestring()
}

// async
func teststring() {
	var s rune
	nmake = 0
	for _, v := range makestring() {
		rt.Yield()
		s += v
	}
	if nmake != 1 {
		fmt.Println("range called makestring", nmake, "times")
		panic("fail")
	}
	if s != 'a'+'b'+'c'+'d'+'☺' {
		fmt.Println("wrong sum ranging over makestring", s)
		panic("fail")
	}

	x := []rune{'a', 'b'}
	i := 1
	for i, x[i] = range "c" {
		rt.Yield()
		break
	}
	if i != 0 || x[0] != 'a' || x[1] != 'c' {
		fmt.Println("wrong parallel assignment", i, x[0], x[1])
		panic("fail")
	}

	y := []int{1, 2, 3}
	r := rune(1)
	for y[r], r = range "\x02" {
		rt.Yield()
		break
	}
	if r != 2 || y[0] != 1 || y[1] != 0 || y[2] != 3 {
		fmt.Println("wrong parallel assignment", r, y[0], y[1], y[2])
		panic("fail")
	}
	fmt.Println("teststring ok", s, i, string(x), r, y)
}

// async
func teststring1() {
	s := 0
	nmake = 0
	for i := range makestringAsync() {
		rt.Yield()
		s += i
	}
	if nmake != 1 {
		fmt.Println("range called makestring", nmake, "times")
		panic("fail")
	}
	if s != 10 {
		fmt.Println("wrong sum ranging over makestring", s)
		panic("fail")
	}
	// Byte offsets and runes, including an invalid byte.
	out := ""
	for i, c := range "x☺\xffy" {
		rt.Yield()
		out += fmt.Sprintf("%d:%U ", i, c)
	}
	fmt.Println("teststring1 ok", s, out)
}

// async
func teststring2() {
	n := 0
	nmake = 0
	for range makestring() {
		rt.Yield()
		n++
	}
	if nmake != 1 {
		fmt.Println("range called makestring", nmake, "times")
		panic("fail")
	}
	if n != 5 {
		fmt.Println("wrong count ranging over makestring", n)
		panic("fail")
	}
	fmt.Println("teststring2 ok", n)
}

// test that range over map only evaluates
// the expression after "range" once.

func makemap() map[int]int {
	nmake++
	return map[int]int{0: 'a', 1: 'b', 2: 'c', 3: 'd', 4: '☺'}
}

// async
func makemapAsync() map[int]int {
	rt.Yield()
	return makemap()
}

// async
func testmap() {
	s := 0
	nmake = 0
	for _, v := range makemap() {
		rt.Yield()
		s += v
	}
	if nmake != 1 {
		fmt.Println("range called makemap", nmake, "times")
		panic("fail")
	}
	if s != 'a'+'b'+'c'+'d'+'☺' {
		fmt.Println("wrong sum ranging over makemap", s)
		panic("fail")
	}
	// Keys and values together, collected and sorted.
	var kvs []string
	for k, v := range makemapAsync() {
		rt.Yield()
		kvs = append(kvs, fmt.Sprintf("%d=%c", k, v))
	}
	sort.Strings(kvs)
	fmt.Println("testmap ok", s, kvs)
}

// async
func testmap1() {
	s := 0
	nmake = 0
	for i := range makemap() {
		rt.Yield()
		s += i
	}
	if nmake != 1 {
		fmt.Println("range called makemap", nmake, "times")
		panic("fail")
	}
	if s != 10 {
		fmt.Println("wrong sum ranging over makemap", s)
		panic("fail")
	}
	// Assign form.
	var k, v int
	ks, vs := 0, 0
	for k, v = range makemap() {
		rt.Yield()
		ks += k
		vs += v
	}
	fmt.Println("testmap1 ok", s, ks, vs)
}

// async
func testmap2() {
	n := 0
	nmake = 0
	for range makemapAsync() {
		rt.Yield()
		n++
	}
	if nmake != 1 {
		fmt.Println("range called makemap", nmake, "times")
		panic("fail")
	}
	if n != 5 {
		fmt.Println("wrong count ranging over makemap", n)
		panic("fail")
	}
	// Entries deleted before they are reached are not produced.
	m := makemap()
	n = 0
	for k := range m {
		rt.Yield()
		n++
		for j := range 5 {
			rt.Yield()
			if j != k {
				delete(m, j)
			}
		}
	}
	// A nil map ranges zero times.
	var nm map[string]int
	for range nm {
		rt.Yield()
		panic("ranged over a nil map")
	}
	fmt.Println("testmap2 ok", n, len(m))
}

// test that range evaluates the index and value expressions
// exactly once per iteration.

var ncalls = 0

func getvar(p *int) *int {
	ncalls++
	return p
}

// async
func testcalls() {
	var i, v int
	si := 0
	sv := 0
	for *getvar(&i), *getvar(&v) = range [2]int{1, 2} {
		rt.Yield()
		si += i
		sv += v
	}
	if ncalls != 4 {
		fmt.Println("wrong number of calls:", ncalls, "!= 4")
		panic("fail")
	}
	if si != 1 || sv != 3 {
		fmt.Println("wrong sum in testcalls", si, sv)
		panic("fail")
	}

	ncalls = 0
	for *getvar(&i), *getvar(&v) = range [0]int{} {
		rt.Yield()
		fmt.Println("loop ran on empty array")
		panic("fail")
	}
	if ncalls != 0 {
		fmt.Println("wrong number of calls:", ncalls, "!= 0")
		panic("fail")
	}
	fmt.Println("testcalls ok", si, sv, i, v)
}

// Added: range over integers.

// async
func five() int {
	rt.Yield()
	return 5
}

// async
func testint() {
	s := 0
	for i := range 10 {
		rt.Yield()
		s += i
	}
	n := 0
	for range 3 {
		rt.Yield()
		n++
	}
	var b int8
	bs := 0
	for b = range int8(4) {
		rt.Yield()
		bs += int(b)
	}
	for b = range 3 {
		rt.Yield()
		bs += int(b) * 10
	}
	p := 1
	for i := range five() {
		rt.Yield()
		p *= i + 1
	}
	type myint uint16
	var m myint = 3
	ms := myint(0)
	for i := range m {
		rt.Yield()
		ms += i
	}
	z := 0
	for range -2 {
		rt.Yield()
		z++
	}
	fmt.Println("testint ok", s, n, b, bs, p, ms, z)
}

// Added: closures capture each iteration's variables.

// async
func testclosure() {
	var fs []func() string
	for i, c := range "abc" {
		rt.Yield()
		fs = append(fs, func() string { return fmt.Sprint(i, string(c)) })
	}
	var ps []*int
	for i := range 3 {
		ps = append(ps, &i)
		rt.Yield()
		i *= 10
	}
	var gs []func() int
	for _, v := range []int{7, 8, 9} {
		gs = append(gs, func() int { return v })
		v++ // changes only this iteration's v
		rt.Yield()
	}
	// The assign form reuses one variable: every closure sees its last value.
	var j int
	var hs []func() int
	for j = range 3 {
		hs = append(hs, func() int { return j })
		rt.Yield()
	}
	var out []string
	for _, h := range hs {
		rt.Yield()
		out = append(out, fmt.Sprint(h()))
	}
	for _, f := range fs {
		rt.Yield()
		out = append(out, f())
	}
	for _, p := range ps {
		rt.Yield()
		out = append(out, fmt.Sprint(*p))
	}
	for _, g := range gs {
		rt.Yield()
		out = append(out, fmt.Sprint(g()))
	}
	fmt.Println("testclosure ok", out)
}

// Added: the range expression is evaluated once; an array is copied, a
// slice is not, and a pointer to an array is not.

// async
func testmodify() {
	a := [3]int{1, 2, 3}
	sa := 0
	for i, v := range a {
		rt.Yield()
		if i == 0 {
			a[2] = 100
		}
		sa += v
	}
	sl := []int{1, 2, 3}
	ss := 0
	for i, v := range sl {
		rt.Yield()
		if i == 0 {
			sl[2] = 100
			sl = append(sl, 1000) // not ranged over
		}
		ss += v
	}
	pa := &[3]int{1, 2, 3}
	sp := 0
	for i, v := range pa {
		rt.Yield()
		if i == 0 {
			pa[2] = 100
			pa = &[3]int{5, 5, 5} // the loop keeps the old pointer
		}
		sp += v
	}
	var np *[4]int
	nk := 0
	for i := range np {
		rt.Yield()
		nk += i
	}
	fmt.Println("testmodify ok", sa, a, ss, sl, sp, *pa, nk)
}

// Added: labeled break and continue across nested range loops.

// async
func testlabels() {
	out := ""
outer:
	for i, w := range []string{"ab", "cxd", "ef", "gh"} {
		rt.Yield()
		for _, c := range w {
			rt.Yield()
			if c == 'x' {
				continue outer
			}
			if c == 'h' {
				break outer
			}
			out += string(c)
		}
		out += fmt.Sprint(i)
	}
	fmt.Println("testlabels ok", out)
}

// Added: range expressions that await in their operands, over a named
// string type and over fields of a struct.

// async
func idx(i int) int {
	rt.Yield()
	return i
}

// async
func makeN(n int) []int {
	rt.Yield()
	s := make([]int, n)
	for i := range s {
		rt.Yield()
		s[i] = i * i
	}
	return s
}

type mystr string

type holder struct {
	m  map[string]int
	xs []int
	a  [3]string
}

// async
func testexpr() {
	xs := []int{1, 2, 3, 4, 5}
	s := 0
	for _, v := range xs[idx(2):] {
		rt.Yield()
		s += v
	}
	t := 0
	for i, v := range makeN(idx(4)) {
		rt.Yield()
		t += i + v
	}
	out := ""
	for i, c := range mystr("h\u00e9") + mystr(alphabetAsync()[:2]) {
		rt.Yield()
		out += fmt.Sprint(i, string(c), " ")
	}
	h := holder{m: map[string]int{"x": 1, "y": 2, "z": 3}, xs: []int{4, 5}, a: [3]string{"p", "q", "r"}}
	ms := 0
	for k, v := range h.m {
		rt.Yield()
		ms += len(k) * v
		h.m[k] = v * 10 // updating an existing entry is allowed
	}
	for i := range h.xs {
		rt.Yield()
		h.xs[i] *= idx(3)
	}
	as := ""
	for i, v := range h.a {
		rt.Yield()
		h.a[2-i] = v + v // the loop ranges over a copy
		as += v
	}
	hm := 0
	for _, v := range h.m {
		rt.Yield()
		hm += v
	}
	fmt.Println("testexpr ok", s, t, out, ms, hm, h.xs, h.a, as)
}

// async
func Main() {
	testblankvars()
	testchan()
	testarray()
	testarray1()
	testarray2()
	testarrayptr()
	testarrayptr1()
	testarrayptr2()
	testslice()
	testslice1()
	testslice2()
	testslice3()
	teststring()
	teststring1()
	teststring2()
	testmap()
	testmap1()
	testmap2()
	testcalls()
	testint()
	testclosure()
	testmodify()
	testlabels()
	testexpr()
}
