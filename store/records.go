package store

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/mattn/go-sqlite3"

	"homeward/model"
	"homeward/vault"
)

// NewCase makes a case, one child, with a fresh case key at epoch 1 wrapped to
// this device's identity and an empty summary, and returns its ID.
func (s *Store) NewCase() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.k == nil {
		return "", ErrLocked
	}
	caseID := uuid.NewString()
	ck, err := vault.NewCaseKey(caseID, 1)
	if err != nil {
		return "", fmt.Errorf("new case: %w", err)
	}
	raw, tag, err := s.k.wrapForSelf(ck)
	if err != nil {
		ck.Wipe()
		return "", fmt.Errorf("new case: %w", err)
	}
	sum := newSummary(caseID)
	lg := s.ledger
	err = inTx(s.db, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT INTO case_keys (case_id, epoch, recipient, wrapped, vouch) VALUES (?, ?, ?, ?, ?)`,
			caseID, ck.Epoch, s.k.id.DeviceID(), raw, tag); err != nil {
			return err
		}
		return s.writeSummary(tx, s.k.id, &lg, nil, sum)
	})
	if err != nil {
		ck.Wipe()
		return "", fmt.Errorf("new case: %w", err)
	}
	s.k.keys[caseEpoch{caseID, ck.Epoch}] = ck
	s.k.current[caseID] = ck.Epoch
	s.sums[caseID], s.ledger = sum, lg
	s.casesMu.Lock()
	s.cases.put(caseID, &caseState{records: map[string]*entry{}, versions: map[string]string{}, recordRows: map[string]int{}})
	s.casesMu.Unlock()
	return caseID, nil
}

// Save seals r as a new version of the record and returns the version's ID. For a
// new record parents is empty; for an edit it names the version edited; to merge a
// conflict it names every head. The version, the case's summary and the
// record's draft change in one transaction, so a crash never leaves one without
// the others.
func (s *Store) Save(caseID, recordID string, parents []string, r model.Record) (string, error) {
	s.mu.Lock()
	versionID, err := s.saveLocked(caseID, recordID, parents, r)
	s.mu.Unlock()
	if err != nil {
		return "", err
	}
	s.notify()
	return versionID, nil
}

func (s *Store) saveLocked(caseID, recordID string, parents []string, r model.Record) (string, error) {
	if s.k == nil {
		return "", ErrLocked
	}
	if r == nil || recordID == "" {
		return "", errors.New("store: save: no record")
	}
	ck, err := s.currentKey(caseID)
	if err != nil {
		return "", err
	}
	old := s.sums[caseID]
	if old == nil {
		return "", ErrNoCase
	}
	cs, err := s.openCase(caseID)
	if err != nil {
		return "", fmt.Errorf("save: %w", err)
	}
	parents = slices.Compact(slices.Sorted(slices.Values(parents)))
	if err := s.checkParents(cs, caseID, recordID, parents, r.Kind()); err != nil {
		return "", err
	}
	p := model.Payload{Kind: r.Kind(), SavedAt: time.Now().UTC(), SavedBy: s.profile.Name, Record: r}
	env, raw, tag, err := s.seal(vault.SealLocal, ck, caseID, recordID, parents, p)
	if err != nil {
		return "", fmt.Errorf("save: %w", err)
	}
	v := Version{ID: env.VersionID, RecordID: recordID, CaseID: caseID, Parents: parents, Author: env.AuthorDevice, Payload: p}
	e := &entry{id: recordID, caseID: caseID, heads: []Version{v}}
	if was, ok := cs.records[recordID]; ok {
		for _, h := range was.heads {
			if !slices.Contains(parents, h.ID) {
				e.heads = append(e.heads, h)
			}
		}
	}
	e.sortHeads()
	sum := old.clone()
	summaryAfter(&sum.Case, cs.records, cs.reviewsOf(), e, cs.records[recordID])
	sum.Versions++
	sum.Pending++
	xorInto(sum.Waiting, pendingMark(s.k.id, env.VersionID))
	xorInto(sum.Set, versionMark(s.k.id, env.VersionID))
	lg := s.ledger
	err = s.direct.tx(s.db, func(tx execer) error {
		// The draft goes first, so that the version takes the page it frees
		// rather than one more at the end of the file.
		if _, hasDraft := s.drafts[recordID]; hasDraft {
			if _, err := tx.Exec(deleteDraftSQL, recordID); err != nil {
				return err
			}
		}
		res, err := tx.Exec(insertVersionSQL, env.VersionID, recordID, caseID, raw, tag)
		if err != nil {
			return err
		}
		if sum.MaxSeq, err = res.LastInsertId(); err != nil {
			return err
		}
		return s.writeSummary(tx, s.k.id, &lg, old, sum)
	})
	var sqlErr sqlite3.Error
	if errors.As(err, &sqlErr) && sqlErr.ExtendedCode == sqlite3.ErrConstraintTrigger {
		return "", fmt.Errorf("save: record belongs to another case: %w", ErrBadParent)
	}
	if err != nil {
		return "", fmt.Errorf("save: %w", err)
	}
	s.pending++
	delete(s.drafts, recordID)
	s.sums[caseID], s.ledger, s.found = sum, lg, searchResult{}
	cs.records[recordID] = e
	if k := r.Kind(); k == model.KindSignOff || k == model.KindReturn || k == model.KindChild {
		cs.reviews = nil // made again when next needed
	}
	cs.versions[env.VersionID] = recordID
	cs.recordRows[recordID]++
	cs.rows = append(cs.rows, env.VersionID)
	return env.VersionID, nil
}

// checkParents refuses a version graph that would not make sense: a parent that
// is not a version of this record, a second first version of a record, or a
// record changing kind.
func (s *Store) checkParents(cs *caseState, caseID, recordID string, parents []string, kind model.Kind) error {
	existing, known := cs.records[recordID]
	if known && existing.kind() != kind {
		return fmt.Errorf("save: record is a %s, not a %s: %w", existing.kind(), kind, ErrBadParent)
	}
	if len(parents) == 0 {
		if cs.recordRows[recordID] > 0 {
			return fmt.Errorf("save: the record has versions: name the one you changed: %w", ErrBadParent)
		}
		return nil // a record ID of another case's is refused as the version is stored (versions_one_case)
	}
	for _, p := range parents {
		if cs.versions[p] != recordID {
			return fmt.Errorf("save: %w", ErrBadParent)
		}
	}
	return nil
}

func (s *Store) currentKey(caseID string) (*vault.CaseKey, error) {
	epoch, ok := s.k.current[caseID]
	if _, known := s.sums[caseID]; !ok && known {
		return nil, ErrCaseKeyDamaged
	}
	if !ok {
		return nil, ErrNoCase
	}
	return s.k.keys[caseEpoch{caseID, epoch}], nil
}

// sealer is vault.SealLocal for a version and vault.SealDraft for a draft.
type sealer func(vault.Header, []byte, *vault.CaseKey, *vault.Identity) (*vault.Envelope, []byte, error)

// seal encodes and seals a payload with how, zeroing the plaintext once it is
// sealed, and returns the envelope, its encoding and this device's attestation.
func (s *Store) seal(how sealer, ck *vault.CaseKey, caseID, recordID string, parents []string, p model.Payload) (*vault.Envelope, []byte, []byte, error) {
	plain, err := model.Encode(p)
	if err != nil {
		return nil, nil, nil, err
	}
	h := vault.Header{VersionID: vault.NewVersionID(), RecordID: recordID, CaseID: caseID, Parents: parents,
		KeyEpoch: ck.Epoch, Schema: model.SchemaVersion}
	env, tag, err := how(h, plain, ck, s.k.id)
	clear(plain)
	if err != nil {
		return nil, nil, nil, err
	}
	raw, err := env.MarshalBinary()
	return env, raw, tag, err
}

// History returns every version of a record, oldest first, opened from disk.
func (s *Store) History(recordID string) ([]Version, error) {
	// The read lock is held throughout, so a Lock waits rather than wiping the
	// keys in use.
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil {
		return nil, ErrLocked
	}
	rows, err := s.db.Query(`SELECT coalesce(CAST(version_id AS TEXT), ''), coalesce(CAST(record_id AS TEXT), ''), coalesce(CAST(case_id AS TEXT), ''), CAST(envelope AS BLOB), CAST(attest AS BLOB) FROM versions WHERE record_id = ? ORDER BY seq`, recordID)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	var sealed []sealedRow
	for rows.Next() {
		var r sealedRow
		if err := rows.Scan(&r.versionID, &r.recordID, &r.caseID, &r.raw, &r.attest); err != nil {
			rows.Close()
			return nil, fmt.Errorf("history: %w", err)
		}
		sealed = append(sealed, r)
	}
	rows.Close()
	if len(sealed) == 0 {
		return nil, ErrNotFound
	}
	// A version that does not open is left out: opening its case shows it as
	// damage, and the rest of the history is still there to read.
	out := make([]Version, 0, len(sealed))
	for _, r := range sealed {
		if v, err := s.k.open(r, vault.OpenAttested); err == nil {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("history: no version of the record opens: %w", ErrNotFound)
	}
	return out, nil
}

// SaveDraft keeps what someone is typing in the record's draft slot, sealed like a
// version and overwritten each time. Drafts are never synced.
func (s *Store) SaveDraft(caseID, recordID string, r model.Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.k == nil {
		return ErrLocked
	}
	ck, err := s.currentKey(caseID)
	if err != nil {
		return err
	}
	p := model.Payload{Kind: r.Kind(), SavedAt: time.Now().UTC(), SavedBy: s.profile.Name, Record: r}
	_, raw, tag, err := s.seal(vault.SealDraft, ck, caseID, recordID, nil, p)
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	err = s.direct.tx(s.db, func(tx execer) error {
		_, err := tx.Exec(putDraftSQL, recordID, caseID, raw, tag)
		return err
	})
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	s.drafts[recordID] = draft{DraftInfo{RecordID: recordID, CaseID: caseID, Kind: p.Kind, Saved: p.SavedAt}, r}
	return nil
}

// Draft returns the draft kept for a record, if there is one. Drafts are opened
// once, at unlock, and kept in memory with the index.
func (s *Store) Draft(recordID string) (model.Record, bool, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil {
		return nil, false, ErrLocked
	}
	d, ok := s.drafts[recordID]
	return d.record, ok && d.record != nil, nil
}

// loadDrafts opens every draft on disk with k. A draft that cannot be opened is
// left on disk and not offered; it keeps its slot, so saving the record still
// replaces it.
func (s *Store) loadDrafts(k *keyring) (map[string]draft, error) {
	rows, err := s.db.Query(`SELECT coalesce(CAST(record_id AS TEXT), ''), coalesce(CAST(case_id AS TEXT), ''), CAST(envelope AS BLOB), CAST(attest AS BLOB) FROM drafts`)
	if err != nil {
		return nil, err
	}
	var sealed []sealedRow
	for rows.Next() {
		var r sealedRow
		if err := rows.Scan(&r.recordID, &r.caseID, &r.raw, &r.attest); err != nil {
			rows.Close()
			return nil, err
		}
		sealed = append(sealed, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make(map[string]draft, len(sealed))
	for _, r := range sealed {
		out[r.recordID] = draft{} // a slot, whether or not it opens
		env, err := vault.UnmarshalEnvelope(r.raw)
		if err != nil {
			continue
		}
		r.versionID = env.VersionID
		v, err := k.open(r, vault.OpenDraft)
		if err != nil {
			continue
		}
		out[r.recordID] = draft{DraftInfo{RecordID: r.recordID, CaseID: r.caseID, Kind: v.Payload.Kind, Saved: v.Payload.SavedAt}, v.Payload.Record}
	}
	return out, nil
}

// DiscardDraft throws away a record's draft.
func (s *Store) DiscardDraft(recordID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.k == nil {
		return ErrLocked
	}
	if _, err := s.db.Exec(deleteDraftSQL, recordID); err != nil {
		return fmt.Errorf("discard draft: %w", err)
	}
	delete(s.drafts, recordID)
	return nil
}

// Drafts lists the drafts waiting to be finished, newest first.
func (s *Store) Drafts() []DraftInfo {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]DraftInfo, 0, len(s.drafts))
	for _, d := range s.drafts {
		if d.record != nil {
			out = append(out, d.info)
		}
	}
	slices.SortFunc(out, func(a, b DraftInfo) int { return b.Saved.Compare(a.Saved) })
	return out
}
