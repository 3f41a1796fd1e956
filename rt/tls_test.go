package rt_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/rt"
)

// testCert makes a self-signed certificate for 127.0.0.1 and returns it
// with a pool that trusts it.
func testCert(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "asyncgen test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// tlsPair listens on loop l, dials it from a goroutine with crypto/tls
// (trusting pool), and returns the loop's server side and the client's
// conn once the client has connected.
func tlsPair(t *testing.T, l *rt.Loop, cert tls.Certificate, pool *x509.CertPool) (*rt.TLSConn, <-chan *tls.Conn, <-chan error) {
	t.Helper()
	ln, err := run(t, l, await(rt.Listen("tcp", "127.0.0.1:0")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	clients := make(chan *tls.Conn, 1)
	errs := make(chan error, 1)
	go func() {
		c, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{RootCAs: pool})
		if err != nil {
			errs <- err
			close(clients)
			return
		}
		clients <- c
	}()
	c, err := run(t, l, await(ln.Accept()))
	if err != nil {
		t.Fatal(err)
	}
	return rt.TLSServer(c, &tls.Config{Certificates: []tls.Certificate{cert}}), clients, errs
}

func TestTLSServerEcho(t *testing.T) {
	l := newLoop(t)
	cert, pool := testCert(t)
	srv, clients, errs := tlsPair(t, l, cert, pool)
	defer srv.Close()
	if _, err := run(t, l, await(srv.Handshake())); err != nil {
		t.Fatalf("handshake: %v", err)
	}
	var client *tls.Conn
	select {
	case client = <-clients:
	case err := <-errs:
		t.Fatalf("client: %v", err)
	}
	defer client.Close()
	if v := srv.ConnectionState().Version; v < tls.VersionTLS12 {
		t.Errorf("version %x", v)
	}

	big := bytes.Repeat([]byte("0123456789abcdef"), 8<<10) // 128 KiB: many records
	sent := make(chan error, 1)
	go func() {
		for _, m := range [][]byte{[]byte("hello"), big} {
			if _, err := client.Write(m); err != nil {
				sent <- err
				return
			}
		}
		sent <- client.CloseWrite()
	}()
	// Echo until EOF, in reads of 4 KiB.
	var got []byte
	buf := make([]byte, 4096)
	for {
		n, err := run(t, l, await(srv.Read(buf)))
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("read after %d bytes: %v", len(got), err)
		}
		got = append(got, buf[:n]...)
		if _, err := run(t, l, await(srv.Write(buf[:n]))); err != nil {
			t.Fatalf("write: %v", err)
		}
	}
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
	want := append([]byte("hello"), big...)
	if !bytes.Equal(got, want) {
		t.Fatalf("server read %d bytes, want %d", len(got), len(want))
	}
	back := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(client)
		back <- b
	}()
	if _, err := run(t, l, await(srv.CloseWrite())); err != nil {
		t.Fatalf("CloseWrite: %v", err)
	}
	if b := <-back; !bytes.Equal(b, want) {
		t.Errorf("client read back %d bytes, want %d", len(b), len(want))
	}
}

func TestTLSClientAndCancelledRead(t *testing.T) {
	l := newLoop(t)
	cert, pool := testCert(t)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	proceed := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			served <- err
			return
		}
		defer c.Close()
		<-proceed
		b, err := io.ReadAll(c)
		if err == nil {
			_, err = c.Write(append([]byte("got "), b...))
		}
		served <- err
	}()
	c, err := run(t, l, await(rt.Dial("tcp", ln.Addr().String())))
	if err != nil {
		t.Fatal(err)
	}
	client := rt.TLSClient(c, &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"})
	defer client.Close()
	// A read with nothing to read, under Timeout: it runs the handshake,
	// waits, and is cancelled with the stream left whole.
	buf := make([]byte, 64)
	if _, err := run(t, l, await(rt.Timeout(client.Read(buf), 20*time.Millisecond))); err != rt.ErrTimeout {
		t.Fatalf("read under Timeout: %v, want ErrTimeout", err)
	}
	close(proceed)
	if _, err := run(t, l, await(client.Write([]byte("ping")))); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, l, await(client.CloseWrite())); err != nil {
		t.Fatal(err)
	}
	var got []byte
	for {
		n, err := run(t, l, await(client.Read(buf)))
		got = append(got, buf[:n]...)
		if err != nil {
			if err != io.EOF {
				t.Fatal(err)
			}
			break
		}
	}
	if err := <-served; err != nil {
		t.Fatal(err)
	}
	if string(got) != "got ping" {
		t.Errorf("read %q", got)
	}
}

func TestTLSHandshakeFailure(t *testing.T) {
	l := newLoop(t)
	cert, _ := testCert(t)
	srv, clients, errs := tlsPair(t, l, cert, x509.NewCertPool()) // the client trusts nobody
	defer srv.Close()
	_, err := run(t, l, await(srv.Handshake()))
	if err == nil {
		t.Fatal("handshake with a client that rejects the certificate succeeded")
	}
	if c, ok := <-clients; ok {
		c.Close()
		t.Fatal("client handshake succeeded")
	}
	if err := <-errs; err == nil {
		t.Fatal("no client error")
	}
	// Reads after a failed handshake fail with its error.
	if _, rerr := run(t, l, await(srv.Read(make([]byte, 8)))); rerr == nil {
		t.Error("read after a failed handshake succeeded")
	}
}

// runLoop runs l on a goroutine of its own until the returned stop is
// called.
func runLoop(t *testing.T, l *rt.Loop) (stop func()) {
	t.Helper()
	quit := rt.NewFuture[struct{}]()
	done := make(chan error)
	go func() { done <- l.RunUntil(await[struct{}](quit)) }()
	return func() {
		l.Submit(func() { quit.Resolve(struct{}{}) })
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

func TestNetConnDeadlines(t *testing.T) {
	l := newLoop(t)
	ln, err := run(t, l, await(rt.Listen("tcp", "127.0.0.1:0")))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	peer, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer peer.Close()
	c, err := run(t, l, await(ln.Accept()))
	if err != nil {
		t.Fatal(err)
	}
	nc := rt.NetConn(l, c)
	stop := runLoop(t, l)
	defer stop()

	if _, err := nc.Write([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 2)
	if _, err := io.ReadFull(peer, buf); err != nil || string(buf) != "hi" {
		t.Fatalf("peer read %q, %v", buf, err)
	}
	// A deadline that passes while Read waits.
	nc.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
	var ne net.Error
	if _, err := nc.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) || !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("read past its deadline: %v", err)
	}
	// A deadline in the past fails at once; clearing it reads again.
	if _, err := nc.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read with a past deadline: %v", err)
	}
	nc.SetReadDeadline(time.Time{})
	peer.Write([]byte("yo"))
	if n, err := io.ReadFull(nc, buf); n != 2 || err != nil || string(buf) != "yo" {
		t.Fatalf("read after clearing the deadline: %q, %v", buf[:n], err)
	}
	// Moving the deadline into the past cancels a Read that waits.
	result := make(chan error)
	go func() {
		_, err := nc.Read(buf)
		result <- err
	}()
	// The read may not have reached the loop yet: keep moving the
	// deadline until it has failed.
	for {
		nc.SetReadDeadline(time.Now().Add(-time.Second))
		select {
		case err := <-result:
			if !errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("read cancelled by SetReadDeadline: %v", err)
			}
		case <-time.After(time.Millisecond):
			continue
		}
		break
	}
	if err := nc.(interface{ CloseWrite() error }).CloseWrite(); err != nil {
		t.Fatal(err)
	}
	if n, err := peer.Read(buf); n != 0 || err != io.EOF {
		t.Errorf("peer read after CloseWrite: %d, %v", n, err)
	}
	if err := nc.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := nc.Write([]byte("x")); !errors.Is(err, net.ErrClosed) {
		t.Errorf("write after Close: %v", err)
	}
}

// TestTLSStreamUnderReaderAndWriter reads lines and a sized body through
// a Reader over a TLS stream, and answers through a Writer.
func TestTLSStreamUnderReaderAndWriter(t *testing.T) {
	l := newLoop(t)
	cert, pool := testCert(t)
	srv, clients, errs := tlsPair(t, l, cert, pool)
	defer srv.Close()
	stream := srv.Stream()
	// A read before the handshake fails, and says what to do.
	if _, err := run(t, l, await(rt.NewReader(stream).ReadLine())); err == nil || !strings.Contains(err.Error(), "Handshake") {
		t.Errorf("read before the handshake: %v", err)
	}
	if _, err := run(t, l, await(srv.Handshake())); err != nil {
		t.Fatal(err)
	}
	var client *tls.Conn
	select {
	case client = <-clients:
	case err := <-errs:
		t.Fatal(err)
	}
	defer client.Close()
	body := bytes.Repeat([]byte("x"), 40000) // several records
	go func() {
		client.Write([]byte("first line\nsecond line\n"))
		client.Write(body)
	}()
	r, w := rt.NewReader(stream), rt.NewWriter(stream)
	for _, want := range []string{"first line", "second line"} {
		line, err := run(t, l, await(r.ReadLine()))
		if err != nil || string(line) != want {
			t.Fatalf("ReadLine = %q, %v; want %q", line, err, want)
		}
	}
	got, err := run(t, l, await(r.ReadFull(len(body))))
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("ReadFull: %d bytes, %v", len(got), err)
	}
	back := make(chan string)
	go func() {
		b := make([]byte, 5)
		io.ReadFull(client, b)
		back <- string(b)
	}()
	if _, err := run(t, l, await(w.Write([]byte("thanks")))); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, l, await(w.Flush())); err != nil {
		t.Fatal(err)
	}
	if got := <-back; got != "thank" {
		t.Errorf("client read %q", got)
	}
}
