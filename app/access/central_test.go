package access

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"homeward/app/page/pagetest"
	"homeward/sync/protocol"
	"homeward/sync/server"
	"homeward/sync/server/sqlite"
	"homeward/vault"
)

// centralForTest serves a central store on a loopback TLS port and returns an
// enrolment code for Sam Example, practitioner in team North.
func centralForTest(t *testing.T) protocol.Code {
	b, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := vault.NewIdentity()
	pub := rec.Public()
	key := make([]byte, 32)
	rand.Read(key)
	if err := b.Init(context.Background(), server.Org{Name: "Test Borough", RecoveryBox: pub.Box[:], RecoverySign: pub.Sign, TokenKey: key}); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(server.New(b).Handler())
	hs.TLS = &tls.Config{MinVersion: tls.VersionTLS13}
	hs.StartTLS()
	t.Cleanup(func() { hs.Close(); b.Close() })
	cert, _ := x509.ParseCertificate(hs.TLS.Certificates[0].Certificate[0])
	code, err := protocol.NewCode(hs.Listener.Addr().String(), cert.Raw)
	if err != nil {
		t.Fatal(err)
	}
	u := server.User{ID: "u-sam", Name: "Sam Example", Role: protocol.RolePractitioner, Team: "North"}
	b.AddUser(context.Background(), u)
	b.AddEnrolment(context.Background(), server.Enrolment{SecretHash: protocol.SecretHash(code.Secret[:]), User: u, Expires: time.Now().Add(time.Hour)})
	return code
}

func TestJoinTheCentralStoreFromSettings(t *testing.T) {
	code := centralForTest(t)
	r := pagetest.New(t, fyne.NewSize(800, 1280))
	joined := 0
	dev := Device{
		Prefs:       test.NewTempApp(t).Preferences(),
		ApplyLook:   func() {},
		IdleLock:    func() time.Duration { return 5 * time.Minute },
		SetIdleLock: func(time.Duration) {},
		Async:       func(work, done func()) { work(); done() },
		Joined:      func() { joined++ },
	}
	settings := func() *centralStore {
		v := NewSettings(r.Env, dev)
		r.Show(v)
		return v.Screen.(*settingsScreen).central
	}
	c := settings()
	s := []byte(code.String())
	s[0] ^= 'A' ^ 'B'
	pagetest.Type(c.code, string(s))
	test.Tap(c.join)
	if !strings.Contains(c.message.Text, "mistyped") || joined != 0 {
		t.Fatalf("a mistyped code says %q", c.message.Text)
	}
	c.code.SetText("")
	pagetest.Type(c.code, strings.ToLower(code.String()))
	test.Tap(c.join)
	if !strings.HasPrefix(c.message.Text, "Joined as Sam Example, practitioner, team North") || joined != 1 {
		t.Fatalf("joining says %q (%d)", c.message.Text, joined)
	}
	c = settings()
	if c.code != nil || !strings.Contains(c.who.Text, "Enrolled as Sam Example") {
		t.Fatalf("after joining the settings say %q", c.who.Text)
	}
}
