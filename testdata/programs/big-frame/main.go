// Many variables of many types live across the same awaits: arrays,
// structs, maps, channels, func values, interfaces, pointers, complex
// numbers, strings and byte slices; all must come back intact.
package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/asyncgen/asyncgen/rt"
)

type rec struct {
	id   int
	tags []string
}

//async
func Main() {
	arr := [4]int{1, 2, 3, 4}
	r := rec{id: 7, tags: []string{"x"}}
	m := map[string]int{"a": 1}
	ch := make(chan string, 2)
	fn := strings.ToUpper
	var iface fmt.Stringer
	ptr := &r
	c := complex(1, 2)
	s := "str"
	bs := []byte("bytes")
	var u8 uint8 = 250
	f32 := float32(1.5)
	var err error
	rt.Yield()
	arr[0] += 10
	r.tags = append(r.tags, "y")
	m["b"] = 2
	ch <- "one"
	rt.Yield()
	ch <- "two"
	u8 += 10
	c *= c
	bs[0] = 'B'
	rt.Yield()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println(arr, r, ptr.id, keys, <-ch, <-ch, fn(s), iface == nil, c, string(bs), u8, f32, err)
}
