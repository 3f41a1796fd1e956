// Package basic is a golden case: straight-line awaits, yields, returns of
// every shape and calls of other async functions.
package basic

import (
	"errors"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// Sum awaits a sleep, then adds.
//
//async
func Sum(a, b int) (int, error) {
	if _, err := rt.Await(rt.Sleep(time.Millisecond)); err != nil {
		return 0, err
	}
	return a + b, nil
}

// Nothing only yields.
//
//async
func Nothing() {
	rt.Yield()
}

// OnlyErr fails after a yield.
//
// async
func OnlyErr(fail bool) error {
	rt.Yield()
	if fail {
		return errors.New("failed")
	}
	return nil
}

// Three returns a long result list, named.
//
//async
func Three(x int) (lo, hi int, name string, err error) {
	lo = x - 1
	rt.Yield()
	hi = x + 1
	name = "three"
	return
}

// Caller calls the others, as plain Go calls.
//
//async
func Caller() (string, error) {
	s, err := Sum(1, 2)
	if err != nil {
		return "", err
	}
	Nothing()
	if err := OnlyErr(false); err != nil {
		return "", err
	}
	lo, hi, name, err := Three(s)
	if err != nil {
		return "", err
	}
	return name + string(rune('0'+lo+hi)), nil
}
