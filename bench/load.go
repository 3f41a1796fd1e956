package bench

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
)

// EchoLoad echoes n messages of size bytes over the connections cs, each
// sending one, waiting for it to come back and sending the next, and
// returns the first error. It is the client of BenchmarkEcho and of
// bench/echoload (bench/instr.sh's load).
func EchoLoad(cs []net.Conn, n int64, size int) error {
	var left atomic.Int64
	left.Store(n)
	var wg sync.WaitGroup
	errs := make(chan error, len(cs))
	for _, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			msg, back := make([]byte, size), make([]byte, size)
			for left.Add(-1) >= 0 {
				if _, err := c.Write(msg); err != nil {
					errs <- err
					return
				}
				if _, err := io.ReadFull(c, back); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}
