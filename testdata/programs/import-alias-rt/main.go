// The runtime imported under another name: suspension points are
// recognised by their package and object, not by the name "rt".
package main

import (
	"fmt"
	"time"

	asyncrt "github.com/asyncgen/asyncgen/rt"
)

//async
func slow(v string) string {
	asyncrt.Await(asyncrt.Sleep(time.Millisecond))
	asyncrt.Yield()
	return v + "!"
}

//async
func Main() {
	f := asyncrt.NewFuture[int]()
	f.Resolve(3)
	n, err := asyncrt.Await(f)
	fmt.Println(slow("aliased"), n, err)
	for i := 0; i < n; i++ {
		asyncrt.Yield()
		fmt.Println("i", i)
	}
}
