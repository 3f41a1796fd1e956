//go:build unix && (!linux || race)

package rt

// sysRead reads the non-blocking descriptor fd into b: on this system (or
// under the race detector) always through the scheduler; see rawMax.
func sysRead(fd int, b []byte) (int, error) { return sysReadSched(fd, b) }

// sysWrite writes b to the non-blocking descriptor fd as sysRead reads.
func sysWrite(fd int, b []byte) (int, error) { return sysWriteSched(fd, b) }
