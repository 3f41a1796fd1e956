// Import names in generated files: packages imported under another name
// by the user, and two packages of the same name (the generated file
// imports the second under a name of its own): no local of the function
// may hide the names the generated file gives them. And a package the
// generated code imports on its own (unicode/utf8, for a range over a
// string) whose name the package declares (in other.go).
package main

import (
	crand "crypto/rand"
	"fmt"
	mrand "math/rand"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func Main() {
	r := mrand.New(mrand.NewSource(1))
	b := make([]byte, 4)
	rand, rand1, rand_1 := 4, 5, 6
	fmt.Println(rand, rand1, rand_1)
	rt.Yield()
	n, err := crand.Read(b)
	fmt.Println(r.Intn(10) >= 0, n, err)
	fmt.Println(count("héllo"))
}
