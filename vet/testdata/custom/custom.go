// Package custom is checked with -funcs naming helper.Custom.
package custom

import "example.com/vettest/blocking/helper"

// Custom blocks by the -funcs flag.
//
// async
func Custom() {
	helper.Custom() // want `^helper.Custom in async function Custom blocks the loop: move it into rt.Blocking`
	helper.Quick()
}
