package servertest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net/http/httptest"
	"testing"
	"time"

	"homeward/sync/protocol"
	"homeward/sync/server"
	"homeward/vault"
)

// InitOrg creates the organisation in b, with a real recovery key.
func InitOrg(tb testing.TB, b server.Backend) {
	tb.Helper()
	rec, err := vault.NewIdentity()
	if err != nil {
		tb.Fatal(err)
	}
	pub := rec.Public()
	if err := b.Init(context.Background(), server.Org{Name: "Test Borough", RecoveryBox: pub.Box[:], RecoverySign: pub.Sign, TokenKey: random(32)}); err != nil {
		tb.Fatal(err)
	}
}

// Serve serves s over TLS 1.3 on a loopback port until the test ends, and
// returns its address and its certificate (DER), for enrolment codes.
func Serve(tb testing.TB, s *server.Server) (addr string, cert []byte) {
	hs := httptest.NewUnstartedServer(s.Handler())
	hs.EnableHTTP2 = true
	hs.TLS = &tls.Config{MinVersion: tls.VersionTLS13}
	hs.StartTLS()
	tb.Cleanup(hs.Close)
	c, err := x509.ParseCertificate(hs.TLS.Certificates[0].Certificate[0])
	if err != nil {
		tb.Fatal(err)
	}
	return hs.Listener.Addr().String(), c.Raw
}

// Code makes a one-time enrolment code for u, whom it adds to b, for the
// server at addr with certificate cert.
func Code(tb testing.TB, b server.Backend, u server.User, addr string, cert []byte) protocol.Code {
	tb.Helper()
	code, err := protocol.NewCode(addr, cert)
	if err != nil {
		tb.Fatal(err)
	}
	if err := b.AddUser(context.Background(), u); err != nil {
		tb.Fatal(err)
	}
	if err := b.AddEnrolment(context.Background(), server.Enrolment{SecretHash: protocol.SecretHash(code.Secret[:]), User: u, Expires: farOff}); err != nil {
		tb.Fatal(err)
	}
	return code
}

// farOff is when test codes expire: not during a test.
var farOff = time.Now().Add(24 * time.Hour)
