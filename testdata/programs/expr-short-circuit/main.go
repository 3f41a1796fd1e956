// && and || whose right operands suspend: the right side (and its await)
// runs only when the left side does not decide the result. Also in if and
// for conditions, assignments, arguments and nested combinations.
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

var evaluated []string

//async
func t(name string) bool {
	rt.Yield()
	evaluated = append(evaluated, name)
	return true
}

//async
func f(name string) bool {
	rt.Yield()
	evaluated = append(evaluated, name)
	return false
}

func report(label string, v bool) {
	fmt.Println(label, v, evaluated)
	evaluated = nil
}

//async
func Main() {
	report("false && t:", false && t("skipped"))
	report("true && t:", true && t("run"))
	report("true || t:", true || t("skipped"))
	report("false || f:", false || f("run"))
	report("f && t:", f("a") && t("skipped"))
	report("t || f:", t("a") || f("skipped"))
	report("t && f || t:", t("a") && f("b") || t("c"))
	report("f || t && f:", f("a") || t("b") && f("c"))
	report("(f || f) && t:", (f("a") || f("b")) && t("skipped"))
	report("!f && !t:", !f("a") && !t("b"))

	var p *int
	if p != nil && *p > 0 && t("skipped") {
		fmt.Println("unreachable")
	}
	report("nil guard:", p == nil || t("skipped"))

	n := 0
	for n < 10 && t(fmt.Sprint("loop", n)) {
		n += 4
	}
	report("loop:", n == 12)

	x := 5
	ok := x > 3 && t("x>3") && x < 4 && t("skipped")
	report("assign:", ok)
	fmt.Println(x > 9 || f("arg"), evaluated)
}
