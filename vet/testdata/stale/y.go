package stale // want `^y_async.go is missing: y.go has async functions; run asyncgen \(go generate\)$`

import "github.com/asyncgen/asyncgen/rt"

// Y was never generated.
//
// async
func Y() int {
	rt.Yield()
	return 2
}
