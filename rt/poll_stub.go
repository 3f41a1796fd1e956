//go:build !linux && !darwin && !dragonfly && !freebsd && !netbsd && !openbsd

package rt

import (
	"errors"
	"runtime"
)

func newPoller() (Poller, error) {
	return nil, errors.New("rt: no poller for " + runtime.GOOS + "; pass one with WithPoller")
}
