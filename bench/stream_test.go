package bench

import (
	"io"
	"net"
	"testing"

	"github.com/asyncgen/asyncgen/rt"
)

// BenchmarkWriteStream writes 64-byte messages over one connection to a
// goroutine in the process that discards them; one op is one write.
// impl=task is streamWrite, a task that awaits each write, on a loop of
// its own; impl=goroutine the same writes through a net.Conn. Run it with
// ASYNCGEN_IORING=0 to compare the loop's io_uring with a system call a
// write.
func BenchmarkWriteStream(b *testing.B) {
	msg := make([]byte, echoMsg)
	b.Run("impl=task", func(b *testing.B) {
		addr := discardServer(b)
		b.ResetTimer()
		if _, err := rt.Run(streamWriteAsync(addr, msg, b.N)); err != nil {
			b.Fatal(err)
		}
	})
	b.Run("impl=goroutine", func(b *testing.B) {
		c, err := net.Dial("tcp", discardServer(b))
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		b.ResetTimer()
		for range b.N {
			if _, err := c.Write(msg); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// discardServer listens on a port of 127.0.0.1 and discards what each
// connection sends, until b ends; it returns the address.
func discardServer(b *testing.B) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				io.Copy(io.Discard, c)
			}()
		}
	}()
	return ln.Addr().String()
}
