package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"homeward/sync/server"
	"homeward/sync/server/postgres"
	"homeward/sync/server/sqlite"
	"homeward/vault"
)

// central is the central store of a run: the run's own backend handle, for
// the users, their enrolment codes and the final check, and the server
// instances the devices reach, each behind its own cutting proxy.
type central struct {
	admin     server.Backend
	certDER   []byte
	instances []*instance
	cuts      []*cutter // cuts[i] is in front of instances[i]
	timings   *timings
}

// instance is one server process of the run: a backend handle (a connection
// pool) of its own on the central store, served on a loopback port of its
// own.
type instance struct {
	open    func(context.Context) (server.Backend, error)
	cert    tls.Certificate
	timings *timings
	addr    string
	b       server.Backend
	hs      *http.Server
}

// openBackend returns how to open a handle on the run's central store: the
// PostgreSQL database at c.postgres, SQLite in a running server's folder
// c.data, or SQLite in the folder dir.
func openBackend(c config, dir string) func(context.Context) (server.Backend, error) {
	if c.postgres != "" {
		return func(ctx context.Context) (server.Backend, error) { return postgres.Open(ctx, c.postgres) }
	}
	if c.data != "" {
		dir = c.data
	} else {
		dir = filepath.Join(dir, "server")
	}
	return func(ctx context.Context) (server.Backend, error) { return sqlite.Open(ctx, dir) }
}

// startCentral creates the organisation in a store that holds none and starts
// c.servers instances on it.
func startCentral(ctx context.Context, c config, dir string) (_ *central, err error) {
	open := openBackend(c, dir)
	admin, err := open(ctx)
	if err != nil {
		return nil, fmt.Errorf("open the central store: %w", err)
	}
	cen := &central{admin: admin, timings: newTimings()}
	defer func() {
		if err != nil {
			cen.close()
		}
	}()
	rec, err := vault.NewIdentity()
	if err != nil {
		return nil, err
	}
	pub := rec.Public()
	token := make([]byte, 32)
	rand.Read(token)
	err = admin.Init(ctx, server.Org{Name: "Simulated Borough", RecoveryBox: pub.Box[:], RecoverySign: pub.Sign, TokenKey: token})
	if errors.Is(err, server.ErrExists) {
		return nil, errors.New("the PostgreSQL database --postgres names already holds an organisation: homeward-sim makes its own, so give it an empty database or schema (or run against that database's server with --server)")
	}
	if err != nil {
		return nil, err
	}
	cert, err := makeCert()
	if err != nil {
		return nil, err
	}
	cen.certDER = cert.Certificate[0]
	for range c.servers {
		in := &instance{open: open, cert: cert, timings: cen.timings, addr: "127.0.0.1:0"}
		if err := in.start(ctx); err != nil {
			return nil, err
		}
		cen.instances = append(cen.instances, in)
		cut, err := newCutter(in.addr, c.seed+uint64(len(cen.cuts)))
		if err != nil {
			return nil, err
		}
		cen.cuts = append(cen.cuts, cut)
	}
	return cen, nil
}

// joinCentral is the central store of a homeward-server already running at
// c.server, on loopback, whose backend c.data or c.postgres names: the run
// adds its users and codes there, pinning the certificate the server
// presents, and starts no server of its own.
func joinCentral(ctx context.Context, c config) (_ *central, err error) {
	addr, err := loopback(ctx, c.server)
	if err != nil {
		return nil, err
	}
	if c.data != "" {
		if _, err := os.Stat(filepath.Join(c.data, "homeward-server.db")); err != nil {
			return nil, fmt.Errorf("--data %s holds no central store of homeward-server's: %w", c.data, err)
		}
	}
	admin, err := openBackend(c, "")(ctx)
	if err != nil {
		return nil, fmt.Errorf("open the central store of the server at %s: %w", addr, err)
	}
	cen := &central{admin: admin}
	defer func() {
		if err != nil {
			cen.close()
		}
	}()
	if _, err := admin.Org(ctx); errors.Is(err, server.ErrNoOrg) {
		return nil, errors.New("the central store --data or --postgres names holds no organisation: give the one the server at --server keeps its data in (homeward-server init makes an organisation)")
	} else if err != nil {
		return nil, err
	}
	if cen.certDER, err = serverCert(ctx, addr); err != nil {
		return nil, err
	}
	cut, err := newCutter(addr, c.seed)
	if err != nil {
		return nil, err
	}
	cen.cuts = []*cutter{cut}
	return cen, nil
}

// loopback returns the address a --server value names, as an IP and port, or
// an error when it is not on this machine's loopback: the run's load is
// never aimed at any other address.
func loopback(ctx context.Context, server string) (string, error) {
	refused := fmt.Errorf("--server %q is not a loopback address (127.0.0.1:PORT, [::1]:PORT or localhost:PORT): homeward-sim aims its load at no other address", server)
	host, port, err := net.SplitHostPort(strings.TrimSuffix(strings.TrimPrefix(server, "https://"), "/"))
	if err != nil {
		return "", refused
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", refused
	}
	switch host {
	case "127.0.0.1", "::1":
		return net.JoinHostPort(host, port), nil
	case "localhost":
		ips, err := net.DefaultResolver.LookupIP(ctx, "ip", host)
		if err != nil || len(ips) == 0 {
			return "", refused
		}
		for _, ip := range ips {
			if !ip.IsLoopback() {
				return "", fmt.Errorf("--server %q: localhost resolves to %s here, which is not loopback: homeward-sim aims its load at no other address", server, ip)
			}
		}
		return net.JoinHostPort(ips[0].String(), port), nil
	}
	return "", refused
}

// serverCert returns the certificate the server at addr presents, for the
// run's enrolment codes to pin: taken as it is, since the address is this
// machine's own.
func serverCert(ctx context.Context, addr string) ([]byte, error) {
	d := tls.Dialer{Config: &tls.Config{MinVersion: tls.VersionTLS13, InsecureSkipVerify: true}}
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := d.DialContext(dctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("no server answers over TLS 1.3 at %s: %w", addr, err)
	}
	defer conn.Close()
	return conn.(*tls.Conn).ConnectionState().PeerCertificates[0].Raw, nil
}

// via is the address device i reaches its server at: the proxy in front of
// server i mod the number of servers.
func (cen *central) via(i int) string { return cen.cuts[i%len(cen.cuts)].addr() }

func (cen *central) setRate(r float64) {
	for _, c := range cen.cuts {
		c.setRate(r)
	}
}

func (cen *central) cutSoFar() int {
	n := 0
	for _, c := range cen.cuts {
		n += c.cutSoFar()
	}
	return n
}

func (cen *central) close() {
	for _, c := range cen.cuts {
		c.close()
	}
	for _, in := range cen.instances {
		in.stop()
	}
	cen.admin.Close()
}

// start opens a backend handle and serves it over TLS 1.3 on in.addr (a
// free port the first time).
func (in *instance) start(ctx context.Context) error {
	b, err := in.open(ctx)
	if err != nil {
		return fmt.Errorf("open the central store: %w", err)
	}
	ln, err := net.Listen("tcp", in.addr)
	if err != nil {
		b.Close()
		return err
	}
	srv := server.New(b)
	srv.PerDevice, srv.PerAddress = 0, 0 // every device shares one loopback address
	srv.Log = log.New(io.Discard, "", 0) // the requests a kill cuts short: the check at the end is the verdict
	hs := &http.Server{
		Handler:           in.timings.wrap(srv.Handler()),
		TLSConfig:         &tls.Config{MinVersion: tls.VersionTLS13, Certificates: []tls.Certificate{in.cert}},
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0), // the handshakes the proxy cuts
	}
	go hs.ServeTLS(ln, "", "")
	in.addr, in.b, in.hs = ln.Addr().String(), b, hs
	return nil
}

// stop closes the listener and every open connection at once, and then the
// backend handle: the process killed. Its data stays, for start.
func (in *instance) stop() {
	in.hs.Close()
	in.b.Close()
}

// restarts is what central.restart did.
type restarts struct {
	made int
	err  error
}

// restart kills a server and starts it again, k times, each server in turn.
// The jth restart (from 1) comes once j/(k+1) of the run's turns (total) are
// done or j/(k+1) of its time (from start to deadline) has passed, whichever
// comes first; none comes after saving is closed.
func (cen *central) restart(ctx context.Context, k int, start, deadline time.Time, total int64, turns *atomic.Int64, saving <-chan struct{}) restarts {
	var rs restarts
	for j := 1; j <= k; j++ {
		at := start.Add(deadline.Sub(start) * time.Duration(j) / time.Duration(k+1))
		for turns.Load() < total*int64(j)/int64(k+1) && time.Now().Before(at) {
			select {
			case <-saving:
				return rs
			case <-time.After(10 * time.Millisecond):
			}
		}
		select {
		case <-saving:
			return rs
		default:
		}
		in := cen.instances[(j-1)%len(cen.instances)]
		in.stop()
		time.Sleep(300 * time.Millisecond)
		if rs.err = in.start(ctx); rs.err != nil {
			return rs
		}
		rs.made++
	}
	return rs
}

// makeCert makes the self-signed certificate of a run, which every server
// instance presents.
func makeCert() (tls.Certificate, error) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "homeward-sim"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: k}, nil
}
