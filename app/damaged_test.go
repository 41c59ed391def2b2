package app

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"homeward/app/access"
	"homeward/app/cases"
	"homeward/app/page"
	"homeward/app/page/pagetest"
	"homeward/model"
	"homeward/store"
)

// TestChildWithUnreadableDetailsStaysInSight damages the sealed version of a
// child's details in the profile file: the child stays in the caseload with the
// interview due for them, their page opens with what can be read, and the status
// bar says which child has records that cannot be opened.
func TestChildWithUnreadableDetailsStaysInSight(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(800, 1280))
	c := pagetest.AddChild(t, u.st, "Harper Example")
	pagetest.AddChild(t, u.st, "Rowan Example")
	back := u.now().Add(-30 * time.Hour)
	if _, err := u.st.Save(c.ID, u.st.NewRecordID(), nil, model.MissingEpisode{WentMissing: back.Add(-5 * time.Hour), Returned: back, WhereFound: "At the bus station"}); err != nil {
		t.Fatal(err)
	}
	u.lock()

	db, err := sql.Open("sqlite3", u.st.Path())
	if err != nil {
		t.Fatal(err)
	}
	var raw []byte
	if err := db.QueryRow(`SELECT envelope FROM versions WHERE record_id = ?`, c.Child.RecordID).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	raw[len(raw)/2] ^= 0x20
	if _, err := db.Exec(`UPDATE versions SET envelope = ? WHERE record_id = ?`, raw, c.Child.RecordID); err != nil {
		t.Fatal(err)
	}
	db.Close()

	pagetest.Type(front[*access.Unlock](u).Pass, pagetest.Passphrase)
	test.Tap(front[*access.Unlock](u).Button)
	if top[*cases.Caseload](u) == nil {
		t.Fatal("unlocking did not open the caseload")
	}
	var row *cases.Row
	for i, r := range top[*cases.Caseload](u).Rows {
		if r.CaseID == c.ID {
			row = &top[*cases.Caseload](u).Rows[i]
		}
	}
	if row == nil || len(top[*cases.Caseload](u).Rows) != 2 {
		t.Fatalf("the caseload has %d rows and the damaged child is %v", len(top[*cases.Caseload](u).Rows), row)
	}
	// The caseload runs on the summary this device sealed when it saved the
	// details, so the child keeps their name there.
	if row.Name != "Harper Example" || row.Due.State != model.RHIDue {
		t.Fatalf("the damaged child's row reads %q, %v", row.Name, row.Due.State)
	}
	if top[*cases.Caseload](u).Rows[0].CaseID != c.ID {
		t.Error("the interview due for the damaged child is not at the top")
	}

	u.push(page.Route{Kind: page.Child, CaseID: c.ID})
	if top[*cases.ChildPage](u) == nil || len(top[*cases.ChildPage](u).Events) != 1 || !top[*cases.ChildPage](u).Edit.Disabled() {
		t.Fatal("the damaged child's page does not show their episode, or offers to edit details it cannot read")
	}
	if !strings.Contains(labelsIn(u.win.Canvas().Content()), "Harper Example") {
		t.Error("the damaged child's page does not name them")
	}

	if u.status.damaged.Hidden {
		t.Fatal("the status bar does not say a record cannot be opened")
	}
	test.Tap(u.status.damaged)
	top := u.win.Canvas().Overlays().Top()
	if top == nil || !strings.Contains(labelsIn(top), "Harper Example: 1 item") {
		t.Fatal("the list of records that cannot be opened does not name the case")
	}
}

// labelsIn joins the text of every label under o.
func labelsIn(o fyne.CanvasObject) string {
	var b strings.Builder
	pagetest.EachObject(o, func(x fyne.CanvasObject) {
		if l, ok := x.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	})
	return b.String()
}

// TestUnreadableProfileIsNamed puts a damaged profile file on the device: with no
// other profile, set-up says a profile could not be opened rather than looking
// like a new device; beside a good profile, the unlock screen says so. The file
// is left exactly as it was.
func TestUnreadableProfileIsNamed(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "0badc0de"+access.ProfileExt)
	junk := bytes.Repeat([]byte("not a database "), 400)
	if err := os.WriteFile(broken, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	u, _ := testUI(t, dir, fyne.NewSize(800, 1280))
	u.Start()
	if front[*access.Setup](u) == nil || !strings.Contains(labelsIn(u.win.Content()), "0badc0de"+access.ProfileExt) {
		t.Fatal("set-up does not say which profile could not be opened")
	}
	u.Close()

	if _, err := pagetest.CreateMinKDF(filepath.Join(dir, "good"+access.ProfileExt), store.Profile{Name: "Sam Example", Role: model.RolePractitioner}, []byte(pagetest.Passphrase)); err != nil {
		t.Fatal(err)
	}
	u2, _ := testUI(t, dir, fyne.NewSize(800, 1280))
	u2.Start()
	if front[*access.Unlock](u2) == nil || !front[*access.Unlock](u2).Note.Visible() || !strings.Contains(front[*access.Unlock](u2).Note.Text, "0badc0de"+access.ProfileExt) {
		t.Fatal("the unlock screen does not say a profile could not be opened")
	}
	if got, _ := os.ReadFile(broken); !bytes.Equal(got, junk) {
		t.Fatal("the damaged profile file was changed")
	}
	u2.Close()

	// A profile from a later Homeward asks for an update, not an administrator.
	db, err := sql.Open("sqlite3", filepath.Join(dir, "good"+access.ProfileExt))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE meta SET value = '99' WHERE key = 'schema'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	u3, _ := testUI(t, dir, fyne.NewSize(800, 1280))
	u3.Start()
	if text := labelsIn(u3.win.Content()); front[*access.Setup](u3) == nil || !strings.Contains(text, "Update Homeward to open it") {
		t.Fatalf("a profile from a newer Homeward is not explained: %q", text)
	}
}

// TestChangedKeySettingsAreNotAWrongPassphrase edits the key derivation
// settings stored in a profile: the unlock screen says the profile was changed,
// rather than send the worker guessing at a passphrase that is right.
func TestChangedKeySettingsAreNotAWrongPassphrase(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p"+access.ProfileExt)
	s, err := pagetest.CreateMinKDF(path, store.Profile{Name: "Sam Example", Role: model.RolePractitioner}, []byte(pagetest.Passphrase))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	var raw []byte
	if err := db.QueryRow(`SELECT value FROM meta WHERE key = 'identity'`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	raw[7]++ // the key derivation's number of passes
	if _, err := db.Exec(`UPDATE meta SET value = ? WHERE key = 'identity'`, raw); err != nil {
		t.Fatal(err)
	}
	db.Close()
	u, _ := testUI(t, dir, fyne.NewSize(800, 1280))
	u.Start()
	ul := front[*access.Unlock](u)
	if ul == nil {
		t.Fatal("no unlock screen")
	}
	pagetest.Type(ul.Pass, pagetest.Passphrase)
	test.Tap(ul.Button)
	if msg := ul.Msg.Text(); !strings.Contains(msg, "changed outside Homeward") {
		t.Fatalf("unlocking a profile with changed key settings says %q", msg)
	}
}

// TestDemoOffersNoSetUp: a demo's folder is thrown away on quitting, so its
// unlock screen must not offer to set up a real profile there.
func TestDemoOffersNoSetUp(t *testing.T) {
	dir := t.TempDir()
	a := test.NewTempApp(t)
	w := a.NewWindow("Homeward")
	w.Resize(fyne.NewSize(1280, 800))
	u := New(a, w, Config{Dir: dir, Create: pagetest.CreateMinKDF, DemoPassphrase: pagetest.Passphrase})
	t.Cleanup(u.Close)
	s, err := pagetest.CreateMinKDF(filepath.Join(dir, "demo"+access.ProfileExt), store.Profile{Name: "Demo Worker", Role: model.RolePractitioner}, []byte(pagetest.Passphrase))
	if err != nil {
		t.Fatal(err)
	}
	u.StartUnlocked(s)
	u.lock()
	if front[*access.Unlock](u) == nil || front[*access.Unlock](u).NewProfile.Visible() {
		t.Fatal("the demo's unlock screen offers to set up a profile")
	}
	if a.Preferences().String(access.PrefLastProfile) != "" {
		t.Fatal("the demo profile was remembered as the last one used")
	}
}
