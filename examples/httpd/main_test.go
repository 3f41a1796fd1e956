package main

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Each test runs twice: generated, with every connection a task on one
// loop, and untransformed, in blocking mode, where each Await blocks and
// the group runs each connection on a goroutine of its own.
var modes = []struct {
	name      string
	generated bool
}{{"generated", true}, {"blocking", false}}

// testConfig has short timeouts, so that tests of them end soon.
func testConfig() *config {
	cfg := defaults
	cfg.idle = 2 * time.Second
	cfg.headerTimeout = 300 * time.Millisecond
	cfg.bodyTimeout = time.Second
	cfg.maxHeader = 1024
	cfg.maxBody = 64 << 10
	return &cfg
}

// forEachMode starts a server with cfg in each mode and runs fn against
// it; the server must stop cleanly once fn's clients are gone.
func forEachMode(t *testing.T, cfg *config, fn func(t *testing.T, s *server)) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			s, err := start(cfg, m.generated)
			if err != nil {
				t.Fatal(err)
			}
			fn(t, s)
			if err := s.stop(); err != nil {
				t.Errorf("server: %v", err)
			}
		})
	}
}

// dial opens a raw connection to s that fails any read or write after
// 10 s: a hang fails the test instead of stalling it.
func dial(t *testing.T, s *server) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", s.ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(10 * time.Second))
	t.Cleanup(func() { c.Close() })
	return c
}

// readAll reads responses from br until n have come or the stream ends.
func readResponses(t *testing.T, br *bufio.Reader, n int) []string {
	t.Helper()
	var got []string
	for range n {
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("after %d responses: %v", len(got), err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d %s", resp.StatusCode, b))
	}
	return got
}

// wantClosed checks that the server closes c without sending more.
func wantClosed(t *testing.T, br *bufio.Reader) {
	t.Helper()
	b, err := br.ReadByte()
	if err != io.EOF && !errors.Is(err, net.ErrClosed) && !isReset(err) {
		t.Fatalf("read %q, %v: want the server to close the connection", b, err)
	}
}

func isReset(err error) bool {
	return err != nil && strings.Contains(err.Error(), "connection reset")
}

func TestRoutesKeepAlive(t *testing.T) {
	forEachMode(t, testConfig(), func(t *testing.T, s *server) {
		tr := &http.Transport{MaxConnsPerHost: 1}
		defer tr.CloseIdleConnections()
		client := &http.Client{Transport: tr}
		reused := 0
		trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
			if info.Reused {
				reused++
			}
		}}
		for i, tc := range []struct {
			method, path, body string
			status             int
			want               string
		}{
			{"GET", "/", "", 200, "hello, world\n"},
			{"POST", "/echo", "ping", 200, "ping"},
			{"POST", "/echo", strings.Repeat("0123456789", 5000), 200, strings.Repeat("0123456789", 5000)},
			{"POST", "/echo", "", 200, ""},
			{"GET", "/sleep?ms=10", "", 200, "slept 10 ms\n"},
			{"GET", "/sleep?ms=x", "", 400, "want ?ms=N, 0 <= N <= 10000\n"},
			{"POST", "/", "", 405, "GET only\n"},
			{"GET", "/nowhere", "", 404, "not found\n"},
			{"HEAD", "/", "", 200, ""},
			{"GET", "/", "", 200, "hello, world\n"},
		} {
			req, err := http.NewRequest(tc.method, s.url(tc.path), strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
			resp, err := client.Do(req)
			if err != nil {
				t.Fatalf("%s %s: %v", tc.method, tc.path, err)
			}
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tc.status || string(b) != tc.want {
				t.Errorf("%d: %s %s: %d %.40q, want %d %.40q", i, tc.method, tc.path, resp.StatusCode, b, tc.status, tc.want)
			}
		}
		if reused != 9 {
			t.Errorf("%d of 9 requests reused the first connection: keep-alive does not hold", reused)
		}
	})
}

func TestPipelining(t *testing.T) {
	forEachMode(t, testConfig(), func(t *testing.T, s *server) {
		c := dial(t, s)
		reqs := "GET / HTTP/1.1\r\nHost: x\r\n\r\n" +
			"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nfirst" +
			"GET /sleep?ms=5 HTTP/1.1\r\nHost: x\r\n\r\n" +
			"\r\n" + // an empty line between requests is allowed
			"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecond"
		if _, err := io.WriteString(c, reqs); err != nil {
			t.Fatal(err)
		}
		br := bufio.NewReader(c)
		got := readResponses(t, br, 4)
		want := []string{"200 hello, world\n", "200 first", "200 slept 5 ms\n", "200 second"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("got %q\nwant %q", got, want)
		}
		wantClosed(t, br)
	})
}

func TestHTTP10(t *testing.T) {
	forEachMode(t, testConfig(), func(t *testing.T, s *server) {
		c := dial(t, s)
		io.WriteString(c, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n")
		br := bufio.NewReader(c)
		readResponses(t, br, 2)
		wantClosed(t, br) // HTTP/1.0 without keep-alive closes
	})
}

// TestRefused sends requests the server must refuse: each gets its status
// and the connection is closed, and the server goes on serving others.
func TestRefused(t *testing.T) {
	forEachMode(t, testConfig(), func(t *testing.T, s *server) {
		for _, tc := range []struct {
			name, req string
			status    int
		}{
			{"garbage", "GARBAGE\r\n\r\n", 400},
			{"no version", "GET /\r\n\r\n", 400},
			{"lower-case method", "get / HTTP/1.1\r\n\r\n", 400},
			{"not a path", "GET x HTTP/1.1\r\n\r\n", 400},
			{"version", "GET / HTTP/2.0\r\n\r\n", 505},
			{"header without colon", "GET / HTTP/1.1\r\nHost x\r\n\r\n", 400},
			{"bad length", "POST /echo HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400},
			{"long request line", "GET /" + strings.Repeat("a", 2000) + " HTTP/1.1\r\n\r\n", 431},
			{"long header line", "GET / HTTP/1.1\r\nX: " + strings.Repeat("a", 2000) + "\r\n\r\n", 431},
			{"long head", "GET / HTTP/1.1\r\n" + strings.Repeat("X-A: aaaaaaaaaaaaaaaa\r\n", 60) + "\r\n", 431},
			{"body too large", "POST /echo HTTP/1.1\r\nContent-Length: 1000000\r\n\r\n", 413},
			{"chunked", "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 501},
		} {
			c := dial(t, s)
			io.WriteString(c, tc.req)
			br := bufio.NewReader(c)
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
				continue
			}
			io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status || !resp.Close {
				t.Errorf("%s: %s, close %v; want %d and Connection: close", tc.name, resp.Status, resp.Close, tc.status)
			}
			if tc.status != 431 { // the server may reset a client whose head it did not read
				wantClosed(t, br)
			}
		}
		c := dial(t, s)
		io.WriteString(c, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
		if got := readResponses(t, bufio.NewReader(c), 1); got[0] != "200 hello, world\n" {
			t.Errorf("after the refusals: %q", got)
		}
	})
}

// TestSlowloris holds a connection that sends its head a byte at a time:
// the server closes it once the head has taken longer than the header
// timeout, and serves another client all the while.
func TestSlowloris(t *testing.T) {
	forEachMode(t, testConfig(), func(t *testing.T, s *server) {
		slow := dial(t, s)
		dripped := make(chan int)
		go func() {
			n := 0
			head := "GET / HTTP/1.1\r\n" + strings.Repeat("X-Slow: 1\r\n", 1000)
			for i := 0; i < len(head); i++ {
				if _, err := io.WriteString(slow, head[i:i+1]); err != nil {
					break
				}
				n++
				time.Sleep(20 * time.Millisecond)
			}
			dripped <- n
		}()
		for range 3 {
			c := dial(t, s)
			io.WriteString(c, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
			if got := readResponses(t, bufio.NewReader(c), 1); got[0] != "200 hello, world\n" {
				t.Errorf("beside the slow client: %q", got)
			}
		}
		wantClosed(t, bufio.NewReader(slow))
		slow.Close()
		if n := <-dripped; n >= len("GET / HTTP/1.1\r\n")+1000*len("X-Slow: 1\r\n") {
			t.Errorf("the slow client sent its whole head (%d bytes) before the server closed it", n)
		}
	})
}

// TestIdle opens a connection that sends nothing: the server closes it
// after the idle timeout.
func TestIdle(t *testing.T) {
	cfg := testConfig()
	cfg.idle = 100 * time.Millisecond
	forEachMode(t, cfg, func(t *testing.T, s *server) {
		c := dial(t, s)
		wantClosed(t, bufio.NewReader(c))
	})
}

// TestSlowBody sends a head promising a body that never comes.
func TestSlowBody(t *testing.T) {
	cfg := testConfig()
	cfg.bodyTimeout = 100 * time.Millisecond
	forEachMode(t, cfg, func(t *testing.T, s *server) {
		c := dial(t, s)
		io.WriteString(c, "POST /echo HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc")
		wantClosed(t, bufio.NewReader(c))
	})
}

// TestCurl talks to the server with curl, an HTTP client that is not Go's.
func TestCurl(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("curl is not installed (apt-get install curl): skipping the test with curl")
	}
	forEachMode(t, testConfig(), func(t *testing.T, s *server) {
		// Two URLs in one run: curl reuses the connection.
		out, err := exec.Command(curl, "-sS", "--fail-with-body", s.url("/"), s.url("/sleep?ms=1")).CombinedOutput()
		if err != nil || string(out) != "hello, world\nslept 1 ms\n" {
			t.Errorf("curl GET: %v\n%s", err, out)
		}
		out, err = exec.Command(curl, "-sS", "--fail-with-body", "--data-binary", "a body\n", s.url("/echo")).CombinedOutput()
		if err != nil || string(out) != "a body\n" {
			t.Errorf("curl POST: %v\n%s", err, out)
		}
		out, _ = exec.Command(curl, "-sS", "-o", "/dev/null", "-w", "%{http_code}", s.url("/nowhere")).CombinedOutput()
		if string(out) != "404" {
			t.Errorf("curl GET /nowhere: %s", out)
		}
	})
}

func TestDemo(t *testing.T) {
	var out bytes.Buffer
	if err := demo(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`GET / -> 200 OK "hello, world\n"`, `POST /echo -> 200 OK "ping"`, `GET /nowhere -> 404 Not Found`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %s:\n%s", want, out.String())
		}
	}
}

// TestSpread serves over three loops, each on a thread of its own, and
// checks the answers on several keep-alive connections at once.
func TestSpread(t *testing.T) {
	s, err := startSpread(testConfig(), 3)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}, Timeout: 10 * time.Second}
	errs := make(chan error, 8)
	for i := range 8 {
		go func() {
			for range 5 {
				body := fmt.Sprintf("conn %d", i)
				resp, err := client.Post(s.url("/echo"), "text/plain", strings.NewReader(body))
				if err != nil {
					errs <- err
					return
				}
				b, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || string(b) != body {
					errs <- fmt.Errorf("POST /echo %q: got %q, %v", body, b, err)
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	client.CloseIdleConnections()
	if err := s.stop(); err != nil {
		t.Errorf("server: %v", err)
	}
}

// testTLS makes a self-signed certificate for 127.0.0.1, writes it and
// its key to PEM files in a temporary directory, as -cert and -key take
// them, and loads them as the command does.
func testTLS(t *testing.T) *tls.Config {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})
	if err := os.WriteFile(certFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := tlsConfig(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestHTTPS serves HTTPS (generated mode: a TLS stream has no blocking
// mode) to Go's client, then to curl -k, then to the command itself run
// with -cert and -key.
func TestHTTPS(t *testing.T) {
	tlsCfg := testTLS(t)
	cfg := testConfig()
	cfg.tls = tlsCfg
	s, err := start(cfg, true)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}, Timeout: 10 * time.Second}
	for i := range 3 { // on one kept-alive connection
		body := fmt.Sprintf("over TLS %d", i)
		resp, err := client.Post(s.url("/echo"), "text/plain", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != body || resp.TLS == nil {
			t.Fatalf("POST /echo over HTTPS: %q (TLS %v)", b, resp.TLS != nil)
		}
	}
	// A client that never sends its hello is cut off after the head's
	// timeout (the connection closes; dial's own deadline is far later),
	// and the server goes on.
	raw := dial(t, s)
	defer raw.Close()
	if n, err := raw.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("a client silent in its handshake: read %d, %v; want the server to close (EOF)", n, err)
	}
	client.CloseIdleConnections()
	if curl, err := exec.LookPath("curl"); err == nil {
		out, err := exec.Command(curl, "-sS", "-k", "--fail-with-body", s.url("/")).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "hello, world") {
			t.Errorf("curl -k: %v\n%s", err, out)
		}
	} else {
		t.Log("curl is not installed (apt-get install curl): HTTPS tested with Go's client only")
	}
	if err := s.stop(); err != nil {
		t.Errorf("server: %v", err)
	}
}
