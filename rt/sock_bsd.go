//go:build dragonfly || freebsd || netbsd || openbsd

package rt

import "golang.org/x/sys/unix"

// sysAccept accepts a connection as a non-blocking, close-on-exec socket
// and says who the peer is.
func sysAccept(fd int) (int, ipPort, unix.Sockaddr, error) {
	nfd, sa, err := unix.Accept4(fd, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
	return nfd, ipPort{}, sa, err
}
