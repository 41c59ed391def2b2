package store

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"homeward/model"
	"homeward/vault"
)

// layout2Fixture is a profile the previous Homeward wrote (made-up data: a
// child edited once, a missing episode, a draft, one version pushed), copied
// to a temporary folder.
const (
	layout2Case  = "e59d5dda-a2af-4beb-9895-d2aaf483a60e"
	layout2Child = "c605de29-7949-432c-ac4d-0b50fa266836"
)

var layout2Pass = []byte("layout two passphrase")

func layout2Fixture(t *testing.T) string {
	t.Helper()
	orig, err := os.ReadFile("testdata/layout2.db")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "profile.db")
	if err := os.WriteFile(path, orig, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestOpenMigratesAnEarlierLayout takes the layout 2 profile back to layout 1
// (drafts signed, with no attestation column), opens it twice at once, and
// finds the old draft and the saved child; then checks that a file from a later
// Homeward is refused and left exactly as it was.
func TestOpenMigratesAnEarlierLayout(t *testing.T) {
	path := layout2Fixture(t)
	db, _ := sql.Open("sqlite3", path)
	var lockedRaw, wrapRaw []byte
	db.QueryRow(`SELECT value FROM meta WHERE key = 'identity'`).Scan(&lockedRaw)
	db.QueryRow(`SELECT wrapped FROM case_keys WHERE case_id = ?`, layout2Case).Scan(&wrapRaw)
	locked, err := vault.UnmarshalLockedIdentity(lockedRaw)
	if err != nil {
		t.Fatal(err)
	}
	id, err := vault.Unlock(locked, layout2Pass)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := vault.UnmarshalWrappedKey(wrapRaw)
	ck, err := id.UnwrapCaseKey(w)
	if err != nil {
		t.Fatal(err)
	}
	// A draft of a voice entry sealed as layout 1 sealed drafts: signed.
	draftID := "8a6f64a7-5f0c-4f0e-9a43-0d7b9e1c2f11"
	plain, _ := model.Encode(model.Payload{Kind: model.KindVoice, SavedAt: time.Now(), SavedBy: "Fixture Worker",
		Record: model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodWords, Words: "An old draft", Share: model.ShareTeam}})
	env, err := vault.Seal(vault.Header{VersionID: vault.NewVersionID(), RecordID: draftID, CaseID: layout2Case,
		KeyEpoch: ck.Epoch, Schema: model.SchemaVersion}, plain, ck, id)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := env.MarshalBinary()
	for _, q := range []string{
		`DROP TABLE drafts`,
		`CREATE TABLE drafts (record_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, envelope BLOB NOT NULL)`,
		`UPDATE meta SET value = '1' WHERE key = 'schema'`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`INSERT INTO drafts VALUES (?, ?, ?)`, draftID, layout2Case, raw); err != nil {
		t.Fatal(err)
	}
	db.Close()

	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() {
			o, err := Open(path)
			if err == nil {
				o.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("opening layout 1 twice at once: %v, %v", errs[0], errs[1])
	}
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s2.Unlock(layout2Pass); err != nil {
		t.Fatal(err)
	}
	if c, ok := s2.Case(layout2Case); !ok || c.Child.Value.Name != "Fixture Child Edited" {
		t.Fatal("the saved child was lost in the migration")
	}
	if d, ok, err := s2.Draft(draftID); err != nil || !ok || d.(model.VoiceEntry).Words != "An old draft" {
		t.Fatalf("the layout 1 draft after migration: %v, %v, %v", d, ok, err)
	}
	s2.Close()

	exec(t, path, `UPDATE meta SET value = '99' WHERE key = 'schema'`)
	before, _ := os.ReadFile(path)
	if _, err := Open(path); !errors.Is(err, ErrNewerLayout) {
		t.Fatalf("Open of a later layout = %v, want ErrNewerLayout", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatal("refusing a later layout changed the file")
	}
}

// TestDraftCopiedIntoVersionsIsNoVersion moves a draft's envelope and
// attestation into the versions table, as someone editing the file might: it
// must not open as a version, and must never be signed for pushing.
func TestDraftCopiedIntoVersionsIsNoVersion(t *testing.T) {
	kdf := vault.MinKDF
	kdf.Salt = make([]byte, 16)
	pass := []byte("draft copy passphrase")
	path := filepath.Join(t.TempDir(), "profile.db")
	s, err := Create(path, Profile{Name: "Copy Worker", Role: model.RolePractitioner}, pass, kdf)
	if err != nil {
		t.Fatal(err)
	}
	caseID, _ := s.NewCase()
	id := s.NewRecordID()
	if err := s.SaveDraft(caseID, id, model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodWords, Words: "Not saved", Share: model.ShareTeam}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, _ := sql.Open("sqlite3", path)
	var raw, tag []byte
	if err := db.QueryRow(`SELECT envelope, attest FROM drafts WHERE record_id = ?`, id).Scan(&raw, &tag); err != nil {
		t.Fatal(err)
	}
	env, _ := vault.UnmarshalEnvelope(raw)
	if _, err := db.Exec(`INSERT INTO versions (version_id, record_id, case_id, envelope, attest) VALUES (?, ?, ?, ?, ?)`,
		env.VersionID, id, caseID, raw, tag); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if err := s2.Unlock(pass); err != nil {
		t.Fatal(err)
	}
	if err := s2.DamagedRecords()[id]; !errors.Is(err, vault.ErrBadSignature) {
		t.Fatalf("the copied draft as a version: %v, want ErrBadSignature", err)
	}
	if out, err := s2.Outbox(10); err != nil || len(out) != 0 {
		t.Fatalf("Outbox = %d versions, %v: a draft was signed", len(out), err)
	}
}

func exec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

// TestUnlockMigratesLayout2 opens a profile that the previous Homeward wrote
// (testdata/layout2.db, made-up data: a child edited once, a missing episode, a
// draft, one version pushed) and unlocks it: nothing is lost, nothing is shown
// as damage, and the file is at the current layout, with the parents table gone.
func TestUnlockMigratesLayout2(t *testing.T) {
	const caseID, childID = layout2Case, layout2Child
	path := layout2Fixture(t)
	pass := layout2Pass
	for round := range 2 { // the migration, then an ordinary unlock of its result
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Unlock(pass); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		c, ok := s.Case(caseID)
		if !ok || c.Child.RecordID != childID || c.Child.Value.Name != "Fixture Child Edited" || len(c.Episodes) != 1 {
			t.Fatalf("round %d: the case after migration: %+v, %v", round, c, ok)
		}
		if d := s.Damage(); len(d) != 0 {
			t.Fatalf("round %d: damage after migration: %v", round, d)
		}
		if n := s.Pending(); n != 2 {
			t.Fatalf("round %d: Pending = %d, want 2", round, n)
		}
		if drafts := s.Drafts(); len(drafts) != 1 {
			t.Fatalf("round %d: drafts = %v", round, drafts)
		}
		if out, err := s.Outbox(10); err != nil || len(out) != 2 {
			t.Fatalf("round %d: Outbox = %d, %v", round, len(out), err)
		}
		if sum, ok := s.Summary(caseID); !ok || sum.Child.Value.Name != "Fixture Child Edited" {
			t.Fatalf("round %d: summary %+v", round, sum)
		}
		s.Close()
	}
	db, _ := sql.Open("sqlite3", path)
	defer db.Close()
	var layout string
	var parents int
	db.QueryRow(`SELECT value FROM meta WHERE key = 'schema'`).Scan(&layout)
	db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'parents'`).Scan(&parents)
	if layout != "3" || parents != 0 {
		t.Fatalf("after migration: layout %s, parents table %d", layout, parents)
	}
}
