package bench

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"io"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// tlsConns is how many connections BenchmarkTLSEcho keeps busy.
const tlsConns = 50

// BenchmarkTLSEcho echoes 64-byte messages over TLS on tlsConns
// connections: impl=task is tls.go's //async server on one loop
// (rt.TLSServer), impl=goroutine a goroutine-per-connection crypto/tls
// server. Server and clients share the process; one op is one message
// echoed, and the client's cost is the same on both sides.
func BenchmarkTLSEcho(b *testing.B) {
	config := benchTLSConfig(b)
	b.Run("impl=task", func(b *testing.B) {
		l, err := rt.NewLoop()
		if err != nil {
			b.Fatal(err)
		}
		ln, err := rt.Await(rt.Listen("tcp", "127.0.0.1:0"))
		if err != nil {
			b.Fatal(err)
		}
		served := make(chan error, 1)
		go func() {
			served <- l.RunUntil(tlsServeAsync(ln, config))
			l.Close()
		}()
		tlsClients(b, ln.Addr().String())
		ln.Close()
		if err := <-served; err != nil {
			b.Fatal(err)
		}
	})
	b.Run("impl=goroutine", func(b *testing.B) {
		ln, err := tls.Listen("tcp", "127.0.0.1:0", config)
		if err != nil {
			b.Fatal(err)
		}
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer c.Close()
					buf := make([]byte, 4096)
					for {
						n, err := c.Read(buf)
						if err != nil {
							return
						}
						if _, err := c.Write(buf[:n]); err != nil {
							return
						}
					}
				}()
			}
		}()
		tlsClients(b, ln.Addr().String())
		ln.Close()
		wg.Wait()
	})
}

// tlsClients connects tlsConns TLS clients to addr, shakes hands, and then
// echoes b.N messages among them, timed.
func tlsClients(b *testing.B, addr string) {
	config := &tls.Config{InsecureSkipVerify: true}
	conns := make([]*tls.Conn, tlsConns)
	for i := range conns {
		c, err := tls.Dial("tcp", addr, config)
		if err != nil {
			b.Fatal(err)
		}
		conns[i] = c
	}
	msg := make([]byte, 64)
	b.ReportAllocs()
	b.ResetTimer()
	var wg sync.WaitGroup
	for i, c := range conns {
		n := b.N / tlsConns
		if i < b.N%tlsConns {
			n++
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, len(msg))
			for range n {
				if _, err := c.Write(msg); err != nil {
					b.Error(err)
					return
				}
				if _, err := io.ReadFull(c, buf); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	for _, c := range conns {
		c.Close()
	}
}

// benchTLSConfig returns a server config with a self-signed certificate
// for 127.0.0.1.
func benchTLSConfig(b *testing.B) *tls.Config {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		b.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
}
