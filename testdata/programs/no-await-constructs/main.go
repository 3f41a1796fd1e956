// Constructs that later issues support across awaits (defer, recover,
// range, select, type switches, goto) used where no await is inside them:
// in ordinary helpers, and in an async function between its awaits.
package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/asyncgen/asyncgen/rt"
)

// safeDiv recovers from the division panic: defer and recover in an
// ordinary function called from async code.
func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return a / b, nil
}

func kind(v any) string {
	switch v := v.(type) {
	case int:
		return fmt.Sprint("int ", v)
	case string:
		return "string " + v
	case error:
		return "error " + v.Error()
	default:
		return fmt.Sprintf("other %T", v)
	}
}

func countdown(n int) string {
	var sb strings.Builder
loop:
	if n > 0 {
		fmt.Fprint(&sb, n, " ")
		n--
		goto loop
	}
	return sb.String()
}

//async
func val(v int) int {
	rt.Yield()
	return v
}

//async
func Main() {
	fmt.Println(safeDiv(val(10), val(2)))
	fmt.Println(safeDiv(val(1), val(0)))
	n := val(3)
	total := 0
	for i, x := range []int{n, n * 2, n * 3} {
		total += i * x
	}
	for i := range n {
		total += i
	}
	for _, r := range "héllo" {
		total += int(r)
	}
	fmt.Println("total:", total, val(total))
	values := []any{val(1), "two", errors.New("three"), 4.0}
	for _, v := range values {
		fmt.Println(kind(v))
	}
	ch := make(chan int, 1)
	ch <- val(5)
	select {
	case v := <-ch:
		fmt.Println("received", v)
	default:
		fmt.Println("nothing")
	}
	rt.Yield()
	select {
	case v := <-ch:
		fmt.Println("received", v)
	default:
		fmt.Println("nothing")
	}
	fmt.Println(countdown(val(3)))
	var x any = val(7)
	switch x.(type) {
	case int:
		fmt.Println("x is int")
	}
	rt.Yield()
	fmt.Println("end", x)
}
