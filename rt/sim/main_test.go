package sim_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that no world leaves a host's goroutine behind.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
