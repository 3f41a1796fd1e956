// Package helper is called from async functions of another package.
package helper

import "time"

// Slow blocks two calls down.
func Slow() { // want Slow:"blocks via helper.wait → time.Sleep"
	wait()
}

func wait() { // want wait:"blocks via time.Sleep"
	time.Sleep(time.Millisecond)
}

// Quick does not block.
func Quick() int { return 1 }

// Custom blocks only by the -funcs flag's say.
func Custom() {}
