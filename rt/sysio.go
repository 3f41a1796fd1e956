//go:build unix

package rt

import "golang.org/x/sys/unix"

// sysReadSched reads the non-blocking descriptor fd into b through
// unix.Read, which tells the scheduler (and the race detector): EINTR is
// retried, EAGAIN is errAgain.
func sysReadSched(fd int, b []byte) (int, error) {
	n, err := unix.Read(fd, b)
	for err == unix.EINTR {
		n, err = unix.Read(fd, b)
	}
	if err != nil {
		if err == unix.EAGAIN {
			err = errAgain
		}
		return 0, err
	}
	return n, nil
}

// sysWriteSched writes b to the non-blocking descriptor fd through
// unix.Write as sysReadSched reads.
func sysWriteSched(fd int, b []byte) (int, error) {
	n, err := unix.Write(fd, b)
	for err == unix.EINTR {
		n, err = unix.Write(fd, b)
	}
	if err != nil {
		if err == unix.EAGAIN {
			err = errAgain
		}
		return max(n, 0), err
	}
	return n, nil
}
