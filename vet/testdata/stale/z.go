package stale

import "github.com/asyncgen/asyncgen/rt"

// Z lost its marker after z_async.go was generated.
func Z() int {
	rt.Yield()
	return 3
}
