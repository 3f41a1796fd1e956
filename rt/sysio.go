//go:build unix

package rt

import "golang.org/x/sys/unix"

// sysSched is call (unix.Read or unix.Write) of b on the non-blocking
// descriptor fd, which tells the scheduler (and the race detector): EINTR
// is retried, EAGAIN is errAgain.
func sysSched(call func(int, []byte) (int, error), fd int, b []byte) (int, error) {
	n, err := call(fd, b)
	for err == unix.EINTR {
		n, err = call(fd, b)
	}
	if err != nil {
		if err == unix.EAGAIN {
			err = errAgain
		}
		return 0, err
	}
	return n, nil
}
