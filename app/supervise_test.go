package app

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"homeward/app/access"
	"homeward/app/cases"
	"homeward/app/page"
	"homeward/app/page/pagetest"
	"homeward/app/supervise"
	"homeward/model"
	"homeward/store"
)

// TestSupervisorsHomeAndTheAccessLog: a supervisor's session starts on their
// home; a review opened from it and a child's page are logged, as are a
// practitioner's opening of a child's page and child mode.
func TestSupervisorsHomeAndTheAccessLog(t *testing.T) {
	dir := t.TempDir()
	u, _ := testUI(t, dir, fyne.NewSize(1280, 800))
	s, err := pagetest.CreateMinKDF(filepath.Join(dir, "p"+access.ProfileExt), store.Profile{Name: "Sue Lead", Role: model.RoleSupervisor}, []byte(pagetest.Passphrase))
	if err != nil {
		t.Fatal(err)
	}
	c := pagetest.AddChild(t, s, "Robin Example")
	u.StartUnlocked(s)
	home := top[*supervise.Home](u)
	if home == nil || len(home.Waiting) != 1 {
		t.Fatalf("a supervisor's session did not start on their home with the child's details waiting: %+v", home)
	}
	home.Tabs.SelectIndex(0)
	u.open(page.Route{Kind: page.Review, CaseID: c.ID, RecordID: home.Waiting[0].RecordID})
	if top[*supervise.ReviewScreen](u) == nil {
		t.Fatal("the review did not open")
	}
	u.back()
	u.open(page.Route{Kind: page.Child, CaseID: c.ID})
	log, err := u.st.AccessLog(c.ID)
	if err != nil || len(log) != 2 || log[1].How != model.AccessReview || log[0].How != model.AccessPage || log[0].Who != "Sue Lead" {
		t.Fatalf("the access log after a review and the child's page: %+v (%v)", log, err)
	}
	test.Tap(top[*cases.ChildPage](u).AccessLog)
	if al := top[*cases.AccessLog](u); al == nil || len(al.Entries) != 2 || al.Entries[0].Who != "Sue Lead" {
		t.Fatalf("the access log screen: %+v", al)
	}

	p, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	pc := pagetest.AddChild(t, p.st, "Kai Example")
	p.refresh()
	top[*cases.Caseload](p).List.Select(0)
	if err := p.st.SetPIN("2468"); err != nil {
		t.Fatal(err)
	}
	startChildMode(t, p)
	log, err = p.st.AccessLog(pc.ID)
	if err != nil || len(log) != 2 || log[0].How != model.AccessChildMode || log[1].How != model.AccessPage || log[0].Who != "Sam Example" {
		t.Fatalf("the access log after the child's page and child mode: %+v (%v)", log, err)
	}
}
