// A type switch whose cases await, with a case nil, in a function that
// declares its own nil in another block: the lowered test compares the
// subject with a zero value instead of naming nil (the generator
// reported it).
package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/rt"
)

//async
func kind(x any) string {
	if x == 7 {
		nil := "seven"
		return nil
	}
	switch v := x.(type) {
	case nil:
		rt.Yield()
		return "nil"
	case int:
		rt.Yield()
		return fmt.Sprint("int ", v)
	case error, fmt.Stringer:
		return fmt.Sprint("error or stringer ", v)
	}
	return "other"
}

//async
func Main() {
	for _, x := range []any{nil, 3, 7, fmt.Errorf("e"), "s"} {
		fmt.Println(kind(x))
	}
}
