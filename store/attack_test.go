package store_test

import (
	"database/sql"
	"errors"
	"slices"
	"testing"
	"time"

	"homeward/model"
	"homeward/store"
	"homeward/vault"
)

// The attacks of someone who can write to a profile's file but does not know
// its passphrase: a co-worker with a shared tablet, a lost device handed back,
// a copied backup. Each must be refused or shown as damage, with nothing
// already saved lost.

// rawDB opens a closed profile's file as the attacker would, with no Homeward
// code between them and the tables.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// ownerPublic reads the owner's public keys from the file, as an attacker can.
func ownerPublic(t *testing.T, db *sql.DB) vault.PublicIdentity {
	t.Helper()
	var box, sign []byte
	if err := db.QueryRow(`SELECT box_pub, sign_pub FROM devices`).Scan(&box, &sign); err != nil {
		t.Fatal(err)
	}
	var p vault.PublicIdentity
	copy(p.Box[:], box)
	p.Sign = sign
	return p
}

// closedProfile makes a profile with nothing in it and closes it, for a test
// to change its file.
func closedProfile(t *testing.T) string {
	t.Helper()
	s := mustCreate(t)
	s.Close()
	return s.Path()
}

// mustOpenLocked opens the profile at path without unlocking it.
func mustOpenLocked(t *testing.T, path string) *store.Store {
	t.Helper()
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// damageOf returns what s says is damaged for caseID.
func damageOf(s *store.Store, caseID string) []store.Damage {
	var out []store.Damage
	for _, d := range s.Damage() {
		if d.CaseID == caseID {
			out = append(out, d)
		}
	}
	return out
}

// TestPlantedDeviceEpochAndVersionAreRefused plants a device of the attacker's
// own, a new epoch key for an existing case wrapped to the owner and signed by
// that device, and a version of the child's record signed by it with the
// current head as its parent. The owner must go on seeing their own record,
// see the rest as damage, and seal their next save under the epoch they made.
func TestPlantedDeviceEpochAndVersionAreRefused(t *testing.T) {
	s := mustCreate(t)
	caseID, _ := s.NewCase()
	childID := s.NewRecordID()
	head := mustSave(t, s, caseID, childID, nil, child("Riley Example"))
	path := s.Path()
	s.Close()

	db := rawDB(t, path)
	owner := ownerPublic(t, db)
	attacker, err := vault.NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	pub := attacker.Public()
	mustExec(t, db, `INSERT INTO devices (device_id, box_pub, sign_pub) VALUES (?, ?, ?)`, pub.DeviceID(), pub.Box[:], []byte(pub.Sign))
	ck, _ := vault.NewCaseKey(caseID, 2)
	w, err := vault.WrapCaseKey(ck, owner, attacker)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := w.MarshalBinary()
	mustExec(t, db, `INSERT INTO case_keys (case_id, epoch, recipient, wrapped) VALUES (?, 2, ?, ?)`, caseID, owner.DeviceID(), raw)
	plain, _ := model.Encode(model.Payload{Kind: model.KindChild, SavedAt: time.Now(), SavedBy: "Attacker", Record: child("Forged Name")})
	forged, err := vault.Seal(vault.Header{VersionID: vault.NewVersionID(), RecordID: childID, CaseID: caseID,
		Parents: []string{head}, KeyEpoch: 2, Schema: model.SchemaVersion}, plain, ck, attacker)
	if err != nil {
		t.Fatal(err)
	}
	env, _ := forged.MarshalBinary()
	mustExec(t, db, `INSERT INTO versions (version_id, record_id, case_id, envelope) VALUES (?, ?, ?, ?)`, forged.VersionID, childID, caseID, env)
	db.Close()

	s2 := mustOpen(t, path)
	c, ok := s2.Case(caseID)
	if !ok || c.Child.Value.Name != "Riley Example" || c.Child.VersionID != head {
		t.Fatalf("the child's record after the attack: %+v, %v; want the owner's own version", c.Child, ok)
	}
	if c.Child.Conflict {
		t.Error("the forged version counts as a second head")
	}
	var device, key, version bool
	for _, d := range s2.Damage() {
		switch {
		case d.CaseID == "" && errors.Is(d.Err, store.ErrChanged):
			device = true
		case d.CaseID == caseID && d.RecordID == "" && errors.Is(d.Err, vault.ErrBadSignature):
			key = true
		case d.RecordID == childID && errors.Is(d.Err, vault.ErrBadSignature):
			version = true
		}
	}
	if !device || !key || !version {
		t.Fatalf("damage shown: planted device %v, planted key %v, forged version %v: %v", device, key, version, s2.Damage())
	}
	// The next save is sealed under the owner's own epoch, which the attacker
	// cannot read.
	v := mustSave(t, s2, caseID, childID, []string{head}, child("Riley Example Jr"))
	s2.Close()
	var sealed []byte
	if err := rawDB(t, path).QueryRow(`SELECT envelope FROM versions WHERE version_id = ?`, v).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	e, _ := vault.UnmarshalEnvelope(sealed)
	if e.KeyEpoch != 1 {
		t.Fatalf("the save after the attack was sealed under epoch %d, the attacker's", e.KeyEpoch)
	}
	if _, err := vault.Open(e, vault.Location{RecordID: childID, CaseID: caseID}, ck, pub.Sign); err == nil {
		t.Fatal("the attacker's key opens the owner's save")
	}
}

// TestDeletedNewestVersionShowsAsDamage deletes the newest version of a child's
// record, which would roll the record back without a trace: the case is
// flagged, by name, and stays flagged.
func TestDeletedNewestVersionShowsAsDamage(t *testing.T) {
	s := mustCreate(t)
	caseID, _ := s.NewCase()
	childID := s.NewRecordID()
	v1 := mustSave(t, s, caseID, childID, nil, child("Jordan Example"))
	v2 := mustSave(t, s, caseID, childID, []string{v1}, child("Jordan Example-Smith"))
	path := s.Path()
	s.Close()
	mustExec(t, rawDB(t, path), `DELETE FROM versions WHERE version_id = ?`, v2)

	for range 2 { // and again after another unlock: the finding is kept
		s2 := mustOpen(t, path)
		d := damageOf(s2, caseID)
		if len(d) != 1 || !errors.Is(d[0].Err, store.ErrChanged) {
			t.Fatalf("damage of the rolled-back case: %v", d)
		}
		sum, ok := s2.Summary(caseID)
		if !ok || sum.Child.Value.Name != "Jordan Example" {
			t.Fatalf("the rolled-back child is not named: %+v", sum.Child)
		}
		s2.Close()
	}
}

// TestHiddenRecordShowsAsDamage deletes every version of one record, with its
// case's summary left as it was.
func TestHiddenRecordShowsAsDamage(t *testing.T) {
	s := mustCreate(t)
	caseID, _ := s.NewCase()
	mustSave(t, s, caseID, s.NewRecordID(), nil, child("Casey Example"))
	episode := s.NewRecordID()
	mustSave(t, s, caseID, episode, nil, model.MissingEpisode{WentMissing: time.Now().Add(-time.Hour)})
	path := s.Path()
	s.Close()
	mustExec(t, rawDB(t, path), `DELETE FROM versions WHERE record_id = ?`, episode)
	s2 := mustOpen(t, path)
	if d := damageOf(s2, caseID); len(d) != 1 || !errors.Is(d[0].Err, store.ErrChanged) {
		t.Fatalf("damage of the case with a hidden record: %v", d)
	}
}

// TestReplacedVersionShowsAsDamage swaps a version's row for another version
// of the attacker's making with the same place in the table: the counts
// match, the set of version IDs does not, and opening the case says so.
func TestReplacedVersionShowsAsDamage(t *testing.T) {
	s := mustCreate(t)
	caseID, _ := s.NewCase()
	childID := s.NewRecordID()
	v1 := mustSave(t, s, caseID, childID, nil, child("Alex Example"))
	v2 := mustSave(t, s, caseID, childID, []string{v1}, child("Alex Example Two"))
	path := s.Path()
	s.Close()
	mustExec(t, rawDB(t, path), `UPDATE versions SET version_id = ? WHERE version_id = ?`, vault.NewVersionID(), v2)
	s2 := mustOpen(t, path)
	if _, ok := s2.Case(caseID); !ok {
		t.Fatal("the case does not open")
	}
	var changed, record bool
	for _, d := range damageOf(s2, caseID) {
		changed = changed || d.RecordID == "" && errors.Is(d.Err, store.ErrChanged)
		record = record || d.RecordID == childID
	}
	if !changed || !record {
		t.Fatalf("damage of the case with a replaced version: %v", damageOf(s2, caseID))
	}
}

// TestDamagedWrapAffectsItsCaseAlone damages one case's key: the profile
// unlocks, the other case is untouched, and the damaged one is in sight and
// takes no new saves.
func TestDamagedWrapAffectsItsCaseAlone(t *testing.T) {
	s := mustCreate(t)
	bad, _ := s.NewCase()
	good, _ := s.NewCase()
	mustSave(t, s, bad, s.NewRecordID(), nil, child("Damaged Key"))
	mustSave(t, s, good, s.NewRecordID(), nil, child("Good Key"))
	path := s.Path()
	s.Close()
	db := rawDB(t, path)
	var raw []byte
	if err := db.QueryRow(`SELECT wrapped FROM case_keys WHERE case_id = ?`, bad).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	raw[len(raw)-70] ^= 0x08
	mustExec(t, db, `UPDATE case_keys SET wrapped = ? WHERE case_id = ?`, raw, bad)
	db.Close()

	s2 := mustOpen(t, path)
	if c, ok := s2.Case(good); !ok || c.Child.Value.Name != "Good Key" {
		t.Fatal("a damaged key of another case stopped this one opening")
	}
	if sum, ok := s2.Summary(bad); !ok || sum.Child.Value.Name != "Damaged Key" {
		t.Fatal("the case with a damaged key is out of sight")
	}
	s2.Case(bad)
	if d := damageOf(s2, bad); len(d) < 2 {
		t.Fatalf("damage of the case with a damaged key: %v, want the key and the record it seals", d)
	}
	if _, err := s2.Save(bad, s2.NewRecordID(), nil, model.MissingEpisode{WentMissing: time.Now()}); !errors.Is(err, store.ErrCaseKeyDamaged) {
		t.Fatalf("Save under a damaged key: %v, want ErrCaseKeyDamaged", err)
	}
	if n := s2.DamagedCases()[good]; n != 0 {
		t.Fatalf("the good case shows %d damaged items", n)
	}
}

// TestEditedCounterKeepsTheDelay wipes out the count of wrong passphrases by
// editing the file: the delay does not go away.
func TestEditedCounterKeepsTheDelay(t *testing.T) {
	path := closedProfile(t)
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Unlock([]byte("wrong")); !errors.Is(err, store.ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	s.Close()
	for _, tc := range []struct{ name, q string }{
		{"count set to zero", `UPDATE meta SET value = '0' WHERE key = 'failed_unlocks'`},
		{"another signature of the owner's put beside a zero", `UPDATE meta SET value = (SELECT value FROM meta WHERE key = 'identity_sig') WHERE key = 'failed_sig'`},
		{"count deleted", `DELETE FROM meta WHERE key = 'failed_unlocks'`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mustExec(t, rawDB(t, path), tc.q)
			s := mustOpenLocked(t, path)
			if w := s.UnlockWait(); w < 4*time.Minute {
				t.Fatalf("UnlockWait after the edit = %v, want the longest wait", w)
			}
		})
	}
}

// TestUncountableAttemptIsRefused makes the counter impossible to write: the
// attempt is refused before any key is derived.
func TestUncountableAttemptIsRefused(t *testing.T) {
	path := closedProfile(t)
	s := mustOpenLocked(t, path)
	if err := s.MakeReadOnly(); err != nil {
		t.Fatal(err)
	}
	if err := s.Unlock(testPass); !errors.Is(err, store.ErrAttemptNotSaved) {
		t.Fatalf("Unlock with a counter that cannot be written: %v, want ErrAttemptNotSaved", err)
	}
}

// TestPlantedTriggerIsRefused plants triggers that would drop saves or freeze
// the wrong-passphrase count: the file is refused as damaged, unchanged.
func TestPlantedTriggerIsRefused(t *testing.T) {
	for name, q := range map[string]string{
		"saves dropped":  `CREATE TRIGGER drop_saves BEFORE INSERT ON versions BEGIN SELECT RAISE(IGNORE); END`,
		"count frozen":   `CREATE TRIGGER no_count BEFORE UPDATE ON meta WHEN NEW.key = 'failed_unlocks' BEGIN SELECT RAISE(IGNORE); END`,
		"a column added": `ALTER TABLE versions ADD COLUMN note TEXT`,
		"a view":         `CREATE VIEW v AS SELECT 1`,
	} {
		t.Run(name, func(t *testing.T) {
			s := mustCreate(t)
			path := s.Path()
			s.Close()
			mustExec(t, rawDB(t, path), q)
			if _, err := store.Open(path); !errors.Is(err, store.ErrDamagedProfile) {
				t.Fatalf("Open with %s: %v, want ErrDamagedProfile", name, err)
			}
		})
	}
}

// TestChangedKDFParametersAreDamageNotAWrongPassphrase edits the stored key
// derivation parameters: no passphrase can open the identity then, and saying
// "wrong passphrase" would send the worker guessing and count against them.
func TestChangedKDFParametersAreDamageNotAWrongPassphrase(t *testing.T) {
	path := closedProfile(t)
	db := rawDB(t, path)
	var raw []byte
	if err := db.QueryRow(`SELECT value FROM meta WHERE key = 'identity'`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	raw[4+3]++ // the lowest byte of the pass count
	mustExec(t, db, `UPDATE meta SET value = ? WHERE key = 'identity'`, raw)
	db.Close()
	s := mustOpenLocked(t, path)
	if err := s.Unlock(testPass); !errors.Is(err, store.ErrDamagedProfile) {
		t.Fatalf("Unlock with changed parameters: %v, want ErrDamagedProfile", err)
	}
}

// TestLostKeySettingsSignatureLocksNoOneOut deletes the signature on the key
// settings: the right passphrase still opens the profile, which signs them
// again and says what it found.
func TestLostKeySettingsSignatureLocksNoOneOut(t *testing.T) {
	path := closedProfile(t)
	mustExec(t, rawDB(t, path), `DELETE FROM meta WHERE key = 'identity_sig'`)
	for range 2 {
		s2 := mustOpen(t, path)
		var found bool
		for _, d := range s2.Damage() {
			found = found || errors.Is(d.Err, store.ErrChanged)
		}
		if !found {
			t.Fatal("the lost signature is not shown")
		}
		s2.Close()
	}
}

// TestRemovedNotesStayInSight removes the profile's own notes after unlock
// found something: that they were removed is shown instead.
func TestRemovedNotesStayInSight(t *testing.T) {
	s := mustCreate(t)
	caseID, _ := s.NewCase()
	mustSave(t, s, caseID, s.NewRecordID(), nil, child("Notes Example"))
	path := s.Path()
	s.Close()
	mustExec(t, rawDB(t, path), `DELETE FROM meta WHERE key = 'identity_sig'`)
	s2 := mustOpen(t, path)
	s2.Close()
	mustExec(t, rawDB(t, path), `DELETE FROM meta WHERE key = 'notes'`)
	s3 := mustOpen(t, path)
	if len(s3.Damage()) == 0 {
		t.Fatal("removing the notes hid what unlock had found")
	}
}

// TestEditedOutboxStateLosesNothing marks a waiting version as pushed, which
// would keep it from ever reaching the central store: the case is sent again
// whole instead.
func TestEditedOutboxStateLosesNothing(t *testing.T) {
	s := mustCreate(t)
	caseID, _ := s.NewCase()
	v := mustSave(t, s, caseID, s.NewRecordID(), nil, child("Outbox Example"))
	mustSave(t, s, caseID, s.NewRecordID(), nil, model.MissingEpisode{WentMissing: time.Now().Add(-time.Hour)})
	out, _ := s.Outbox(1)
	if err := s.MarkPushed(out[:1]); err != nil {
		t.Fatal(err)
	}
	path := s.Path()
	s.Close()
	mustExec(t, rawDB(t, path), `UPDATE versions SET pushed = 1`)
	s2 := mustOpen(t, path)
	if n := s2.Pending(); n != 2 {
		t.Fatalf("Pending after the outbox was edited = %d, want both versions again", n)
	}
	got, err := s2.Outbox(10)
	if err != nil || len(got) != 2 || !slices.ContainsFunc(got, func(o store.Outgoing) bool { return o.VersionID == v }) {
		t.Fatalf("Outbox = %d, %v", len(got), err)
	}
}

// TestSummaryIsNeverTrusted deletes, damages, moves and rolls back a case's
// summary: each is made again from the versions, shown as damage, and the
// caseload shows what the versions say.
func TestSummaryIsNeverTrusted(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(t *testing.T, db *sql.DB, caseID, other string, older []byte)
	}{
		{"deleted", func(t *testing.T, db *sql.DB, caseID, _ string, _ []byte) {
			mustExec(t, db, `DELETE FROM summaries WHERE case_id = ?`, caseID)
		}},
		{"damaged", func(t *testing.T, db *sql.DB, caseID, _ string, _ []byte) {
			// A bit flipped, not a byte set: a byte set to what it already
			// held (one time in 256) would change nothing.
			var sealed []byte
			if err := db.QueryRow(`SELECT sealed FROM summaries WHERE case_id = ?`, caseID).Scan(&sealed); err != nil {
				t.Fatal(err)
			}
			sealed[40] ^= 1
			mustExec(t, db, `UPDATE summaries SET sealed = ? WHERE case_id = ?`, sealed, caseID)
		}},
		{"moved from another case", func(t *testing.T, db *sql.DB, caseID, other string, _ []byte) {
			mustExec(t, db, `UPDATE summaries SET sealed = (SELECT sealed FROM summaries WHERE case_id = ?) WHERE case_id = ?`, other, caseID)
		}},
		{"put back from before the last save", func(t *testing.T, db *sql.DB, caseID, _ string, older []byte) {
			mustExec(t, db, `UPDATE summaries SET sealed = ? WHERE case_id = ?`, older, caseID)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mustCreate(t)
			caseID, _ := s.NewCase()
			other, _ := s.NewCase()
			childID := s.NewRecordID()
			v1 := mustSave(t, s, caseID, childID, nil, child("Summary Example"))
			mustSave(t, s, other, s.NewRecordID(), nil, child("Other Example"))
			path := s.Path()
			var older []byte
			if err := rawDB(t, path).QueryRow(`SELECT sealed FROM summaries WHERE case_id = ?`, caseID).Scan(&older); err != nil {
				t.Fatal(err)
			}
			mustSave(t, s, caseID, childID, []string{v1}, child("Summary Example Renamed"))
			s.Close()
			tc.edit(t, rawDB(t, path), caseID, other, older)

			s2 := mustOpen(t, path)
			sum, ok := s2.Summary(caseID)
			if !ok || sum.Child.Value.Name != "Summary Example Renamed" || sum.Records() != 1 {
				t.Fatalf("the summary after it was %s: %+v", tc.name, sum)
			}
			if len(s2.Damage()) == 0 {
				t.Fatalf("a summary %s is not shown as damage", tc.name)
			}
			if o, ok := s2.Summary(other); !ok || o.Child.Value.Name != "Other Example" {
				t.Fatal("the other case's summary was lost")
			}
		})
	}
}

// TestRolledBackCaseShowsAsDamage puts one child's records back as an older
// copy of the file had them, summary and all, so that the case agrees with
// itself: the ledger over the summaries, which later saves to another child
// moved on, shows it.
func TestRolledBackCaseShowsAsDamage(t *testing.T) {
	s := mustCreate(t)
	caseID, _ := s.NewCase()
	other, _ := s.NewCase()
	childID := s.NewRecordID()
	v1 := mustSave(t, s, caseID, childID, nil, child("Rollback Example"))
	path := s.Path()
	var older []byte
	if err := rawDB(t, path).QueryRow(`SELECT sealed FROM summaries WHERE case_id = ?`, caseID).Scan(&older); err != nil {
		t.Fatal(err)
	}
	v2 := mustSave(t, s, caseID, childID, []string{v1}, child("Rollback Example Renamed"))
	mustSave(t, s, other, s.NewRecordID(), nil, child("Later Example"))
	s.Close()
	db := rawDB(t, path)
	mustExec(t, db, `DELETE FROM versions WHERE version_id = ?`, v2)
	mustExec(t, db, `UPDATE summaries SET sealed = ? WHERE case_id = ?`, older, caseID)
	db.Close()

	s2 := mustOpen(t, path)
	var found bool
	for _, d := range s2.Damage() {
		found = found || d.CaseID == "" && errors.Is(d.Err, store.ErrChanged)
	}
	if !found {
		t.Fatalf("a child's records put back from an older copy are not shown: %v", s2.Damage())
	}
}

// v1Wrap turns a signed wrapped key into the unsigned form of layout 2 (the
// signer and signature taken off: the sealed key never covered them).
func v1Wrap(t *testing.T, raw []byte) []byte {
	t.Helper()
	w, err := vault.UnmarshalWrappedKey(raw)
	if err != nil {
		t.Fatal(err)
	}
	off := 4 + 2 + len(w.CaseID) + 4 + 2 + len(w.Recipient)
	out := append([]byte("HWK\x01"), raw[4:off]...)
	return append(out, raw[off+2+len(w.Signer):len(raw)-64]...)
}

// TestLayoutSetBackIsRefused takes a layout 3 profile back to look like layout
// 2, so that the first unlock's migration would vouch for a key the attacker
// planted and rebuild summaries that hide a deleted version: it is refused as a
// damaged profile, however much of layout 3 is taken away.
func TestLayoutSetBackIsRefused(t *testing.T) {
	for _, thorough := range []bool{false, true} {
		s := mustCreate(t)
		caseID, _ := s.NewCase()
		childID := s.NewRecordID()
		v1 := mustSave(t, s, caseID, childID, nil, child("Downgrade Example"))
		v2 := mustSave(t, s, caseID, childID, []string{v1}, child("Downgrade Example Renamed"))
		path := s.Path()
		s.Close()
		db := rawDB(t, path)
		owner := ownerPublic(t, db)
		attacker, _ := vault.NewIdentity()
		ck, _ := vault.NewCaseKey(caseID, 2)
		w, _ := vault.WrapCaseKey(ck, owner, attacker)
		raw, _ := w.MarshalBinary()
		mustExec(t, db, `INSERT INTO case_keys (case_id, epoch, recipient, wrapped) VALUES (?, 2, ?, ?)`, caseID, owner.DeviceID(), v1Wrap(t, raw))
		mustExec(t, db, `DELETE FROM versions WHERE version_id = ?`, v2)
		for _, q := range []string{`DROP TABLE summaries`, `DROP TRIGGER versions_one_case`, `DROP INDEX versions_case`,
			`ALTER TABLE devices DROP COLUMN vouch`, `ALTER TABLE case_keys DROP COLUMN vouch`, `UPDATE meta SET value = '2' WHERE key = 'schema'`} {
			mustExec(t, db, q)
		}
		if thorough {
			var own []byte
			db.QueryRow(`SELECT wrapped FROM case_keys WHERE epoch = 1`).Scan(&own)
			mustExec(t, db, `UPDATE case_keys SET wrapped = ? WHERE epoch = 1`, v1Wrap(t, own))
			mustExec(t, db, `DELETE FROM meta WHERE key IN ('identity_sig', 'notes', 'failed_sig')`)
		}
		db.Close()
		s2, err := store.Open(path)
		if err == nil {
			err = s2.Unlock(testPass)
			s2.Close()
		}
		if !errors.Is(err, store.ErrDamagedProfile) {
			t.Fatalf("thorough %v: a layout set back: %v, want ErrDamagedProfile", thorough, err)
		}
	}
}

// TestJunkWrapNamingTheOwnerBlocksNothing plants a key that claims to be the
// owner's own, for a far newer epoch, with a signature that does not verify:
// it is damage, and saves for the child go on under the key that checks out.
func TestJunkWrapNamingTheOwnerBlocksNothing(t *testing.T) {
	s := mustCreate(t)
	caseID, _ := s.NewCase()
	mustSave(t, s, caseID, s.NewRecordID(), nil, child("Junk Key Example"))
	path := s.Path()
	s.Close()
	db := rawDB(t, path)
	var raw []byte
	db.QueryRow(`SELECT wrapped FROM case_keys WHERE case_id = ?`, caseID).Scan(&raw)
	raw[len(raw)-1] ^= 1
	owner := ownerPublic(t, db)
	mustExec(t, db, `INSERT INTO case_keys (case_id, epoch, recipient, wrapped) VALUES (?, 99, ?, ?)`, caseID, owner.DeviceID(), raw)
	db.Close()
	s2 := mustOpen(t, path)
	if len(damageOf(s2, caseID)) == 0 {
		t.Fatal("the junk key is not shown as damage")
	}
	if _, err := s2.Save(caseID, s2.NewRecordID(), nil, model.MissingEpisode{WentMissing: time.Now()}); err != nil {
		t.Fatalf("a junk key stopped saves for the child: %v", err)
	}
}

// TestSwappedOutboxFlagsLoseNothing swaps which versions are marked as
// pushed, keeping the count: the version that never reached the central store
// would never be sent. The case is sent again whole instead.
func TestSwappedOutboxFlagsLoseNothing(t *testing.T) {
	s := mustCreate(t)
	caseID, _ := s.NewCase()
	mustSave(t, s, caseID, s.NewRecordID(), nil, child("Swap Example"))
	waiting := mustSave(t, s, caseID, s.NewRecordID(), nil, model.MissingEpisode{WentMissing: time.Now().Add(-time.Hour)})
	out, _ := s.Outbox(1)
	if err := s.MarkPushed(out[:1]); err != nil {
		t.Fatal(err)
	}
	path := s.Path()
	s.Close()
	mustExec(t, rawDB(t, path), `UPDATE versions SET pushed = 1 - pushed`)
	s2 := mustOpen(t, path)
	got, err := s2.Outbox(10)
	if err != nil || !slices.ContainsFunc(got, func(o store.Outgoing) bool { return o.VersionID == waiting }) {
		t.Fatalf("the version still waiting is not in the outbox: %d versions, %v", len(got), err)
	}
	if len(damageOf(s2, caseID)) == 0 {
		t.Fatal("the swapped outbox is not shown")
	}
}
