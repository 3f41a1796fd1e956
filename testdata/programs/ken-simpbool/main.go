// Ported from $GOROOT/test/ken/simpbool.go (operations on bool): the
// right operands of && and || are async calls, so short-circuiting decides
// which awaits run; each check prints instead of panicking, and the number
// of awaits that ran is printed at the end.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

type s struct {
	a bool
	b bool
}

var gets int

//async
func get(v bool) bool {
	rt.Yield()
	gets++
	return v
}

//async
func getp(p *bool) bool {
	rt.Yield()
	gets++
	return *p
}

func fail(n int) { fmt.Println("fail", n) }

//async
func Main() {
	var a, b bool

	a = true
	b = false

	if !a {
		fail(1)
	}
	if b {
		fail(2)
	}
	if !!!a {
		fail(3)
	}
	if !!b {
		fail(4)
	}

	a = !get(b)
	if !a {
		fail(5)
	}
	if !!!a {
		fail(6)
	}

	var x *s
	x = new(s)
	x.a = true
	x.b = false

	if !x.a {
		fail(7)
	}
	if x.b {
		fail(8)
	}
	if !!!x.a {
		fail(9)
	}
	if !!x.b {
		fail(10)
	}

	x.a = !getp(&x.b)
	if !x.a {
		fail(11)
	}
	if !!!x.a {
		fail(12)
	}

	/*
	 * test &&
	 */
	a = true
	b = true
	if !(a && get(b)) {
		fail(21)
	}
	if a && !get(b) {
		fail(22)
	}
	if !a && get(b) {
		fail(23)
	}
	if !a && !get(b) {
		fail(24)
	}

	a = false
	b = true
	if !(!a && get(b)) {
		fail(31)
	}
	if !a && !get(b) {
		fail(32)
	}
	if a && get(b) {
		fail(33)
	}
	if a && !get(b) {
		fail(34)
	}

	a = true
	b = false
	if !(a && !get(b)) {
		fail(41)
	}
	if a && get(b) {
		fail(41)
	}
	if !a && !get(b) {
		fail(41)
	}
	if !a && get(b) {
		fail(44)
	}

	a = false
	b = false
	if !(!a && !get(b)) {
		fail(51)
	}
	if !a && get(b) {
		fail(52)
	}
	if a && !get(b) {
		fail(53)
	}
	if a && get(b) {
		fail(54)
	}

	/*
	 * test ||
	 */
	a = true
	b = true
	if !(a || get(b)) {
		fail(61)
	}
	if !(a || !get(b)) {
		fail(62)
	}
	if !(!a || get(b)) {
		fail(63)
	}
	if !a || !get(b) {
		fail(64)
	}

	a = false
	b = true
	if !(!a || get(b)) {
		fail(71)
	}
	if !(!a || !get(b)) {
		fail(72)
	}
	if !(a || get(b)) {
		fail(73)
	}
	if a || !get(b) {
		fail(74)
	}

	a = true
	b = false
	if !(a || !get(b)) {
		fail(81)
	}
	if !(a || get(b)) {
		fail(82)
	}
	if !(!a || !get(b)) {
		fail(83)
	}
	if !a || get(b) {
		fail(84)
	}

	a = false
	b = false
	if !(!a || !get(b)) {
		fail(91)
	}
	if !(!a || get(b)) {
		fail(92)
	}
	if !(a || !get(b)) {
		fail(93)
	}
	if a || get(b) {
		fail(94)
	}
	fmt.Println("done, awaited", gets, "times")
}
