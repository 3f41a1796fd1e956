package main

import (
	"testing"

	"github.com/asyncgen/asyncgen/rt"
)

// The generated chain reads the source only as far as the loop asks, as
// the same code does in blocking mode, where the generators are plain
// iterators.
func TestTailReadsOnlyWhatItNeeds(t *testing.T) {
	if n := tail(newSource(), "ERROR", 2); n != 6 {
		t.Errorf("blocking mode: tail read %d lines; want 6", n)
	}
	n, err := rt.Run(tailAsync(newSource(), "ERROR", 2))
	if err != nil || n != 6 {
		t.Errorf("tailAsync = %d, %v; want 6, nil", n, err)
	}
	n, err = rt.Run(tailAsync(newSource(), "ERROR", 10))
	if err != nil || n != 8 {
		t.Errorf("tailAsync asking for more than there is = %d, %v; want 8, nil", n, err)
	}
}
