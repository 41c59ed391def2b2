package access

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"homeward/app/page/pagetest"
	"homeward/sync/protocol"
	"homeward/sync/server"
	"homeward/sync/server/servertest"
	"homeward/sync/server/sqlite"
)

// centralForTest serves a central store on a loopback TLS port and returns an
// enrolment code for Sam Example, practitioner in team North.
func centralForTest(t *testing.T) protocol.Code {
	b, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	servertest.InitOrg(t, b)
	addr, cert := servertest.Serve(t, server.New(b))
	return servertest.Code(t, b, server.User{ID: "u-sam", Name: "Sam Example", Role: protocol.RolePractitioner, Team: "North"}, addr, cert)
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
