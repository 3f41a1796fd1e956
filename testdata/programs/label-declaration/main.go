// Labels on statements that declare variables, as goto targets: a short
// variable declaration and a var declaration whose variables live across
// an await, a label on a label, a labelled block, a labelled statement
// that awaits, and labelled for, range and switch statements whose init or
// range expression awaits while the rest does not (a goto to the label
// runs the init again; break and continue name the same label).
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func next(n int) int {
	rt.Yield()
	return n + 1
}

//async
func shortDecl() {
	n := 0
L:
	total := n
	rt.Yield()
	total++
	fmt.Println("shortDecl:", total)
	n++
	if n < 3 {
		goto L
	}
}

//async
func varDecl() {
	n := 0
L:
	var total, other = n * 10, "x"
	rt.Yield()
	total++
	other += "y"
	fmt.Println("varDecl:", total, other)
	n++
	if n < 2 {
		goto L
	}
}

//async
func varDeclZero() {
	n := 0
L:
	var acc []int
	acc = append(acc, n)
	rt.Yield()
	fmt.Println("varDeclZero:", acc)
	n++
	if n < 2 {
		goto L
	}
}

//async
func labelOnLabel() {
	n := 0
A:
B:
	s := fmt.Sprint("pass ", n)
	rt.Yield()
	fmt.Println("labelOnLabel:", s)
	n++
	if n == 1 {
		goto A
	}
	if n == 2 {
		goto B
	}
}

//async
func labelledBlock() {
	n := 0
L:
	{
		v := n * 2
		rt.Yield()
		fmt.Println("labelledBlock:", v)
	}
	n++
	if n < 2 {
		goto L
	}
}

//async
func labelledAwait() {
	n := 0
L:
	m := next(n)
	fmt.Println("labelledAwait:", m)
	n = m
	if n < 3 {
		goto L
	}
}

//async
func labelledCapture() {
	var fs []func() int
	n := 0
L:
	c := n
	fs = append(fs, func() int { return c })
	rt.Yield()
	n++
	if n < 3 {
		goto L
	}
	for _, fn := range fs {
		fmt.Println("labelledCapture:", fn())
	}
}

//async
func labelledFor() {
	pass := 0
L:
	for i := next(0); i < 4; i++ {
		if i == 2 {
			continue L
		}
		if i == 3 && pass == 0 {
			break L
		}
		fmt.Println("labelledFor:", pass, i)
	}
	pass++
	if pass < 2 {
		goto L
	}
}

//async
func labelledRange() {
	pass := 0
L:
	for _, x := range []int{next(0), next(1), next(2)} {
		if x == 2 {
			continue L
		}
		if x == 3 && pass == 0 {
			break L
		}
		fmt.Println("labelledRange:", pass, x)
	}
	pass++
	if pass < 2 {
		goto L
	}
}

//async
func labelledSwitch() {
	pass := 0
L:
	switch v := next(pass); v {
	case 1:
		fmt.Println("labelledSwitch: one")
		break L
	default:
		fmt.Println("labelledSwitch:", v)
	}
	pass++
	if pass < 2 {
		goto L
	}
}

//async
func labelledTypeSwitch() {
	pass := 0
L:
	switch v := any(next(pass)).(type) {
	case int:
		if v == 1 {
			break L
		}
		fmt.Println("labelledTypeSwitch:", v)
	}
	pass++
	if pass < 2 {
		goto L
	}
}

//async
func Main() {
	shortDecl()
	varDecl()
	varDeclZero()
	labelOnLabel()
	labelledBlock()
	labelledAwait()
	labelledCapture()
	labelledFor()
	labelledRange()
	labelledSwitch()
	labelledTypeSwitch()
}
