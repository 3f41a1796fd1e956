//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package rt_test

import (
	"io"
	"net"
	"testing"

	"github.com/asyncgen/asyncgen/rt"
)

// BenchmarkConnPingPong passes a 64-byte message back and forth over
// loopback TCP: one op is a round trip. impl=task runs both ends as tasks
// of one loop, frames as asyncgen writes them (pingFrame and echoFrame:
// Conn.Write and Conn.Read on one end, Reader.ReadSome and Conn.Write on
// the other), and allocates nothing per round trip; impl=goroutine is the
// net package, a goroutine per end.
func BenchmarkConnPingPong(b *testing.B) {
	b.Run("impl=task", func(b *testing.B) {
		l, err := rt.NewLoop()
		if err != nil {
			b.Fatal(err)
		}
		defer l.Close()
		ln, err := rt.Await(rt.Listen("tcp", "127.0.0.1:0"))
		if err != nil {
			b.Fatal(err)
		}
		defer ln.Close()
		c, err := rt.Await(rt.Dial("tcp", ln.Addr().String()))
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		s, err := rt.Await(ln.Accept())
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		l.Spawn(rt.NewTask(&echoFrame{c: s}))
		msg, buf := make([]byte, 64), make([]byte, 64)
		client := rt.NewTask(&pingFrame{c: c, msg: msg, buf: buf, rounds: b.N})
		b.ReportAllocs()
		b.ResetTimer()
		if err := l.RunUntil(client); err != nil {
			b.Fatal(err)
		}
		if err := client.Err(); err != nil {
			b.Fatal(err)
		}
	})
	b.Run("impl=goroutine", func(b *testing.B) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		defer ln.Close()
		done := make(chan struct{})
		go func() {
			defer close(done)
			s, err := ln.Accept()
			if err != nil {
				return
			}
			defer s.Close()
			buf := make([]byte, 64)
			for {
				n, err := s.Read(buf)
				if err != nil {
					return
				}
				s.Write(buf[:n])
			}
		}()
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			b.Fatal(err)
		}
		msg, buf := make([]byte, 64), make([]byte, 64)
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			c.Write(msg)
			if _, err := io.ReadFull(c, buf); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		c.Close()
		<-done
	})
}
