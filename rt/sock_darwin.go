//go:build darwin

package rt

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// sysSocket makes a non-blocking, close-on-exec socket. macOS has no
// SOCK_CLOEXEC: hold ForkLock so that no child inherits it meanwhile.
func sysSocket(family, sotype, proto int) (int, error) {
	syscall.ForkLock.RLock()
	fd, err := unix.Socket(family, sotype, proto)
	if err == nil {
		unix.CloseOnExec(fd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, err
	}
	if err := setupSocket(fd); err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

// sysAccept accepts a connection as a non-blocking, close-on-exec socket
// and says who the peer is.
func sysAccept(fd int) (int, ipPort, unix.Sockaddr, error) {
	syscall.ForkLock.RLock()
	nfd, sa, err := unix.Accept(fd)
	if err == nil {
		unix.CloseOnExec(nfd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, ipPort{}, nil, err
	}
	if err := setupSocket(nfd); err != nil {
		unix.Close(nfd)
		return -1, ipPort{}, nil, err
	}
	return nfd, ipPort{}, sa, nil
}

// setupSocket makes fd non-blocking and keeps a write to a closed peer
// from raising SIGPIPE.
func setupSocket(fd int) error {
	if err := unix.SetNonblock(fd, true); err != nil {
		return err
	}
	unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_NOSIGPIPE, 1)
	return nil
}
