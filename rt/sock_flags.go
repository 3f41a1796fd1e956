//go:build linux || dragonfly || freebsd || netbsd || openbsd

package rt

import "golang.org/x/sys/unix"

// sysSocket makes a non-blocking, close-on-exec socket in one call.
func sysSocket(family, sotype, proto int) (int, error) {
	return unix.Socket(family, sotype|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, proto)
}
