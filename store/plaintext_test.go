package store_test

import (
	"bytes"
	"database/sql"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"homeward/model"
	"homeward/vault"
)

// TestNoPlaintextOnDisk writes records, edits, a conflict and drafts whose text
// holds distinctive strings, closes the store, and scans every file under the data
// directory for those strings in every encoding the code could have used.
func TestNoPlaintextOnDisk(t *testing.T) {
	secrets := []string{
		"Zephyrine Quillfeather",          // a child's name
		"Marrowgate Lane hideaway",        // where found
		"I only went because Tobias said", // the child's own words
		"QX-7731-POLICE-REF",              // a police reference
		"draft-only Wintermoss detail",    // typed but never saved
		"9434765919",                      // an NHS number
		"How safe do you feel at Bramble", // the scale question the worker set for child mode
		"not_safe",                        // that the child pressed "I don't feel safe"
		"child_share",                     // the child's own answer about sharing
		"Ask Corvindale about the van",    // a supervisor's comment
		"Rewrite the Halloway paragraph",  // what a return says must change
		"Signed with Brackenfield care",   // a sign-off's note
		"Discussed the Fenwhistle flat",   // a case supervision
		"Call Ostrander by Friday",        // an action from it
		"Odalys Pemberthwick",             // who opened the child's record
		"Brackenfold screening detail",    // a screening's note
		"Ledgerwick agency contribution",  // what an agency contributed
		"Saltmarsh clinic concern",        // a health review's concern
		"Thistledown action owner",        // a plan's named person
		"Cobblecourt reason no action",    // why a finding needs no action
		"Gorsemoor child's view of plan",  // the child's view at a plan review
		"Wickhollow information detail",   // information from an agency
		"Told Pellingham duty manager",    // what was done when the child did not feel safe
	}
	s := mustCreate(t)
	dir := filepath.Dir(s.Path())
	caseID, _ := s.NewCase()
	childID := s.NewRecordID()
	c := child(secrets[0])
	c.NHSNumber = secrets[5]
	v1 := mustSave(t, s, caseID, childID, nil, c)
	c.PlacementDetail = secrets[1]
	mustSave(t, s, caseID, childID, []string{v1}, c)
	mustSave(t, s, caseID, childID, []string{v1}, c) // a conflict: two heads
	went := time.Now().Add(-50 * time.Hour)
	epID := s.NewRecordID()
	mustSave(t, s, caseID, epID, nil, model.MissingEpisode{WentMissing: went, Returned: went.Add(time.Hour),
		WhereFound: secrets[1], PoliceReference: secrets[3]})
	mustSave(t, s, caseID, s.NewRecordID(), nil, model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodWords, Words: secrets[2]})
	on := model.On{RecordID: epID, VersionID: "v", Number: 1, Saved: went}
	mustSave(t, s, caseID, s.NewRecordID(), nil, model.Comment{On: on, Text: secrets[9]})
	mustSave(t, s, caseID, s.NewRecordID(), nil, model.Return{On: on, MustChange: secrets[10]})
	mustSave(t, s, caseID, s.NewRecordID(), nil, model.SignOff{On: on, Note: secrets[11]})
	mustSave(t, s, caseID, s.NewRecordID(), nil, model.Supervision{HeldAt: time.Now(), Discussion: secrets[12],
		Actions: []model.Action{{What: secrets[13], Owner: "Test Worker", Due: time.Now()}}})
	mustSave(t, s, caseID, s.NewRecordID(), nil, model.AccessEntry{At: time.Now(), Who: secrets[14], DeviceID: s.DeviceID(), How: model.AccessPage})
	if err := s.LogAccess(caseID, model.AccessReview, epID); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDraft(caseID, s.NewRecordID(), model.VoiceEntry{Method: model.MethodWords, Words: secrets[4]}); err != nil {
		t.Fatal(err)
	}
	day := time.Now().UTC().Truncate(24 * time.Hour)
	scr := model.Screening{HeldOn: day, HeldBy: "Screening lead", Age: 14, Chosen: model.LevelLow,
		Indicators:    []model.ScreenedIndicator{{Indicator: "mis.late", Recency: model.RecencyCurrent, Evidence: model.EvidenceObserved, Agency: "agency.school", Note: secrets[15]}},
		Contributions: []model.Contribution{{Agency: "agency.police", What: secrets[16]}}}
	sc := model.ComputeScore(model.DefaultCatalogue(), scr.Input())
	scr.Points, scr.Computed = sc.Points, sc.Level
	mustSave(t, s, caseID, s.NewRecordID(), nil, scr)
	mustSave(t, s, caseID, s.NewRecordID(), nil, model.HealthReview{HeldOn: day, HeldBy: "Nurse",
		Concerns: []model.HealthConcern{{Area: "health.sexual", Detail: secrets[17]}}})
	planID := s.NewRecordID()
	mustSave(t, s, caseID, planID, nil, model.Plan{Agreed: true, AgreedOn: day, ReviewBy: day.AddDate(0, 0, 28),
		Actions:  []model.PlanAction{{ID: "a1", What: "Weekly sessions", Agency: "agency.voluntary", Person: secrets[18], Due: day}},
		NoAction: []model.NoAction{{Finding: "x/mis.late", Reason: secrets[19]}}})
	mustSave(t, s, caseID, s.NewRecordID(), nil, model.PlanReview{PlanID: planID, HeldOn: day, ChildView: secrets[20],
		NextReview: day.AddDate(0, 0, 28), Progress: []model.ActionProgress{{Action: "a1", Status: model.ProgressUnderway}}})
	mustSave(t, s, caseID, s.NewRecordID(), nil, model.Information{Received: time.Now(), Agency: "agency.police", What: secrets[21]})
	// What child mode writes: the child's answer about sharing, the scale the
	// worker set (a draft until the child chooses a number) and "I don't feel
	// safe".
	mustSave(t, s, caseID, s.NewRecordID(), nil, model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodFeelings,
		Feelings: []string{"feel.scared"}, ChildShare: model.AnswerNo, Share: model.AnswerNo.Scope()})
	if err := s.SaveDraft(caseID, s.NewRecordID(), model.VoiceEntry{Method: model.MethodScale,
		Scale: &model.Scale{Question: secrets[6] + " House?", Zero: "Not safe", Ten: "Safe", Value: -1}}); err != nil {
		t.Fatal(err)
	}
	notSafeID := s.NewRecordID()
	pressed := mustSave(t, s, caseID, notSafeID, nil, model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodNotSafe})
	mustSave(t, s, caseID, notSafeID, []string{pressed}, model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodNotSafe,
		Response: &model.NotSafeResponse{At: time.Now(), What: secrets[22]}})
	// Reopening builds the index and reads everything back: that path must not
	// write plaintext either.
	s = mustReopen(t, s)
	if c, _ := s.Case(caseID); c.Child.Value.Name != secrets[0] || len(c.Screenings) != 1 || len(c.HealthReviews) != 1 || len(c.Plans) != 1 || len(c.PlanReviews) != 1 || len(c.Information) != 1 {
		t.Fatal("the records did not round-trip, so the scan would prove nothing")
	}
	// Scan while the store is open, when the WAL and shared-memory files hold
	// the latest writes, and again after closing, when SQLite has folded them
	// into the database file.
	scanForSecrets(t, dir, secrets, "while open")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	scanForSecrets(t, dir, secrets, "after closing")
}

// scanForSecrets fails the test if any file under dir holds any secret in any
// encoding the code could have used.
func scanForSecrets(t *testing.T, dir string, secrets []string, when string) {
	t.Helper()
	var scanned []string
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		scanned = append(scanned, filepath.Base(path))
		for _, secret := range secrets {
			for name, needle := range encodings(secret) {
				if bytes.Contains(data, needle) {
					t.Errorf("%s: %s holds %q encoded as %s", when, filepath.Base(path), secret, name)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(scanned) == 0 {
		t.Fatalf("%s: no files scanned", when)
	}
	t.Logf("%s: scanned %v", when, scanned)
}

// encodings returns s as the byte strings it could appear as on disk.
func encodings(s string) map[string][]byte {
	out := map[string][]byte{}
	for _, v := range []string{s, strings.ToLower(s), strings.ToUpper(s)} {
		out["utf-8 "+v] = []byte(v)
		u := utf16.Encode([]rune(v))
		le, be := make([]byte, 2*len(u)), make([]byte, 2*len(u))
		for i, r := range u {
			binary.LittleEndian.PutUint16(le[2*i:], r)
			binary.BigEndian.PutUint16(be[2*i:], r)
		}
		out["utf-16le "+v], out["utf-16be "+v] = le, be
	}
	out["hex"] = []byte(hex.EncodeToString([]byte(s)))
	out["HEX"] = []byte(strings.ToUpper(hex.EncodeToString([]byte(s))))
	// Base64 of the string at each of the three alignments, trimmed to the
	// characters that do not depend on neighbouring bytes.
	for shift := range 3 {
		for name, enc := range map[string]*base64.Encoding{"base64": base64.StdEncoding, "base64url": base64.URLEncoding} {
			b := enc.EncodeToString(append(make([]byte, shift), s...))
			b = strings.TrimRight(b, "=")
			start := (shift*4 + 2) / 3
			out[fmt.Sprintf("%s at offset %d", name, shift)] = []byte(b[start+1 : len(b)-2])
		}
	}
	return out
}

// TestDamagedVersionDoesNotStopUnlock tampers with and moves sealed versions in the
// database file and checks that unlock still opens every other record, lists the
// damaged ones with the vault's own error.
func TestDamagedVersionDoesNotStopUnlock(t *testing.T) {
	s := mustCreate(t)
	var caseIDs, childIDs []string
	for _, name := range []string{"Good One", "Flipped", "Moved away", "Moved onto", "Signed copy", "Signature flipped", "Attestation lost"} {
		caseID, _ := s.NewCase()
		id := s.NewRecordID()
		mustSave(t, s, caseID, id, nil, child(name))
		caseIDs, childIDs = append(caseIDs, caseID), append(childIDs, id)
	}
	// The signed form of each version, as the central store would hand it back.
	out, err := s.Outbox(len(childIDs))
	if err != nil || len(out) != len(childIDs) {
		t.Fatalf("Outbox = %d versions, %v", len(out), err)
	}
	signed := map[string][]byte{}
	for _, o := range out {
		signed[o.RecordID] = o.Envelope
	}
	path := s.Path()
	s.Close()

	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	// Flip a byte in the middle of the second child's envelope.
	var raw []byte
	db.QueryRow(`SELECT envelope FROM versions WHERE record_id = ?`, childIDs[1]).Scan(&raw)
	raw[len(raw)/2] ^= 0x40
	mustExec(t, db, `UPDATE versions SET envelope = ? WHERE record_id = ?`, raw, childIDs[1])
	// Take the third child's envelope out of its row and put it in the fourth
	// child's: a blob moved to another record and case.
	var movedID string
	db.QueryRow(`SELECT version_id, envelope FROM versions WHERE record_id = ?`, childIDs[2]).Scan(&movedID, &raw)
	mustExec(t, db, `DELETE FROM versions WHERE record_id = ?`, childIDs[2])
	mustExec(t, db, `UPDATE versions SET version_id = ?, envelope = ? WHERE record_id = ?`, movedID, raw, childIDs[3])
	// A signed version this device did not attest (as if it came from elsewhere)
	// has its signature checked in full and opens; one whose signature was changed
	// does not. An unsigned version whose attestation is gone cannot be checked.
	mustExec(t, db, `UPDATE versions SET envelope = ?, attest = NULL WHERE record_id = ?`, signed[childIDs[4]], childIDs[4])
	raw = signed[childIDs[5]]
	raw[len(raw)-5] ^= 0x01
	mustExec(t, db, `UPDATE versions SET envelope = ?, attest = NULL WHERE record_id = ?`, raw, childIDs[5])
	mustExec(t, db, `UPDATE versions SET attest = NULL WHERE record_id = ?`, childIDs[6])
	db.Close()

	s2 := mustOpen(t, path)
	for _, i := range []int{0, 4} {
		if _, ok := s2.Case(caseIDs[i]); !ok {
			t.Errorf("case %d was lost", i)
		}
	}
	damaged := s2.DamagedRecords()
	if len(damaged) != 4 {
		t.Fatalf("Damaged = %v, want four records", damaged)
	}
	if err := damaged[childIDs[5]]; !errors.Is(err, vault.ErrBadSignature) {
		t.Errorf("flipped signature: %v, want ErrBadSignature", err)
	}
	if err := damaged[childIDs[6]]; !errors.Is(err, vault.ErrBadSignature) {
		t.Errorf("unsigned without its attestation: %v, want ErrBadSignature", err)
	}
	if err := damaged[childIDs[1]]; err == nil || !isVaultError(err) {
		t.Errorf("flipped byte: %v", err)
	}
	if err := damaged[childIDs[3]]; !errors.Is(err, vault.ErrMisplaced) {
		t.Errorf("moved envelope: %v, want ErrMisplaced", err)
	}
}

func isVaultError(err error) bool {
	for _, e := range []error{vault.ErrMalformed, vault.ErrTampered, vault.ErrBadSignature, vault.ErrMisplaced, vault.ErrWrongKey} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatal(err)
	}
}
