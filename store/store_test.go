package store_test

import (
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"homeward/model"
	"homeward/store"
	"homeward/vault"
)

var testPass = []byte("correct horse battery staple")

// testKDF is the weakest KDF the vault accepts, with a fresh salt: tests stay quick.
func testKDF(tb testing.TB) vault.KDFParams {
	tb.Helper()
	p := vault.MinKDF
	p.Salt = make([]byte, 16)
	rand.Read(p.Salt)
	return p
}

// mustCreate makes an unlocked profile in a fresh temp directory.
func mustCreate(tb testing.TB) *store.Store {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "profile.db")
	s, err := store.Create(path, store.Profile{Name: "Test Worker", Role: model.RolePractitioner}, testPass, testKDF(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// mustReopen closes s and opens and unlocks its file again.
func mustReopen(tb testing.TB, s *store.Store) *store.Store {
	tb.Helper()
	if err := s.Close(); err != nil {
		tb.Fatal(err)
	}
	return mustOpen(tb, s.Path())
}

// mustOpen opens and unlocks the profile at path.
func mustOpen(tb testing.TB, path string) *store.Store {
	tb.Helper()
	s, err := store.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	if err := s.Unlock(testPass); err != nil {
		tb.Fatal(err)
	}
	return s
}

func child(name string) model.Child {
	return model.Child{Name: name, DateOfBirth: time.Date(2012, 3, 4, 0, 0, 0, 0, time.UTC),
		Placement: "place.foster", LookedAfter: true, AllocatedWorker: "Test Worker"}
}

func mustSave(tb testing.TB, s *store.Store, caseID, recordID string, parents []string, r model.Record) string {
	tb.Helper()
	v, err := s.Save(caseID, recordID, parents, r)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func TestCreateSaveReopen(t *testing.T) {
	s := mustCreate(t)
	caseID, err := s.NewCase()
	if err != nil {
		t.Fatal(err)
	}
	childID := s.NewRecordID()
	mustSave(t, s, caseID, childID, nil, child("Ada Example"))
	epID := s.NewRecordID()
	went := time.Now().Add(-30 * time.Hour).UTC().Truncate(time.Second)
	mustSave(t, s, caseID, epID, nil, model.MissingEpisode{WentMissing: went, Returned: went.Add(4 * time.Hour), WhereFound: "Bus station"})
	if got := s.Pending(); got != 2 {
		t.Errorf("Pending = %d, want 2", got)
	}

	s = mustReopen(t, s)
	if p := s.Profile(); p.Name != "Test Worker" || p.Role != model.RolePractitioner {
		t.Errorf("Profile = %+v", p)
	}
	c, ok := s.Case(caseID)
	if !ok {
		t.Fatal("case not found after reopening")
	}
	if c.Child.Value.Name != "Ada Example" || c.Child.RecordID != childID || c.Child.SavedBy != "Test Worker" {
		t.Errorf("child = %+v", c.Child)
	}
	if len(c.Episodes) != 1 || !c.Episodes[0].Value.WentMissing.Equal(went) {
		t.Errorf("episodes = %+v", c.Episodes)
	}
	if got := s.Pending(); got != 2 {
		t.Errorf("Pending after reopen = %d, want 2", got)
	}
	if got := s.Search("ada"); len(got) != 1 {
		t.Errorf("Search(ada) = %d cases, want 1", len(got))
	}
	if got := s.Search("nobody"); len(got) != 0 {
		t.Errorf("Search(nobody) = %d cases, want 0", len(got))
	}
}

func TestUnlock(t *testing.T) {
	s := mustCreate(t)
	caseID, _ := s.NewCase()
	mustSave(t, s, caseID, s.NewRecordID(), nil, child("Bo Example"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Unlocked() || s.Cases() != nil {
		t.Fatal("a store opens locked")
	}
	if _, err := s.NewCase(); !errors.Is(err, store.ErrLocked) {
		t.Errorf("NewCase while locked: %v, want ErrLocked", err)
	}
	if err := s.Unlock([]byte("wrong")); !errors.Is(err, store.ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if w := s.UnlockWait(); w <= 0 || w > time.Second {
		t.Errorf("UnlockWait after one failure = %v, want (0, 1s]", w)
	}
	if err := s.Unlock(testPass); !errors.Is(err, store.ErrTooSoon) {
		t.Errorf("unlock before the wait: %v, want ErrTooSoon", err)
	}
	time.Sleep(s.UnlockWait() + 10*time.Millisecond)
	if err := s.Unlock(testPass); err != nil {
		t.Fatal(err)
	}
	if len(s.Cases()) != 1 {
		t.Errorf("Cases after unlock = %d, want 1", len(s.Cases()))
	}
	if s.UnlockWait() != 0 {
		t.Error("a right passphrase resets the wait")
	}
	s.Lock()
	if s.Unlocked() || s.Cases() != nil {
		t.Error("Lock keeps the index")
	}
	if _, err := s.Save(caseID, s.NewRecordID(), nil, child("X")); !errors.Is(err, store.ErrLocked) {
		t.Errorf("Save while locked: %v, want ErrLocked", err)
	}
}

func TestWrongPassphraseDelayGrowsAndSurvivesRestart(t *testing.T) {
	s := mustCreate(t)
	path := s.Path()
	s.Close()
	s, _ = store.Open(path)
	s.Unlock([]byte("wrong"))
	time.Sleep(s.UnlockWait())
	s.Unlock([]byte("wrong again"))
	first := s.UnlockWait()
	if first <= time.Second || first > 2*time.Second {
		t.Errorf("wait after two failures = %v, want (1s, 2s]", first)
	}
	s.Close()
	s, _ = store.Open(path)
	defer s.Close()
	if w := s.UnlockWait(); w <= time.Second {
		t.Errorf("wait after a restart = %v, want it kept", w)
	}
}

func TestVersionGraph(t *testing.T) {
	s := mustCreate(t)
	caseID, _ := s.NewCase()
	id := s.NewRecordID()
	v1 := mustSave(t, s, caseID, id, nil, child("Cy One"))
	v2 := mustSave(t, s, caseID, id, []string{v1}, child("Cy Two"))
	heads, _ := s.Heads(id)
	if len(heads) != 1 || heads[0].ID != v2 {
		t.Fatalf("heads after edit = %v", ids(heads))
	}
	// Two edits of the same version: a conflict with two heads.
	v3a := mustSave(t, s, caseID, id, []string{v2}, child("Cy Three A"))
	v3b := mustSave(t, s, caseID, id, []string{v2}, child("Cy Three B"))
	heads, _ = s.Heads(id)
	if len(heads) != 2 || s.Conflicts() != 1 {
		t.Fatalf("heads after fork = %v, conflicts %d", ids(heads), s.Conflicts())
	}
	if c, _ := s.Case(caseID); !c.Child.Conflict || !c.HasConflict() {
		t.Error("the case shows no conflict")
	}
	// The conflict survives a restart: it is in the graph, not in memory.
	s = mustReopen(t, s)
	if heads, _ = s.Heads(id); len(heads) != 2 {
		t.Fatalf("heads after reopen = %v", ids(heads))
	}
	v4 := mustSave(t, s, caseID, id, []string{v3b, v3a}, child("Cy Merged"))
	heads, _ = s.Heads(id)
	if len(heads) != 1 || heads[0].ID != v4 || s.Conflicts() != 0 {
		t.Fatalf("heads after merge = %v", ids(heads))
	}
	hist, err := s.History(id)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{v1, v2, v3a, v3b, v4}
	if got := ids(hist); len(got) != len(want) {
		t.Fatalf("history = %v, want %v", got, want)
	}
	for i, v := range hist {
		if v.ID != want[i] {
			t.Errorf("history[%d] = %s, want %s", i, v.ID, want[i])
		}
	}
	if len(hist[4].Parents) != 2 {
		t.Errorf("merge parents = %v", hist[4].Parents)
	}

	other := s.NewRecordID()
	vOther := mustSave(t, s, caseID, other, nil, child("Other"))
	for _, tc := range []struct {
		name     string
		recordID string
		parents  []string
		rec      model.Record
	}{
		{"parent of another record", id, []string{vOther}, child("X")},
		{"unknown parent", id, []string{vault.NewVersionID()}, child("X")},
		{"second first version", id, nil, child("X")},
		{"kind changes", id, []string{v4}, model.MissingEpisode{WentMissing: time.Now()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.Save(caseID, tc.recordID, tc.parents, tc.rec); !errors.Is(err, store.ErrBadParent) {
				t.Errorf("Save: %v, want ErrBadParent", err)
			}
		})
	}
	if _, err := s.Save("no-such-case", s.NewRecordID(), nil, child("X")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Save to unknown case: %v, want ErrNotFound", err)
	}
}

func ids(vs []store.Version) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.ID
	}
	return out
}

func TestDrafts(t *testing.T) {
	s := mustCreate(t)
	caseID, _ := s.NewCase()
	id := s.NewRecordID()
	if _, ok, err := s.Draft(id); ok || err != nil {
		t.Fatalf("Draft of a record with none: %v %v", ok, err)
	}
	for _, name := range []string{"D", "Da", "Dan"} {
		if err := s.SaveDraft(caseID, id, child(name)); err != nil {
			t.Fatal(err)
		}
	}
	if s.Pending() != 0 {
		t.Error("a draft went to the outbox")
	}
	s = mustReopen(t, s)
	r, ok, err := s.Draft(id)
	if err != nil || !ok || r.(model.Child).Name != "Dan" {
		t.Fatalf("Draft after reopen = %v %v %v", r, ok, err)
	}
	if d := s.Drafts(); len(d) != 1 || d[0].RecordID != id || d[0].Kind != model.KindChild {
		t.Errorf("Drafts = %+v", d)
	}
	mustSave(t, s, caseID, id, nil, child("Dan"))
	if _, ok, _ := s.Draft(id); ok {
		t.Error("saving kept the draft")
	}
	s.SaveDraft(caseID, id, child("Dan E"))
	if err := s.DiscardDraft(id); err != nil {
		t.Fatal(err)
	}
	if len(s.Drafts()) != 0 {
		t.Error("DiscardDraft kept the draft")
	}
}

func TestPIN(t *testing.T) {
	s := mustCreate(t)
	// "١٢٣٤" is four Arabic-Indic digits: the right length, but not the digits a
	// PIN pad types.
	for _, bad := range []string{"12", "123456789", "12a4", "١٢٣٤"} {
		if err := s.SetPIN(bad); !errors.Is(err, store.ErrPINFormat) {
			t.Errorf("SetPIN(%q) = %v, want ErrPINFormat", bad, err)
		}
	}
	if err := s.SetPIN("2468"); err != nil {
		t.Fatal(err)
	}
	for range 4 {
		if ok, err := s.CheckPIN("1111"); ok || err != nil {
			t.Fatalf("wrong PIN: %v %v", ok, err)
		}
	}
	if ok, _ := s.CheckPIN("2468"); !ok {
		t.Fatal("right PIN refused")
	}
	if s.PINTriesLeft() != 5 {
		t.Error("a right PIN resets the count")
	}
	for i := range 5 {
		ok, err := s.CheckPIN("0000")
		if ok || (i < 4) != (err == nil) {
			t.Fatalf("wrong PIN %d: %v %v", i+1, ok, err)
		}
	}
	if s.Unlocked() {
		t.Fatal("five wrong PINs kept the keys")
	}
	if s.HasPIN() {
		t.Error("locking kept the PIN")
	}
}

func TestIdleLock(t *testing.T) {
	s := mustCreate(t)
	if s.IdleLock() != store.DefaultIdleLock {
		t.Errorf("default idle lock = %v", s.IdleLock())
	}
	if err := s.SetIdleLock(10 * time.Second); err == nil {
		t.Error("10 s idle lock accepted")
	}
	if err := s.SetIdleLock(15 * time.Minute); err != nil {
		t.Fatal(err)
	}
	if s = mustReopen(t, s); s.IdleLock() != 15*time.Minute {
		t.Errorf("idle lock after reopen = %v", s.IdleLock())
	}
	// Whatever the file says, the lock stays between a minute and an hour.
	path := s.Path()
	s.Close()
	for stored, want := range map[time.Duration]time.Duration{time.Second: time.Minute, 10 * time.Hour: time.Hour} {
		db := rawDB(t, path)
		mustExec(t, db, `UPDATE meta SET value = ? WHERE key = 'idle_lock'`, []byte(strconv.FormatInt(int64(stored), 10)))
		db.Close()
		s, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.IdleLock(); got != want {
			t.Errorf("idle lock of %v in the file = %v, want %v", stored, got, want)
		}
		s.Close()
	}
}

// TestPathWithURICharacters keeps a profile in a folder whose name has the
// characters a SQLite URI gives meaning to.
func TestPathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Team ?#% 3")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "profile.db")
	s, err := store.Create(path, store.Profile{Name: "Test Worker", Role: model.RolePractitioner}, testPass, testKDF(t))
	if err != nil {
		t.Fatal(err)
	}
	caseID, _ := s.NewCase()
	mustSave(t, s, caseID, s.NewRecordID(), nil, child("Uri Example"))
	s.Close()
	s2 := mustOpen(t, path)
	if sum, ok := s2.Summary(caseID); !ok || sum.Child.Value.Name != "Uri Example" {
		t.Fatal("the profile in that folder did not reopen")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "profile.db") {
			t.Errorf("a file was made beside the profile: %s", e.Name())
		}
	}
}

func TestPragmas(t *testing.T) {
	db, err := store.OpenDB(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for pragma, want := range map[string]string{
		"journal_mode": "wal", "synchronous": "2", "secure_delete": "1", "temp_store": "2",
	} {
		var got string
		if err := db.QueryRow("PRAGMA " + pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
		}
	}
}

// TestUnlockWaitBounds feeds the delay bookkeeping values a damaged file or a
// clock set back could hold: the wait stays between nothing and its cap.
func TestUnlockWaitBounds(t *testing.T) {
	s := mustCreate(t)
	path := s.Path()
	s.Close()
	for _, tc := range []struct {
		name, fails, at string
		want            time.Duration
	}{
		{"negative count", "-3", time.Now().UTC().Format(time.RFC3339Nano), 5 * time.Minute},
		{"zero not signed", "0", time.Now().UTC().Format(time.RFC3339Nano), 5 * time.Minute},
		{"count that does not parse", "none", time.Now().UTC().Format(time.RFC3339Nano), 5 * time.Minute},
		{"failure in the future", "2", time.Now().Add(720 * time.Hour).UTC().Format(time.RFC3339Nano), 2 * time.Second},
		{"huge count", "1000000", time.Now().UTC().Format(time.RFC3339Nano), 5 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := store.OpenDB(path)
			if err != nil {
				t.Fatal(err)
			}
			db.Exec(`INSERT INTO meta (key, value) VALUES ('failed_unlocks', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, []byte(tc.fails))
			db.Exec(`INSERT INTO meta (key, value) VALUES ('failed_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, []byte(tc.at))
			db.Close()
			s, err := store.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if got := s.UnlockWait(); got < 0 || got > tc.want || (tc.want > 0 && got < tc.want-time.Second) {
				t.Errorf("UnlockWait = %v, want about %v", got, tc.want)
			}
		})
	}
}

// TestLockOvertakesUnlock locks while an unlock is still deriving its key and
// opening records: the unlock must come to nothing, leaving no keys or index.
func TestLockOvertakesUnlock(t *testing.T) {
	s := mustCreate(t)
	caseID, _ := s.NewCase()
	for i := range 200 {
		mustSave(t, s, caseID, s.NewRecordID(), nil, child(fmt.Sprint("Child ", i)))
	}
	path := s.Path()
	s.Close()
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// The key derivation alone takes longer than these delays, so each Lock
	// lands while the unlock is still at work.
	for _, delay := range []time.Duration{20 * time.Millisecond, 80 * time.Millisecond} {
		done := make(chan error)
		go func() { done <- s.Unlock(testPass) }()
		time.Sleep(delay)
		s.Lock()
		err := <-done
		if s.Unlocked() {
			t.Fatalf("delay %v: a Lock during Unlock left the store unlocked", delay)
		}
		if err == nil {
			t.Errorf("delay %v: Unlock reported success but the store is locked", delay)
		}
		if s.Cases() != nil || s.Drafts() != nil && len(s.Drafts()) > 0 {
			t.Errorf("delay %v: locked store still serves records", delay)
		}
		if _, err := s.Save(caseID, s.NewRecordID(), nil, child("X")); !errors.Is(err, store.ErrLocked) {
			t.Errorf("delay %v: Save on a locked store: %v", delay, err)
		}
	}
}
