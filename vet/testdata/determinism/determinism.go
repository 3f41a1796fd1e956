// Package determinism holds what a simulation cannot replay.
package determinism

import (
	"fmt"
	"math/rand"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// Hazards does each.
//
// async
func Hazards(m map[string]int, src *rand.Rand) {
	start := time.Now()            // want `^time.Now in async function Hazards reads the wall clock, not the loop's`
	fmt.Println(time.Since(start)) // want `^time.Since in async function Hazards`
	fmt.Println(rand.Intn(10))     // want `^rand.Intn in async function Hazards draws from the global source`
	go fmt.Println("elsewhere")    // want `^go statement in async function Hazards runs outside the loop's schedule`
	for k, v := range m {          // want `^range over a map in async function Hazards visits keys in a different order each run`
		fmt.Println(k, v)
	}
	fmt.Println(src.Intn(10)) // a source of the simulation's
	r := rand.New(rand.NewSource(1))
	fmt.Println(r.Intn(10))
	rt.Yield()
}

// Ordinary is not async: not reported.
func Ordinary() time.Time { return time.Now() }
