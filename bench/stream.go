package bench

import "github.com/asyncgen/asyncgen/rt"

// streamWrite dials addr and writes msg to it n times, each write awaited
// before the next: a task that only writes, BenchmarkWriteStream's
// impl=task. With the loop's io_uring each write completes when the loop
// submits its queue, at the end of the turn, so the task takes a turn a
// write; without it, the write's system call completes it at once.
//
// async
func streamWrite(addr string, msg []byte, n int) error {
	c, err := rt.Await(rt.Dial("tcp", addr))
	if err != nil {
		return err
	}
	defer c.Close()
	for range n {
		if _, err := rt.Await(c.Write(msg)); err != nil {
			return err
		}
	}
	return nil
}
