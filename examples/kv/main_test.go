package main

import (
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// TestDemo runs what the command runs by default, shorter: the three
// replicas and the client on loopback, every read checked against the
// last write, and the replicas stopped at the end.
func TestDemo(t *testing.T) {
	run, err := rt.Run(demoAsync(200 * time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if run.Ops < 5 {
		t.Errorf("%d operations in 200ms on loopback", run.Ops)
	}
}
