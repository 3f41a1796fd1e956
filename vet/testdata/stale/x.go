// Package stale has a stale, a missing and a leftover generated file.
package stale

import "github.com/asyncgen/asyncgen/rt"

// X changed after x_async.go was generated.
//
// async
func X() int {
	rt.Yield()
	return 2
}
