package store_test

import (
	"crypto/ed25519"
	"database/sql"
	"errors"
	"slices"
	"testing"

	"homeward/store"
	"homeward/vault"
)

// devicePublicKey reads the profile's signing key from its file, as the central
// store learns it at enrolment.
func devicePublicKey(t *testing.T, path string) ed25519.PublicKey {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var pub []byte
	if err := db.QueryRow(`SELECT sign_pub FROM devices`).Scan(&pub); err != nil {
		t.Fatal(err)
	}
	return pub
}

// TestOutbox saves versions unsigned and checks that the outbox hands them out
// oldest first, signed so that the central store's check accepts them, and
// that marking them pushed takes them out for good.
func TestOutbox(t *testing.T) {
	s := mustCreate(t)
	caseA, _ := s.NewCase()
	caseB, _ := s.NewCase()
	a, b := s.NewRecordID(), s.NewRecordID()
	var saved []string
	saved = append(saved, mustSave(t, s, caseA, a, nil, child("Outbox One")))
	saved = append(saved, mustSave(t, s, caseB, b, nil, child("Outbox Two")))
	saved = append(saved, mustSave(t, s, caseA, a, saved[:1], child("Outbox One Renamed")))
	if s.Pending() != 3 {
		t.Fatalf("Pending = %d, want 3", s.Pending())
	}
	pub := devicePublicKey(t, s.Path())

	out, err := s.Outbox(10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, o := range out {
		ids = append(ids, o.VersionID)
		env, err := vault.UnmarshalEnvelope(o.Envelope)
		if err != nil {
			t.Fatal(err)
		}
		if env.VersionID != o.VersionID || env.RecordID != o.RecordID || env.CaseID != o.CaseID {
			t.Errorf("outgoing %s carries the header of %s", o.VersionID, env.VersionID)
		}
		if err := vault.Verify(env, pub); err != nil {
			t.Errorf("outgoing %s: Verify = %v", o.VersionID, err)
		}
	}
	if !slices.Equal(ids, saved) {
		t.Fatalf("Outbox = %v, want %v in the order saved", ids, saved)
	}
	if first, _ := s.Outbox(2); len(first) != 2 || first[0].VersionID != saved[0] || first[1].VersionID != saved[1] {
		t.Fatalf("Outbox(2) = %v", first)
	}

	if err := s.MarkPushed(out[:2]); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkPushed(out[:2]); err != nil { // again: harmless
		t.Fatal(err)
	}
	if s.Pending() != 1 {
		t.Fatalf("Pending after pushing two = %d, want 1", s.Pending())
	}
	s = mustReopen(t, s)
	if s.Pending() != 1 {
		t.Fatalf("Pending after reopening = %d, want 1", s.Pending())
	}
	if rest, _ := s.Outbox(10); len(rest) != 1 || rest[0].VersionID != saved[2] {
		t.Fatalf("Outbox after pushing two = %v", rest)
	}

	s.Lock()
	if _, err := s.Outbox(10); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("Outbox while locked = %v, want ErrLocked", err)
	}
	if err := s.MarkPushed(out[2:]); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("MarkPushed while locked = %v, want ErrLocked", err)
	}
}

// TestOutboxNeverSignsAChangedVersion changes a version in the file after it was
// saved: the outbox must not sign it, and must still hand out the versions
// behind it.
func TestOutboxNeverSignsAChangedVersion(t *testing.T) {
	s := mustCreate(t)
	caseID, _ := s.NewCase()
	var saved []string
	for _, name := range []string{"Changed Later", "Kept One", "Kept Two"} {
		saved = append(saved, mustSave(t, s, caseID, s.NewRecordID(), nil, child(name)))
	}
	path := s.Path()
	s.Close()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	var raw []byte
	db.QueryRow(`SELECT envelope FROM versions WHERE version_id = ?`, saved[0]).Scan(&raw)
	raw[len(raw)/2] ^= 0x08
	mustExec(t, db, `UPDATE versions SET envelope = ? WHERE version_id = ?`, raw, saved[0])
	db.Close()

	s2 := mustOpen(t, path)
	out, err := s2.Outbox(2)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || out[0].VersionID != saved[1] || out[1].VersionID != saved[2] {
		t.Fatalf("Outbox(2) = %v, want the two versions left as saved", out)
	}
	if s2.Pending() != 3 {
		t.Fatalf("Pending = %d, want 3: the changed version stays until someone deals with it", s2.Pending())
	}
}
