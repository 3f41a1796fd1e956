// Package fresh has its generated file up to date.
package fresh

import "github.com/asyncgen/asyncgen/rt"

// F is generated.
//
// async
func F() int {
	rt.Yield()
	return 1
}
