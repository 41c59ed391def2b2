package store

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"log"

	"homeward/vault"
)

// Outgoing is one of this device's versions, signed and ready to push.
type Outgoing struct {
	VersionID, RecordID, CaseID string
	Envelope                    []byte // the signed envelope, as the central store keeps it
}

// Outbox returns up to limit versions that wait to be pushed, oldest first,
// each signed now with this device's key. A save keeps its version unsigned,
// with this device's attestation (vault.SealLocal), so that no one waits for a
// signature while they work; it is signed here, as it leaves.
//
// A version whose attestation no longer matches it (the file was changed since
// it was saved) is never signed: it stays in the outbox, does not count towards
// limit and does not hold back the versions after it. Nor does a version in
// quarantine.
//
// A version waiting under an older epoch of its case's key than the newest
// this device holds (it was saved before the device learnt that someone was
// taken off the case) is sealed again under the newest first (resealOutbox).
func (s *Store) Outbox(limit int) ([]Outgoing, error) { return s.OutboxExcept(limit, nil) }

// OutboxExcept is Outbox without the versions of the cases in skip, which
// wait.
func (s *Store) OutboxExcept(limit int, skip map[string]bool) ([]Outgoing, error) {
	if err := s.checkOutbox(); err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	if err := s.resealOutbox(); err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil {
		return nil, ErrLocked
	}
	held := s.quarantineLocked() // read first: the store has one connection, which the rows below hold
	rows, err := s.db.Query(`SELECT coalesce(CAST(version_id AS TEXT), ''), coalesce(CAST(record_id AS TEXT), ''), coalesce(CAST(case_id AS TEXT), ''), CAST(envelope AS BLOB), CAST(attest AS BLOB) FROM versions WHERE pushed IS NOT 1 ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	defer rows.Close()
	var out []Outgoing
	for len(out) < limit && rows.Next() {
		var r sealedRow
		if err := rows.Scan(&r.versionID, &r.recordID, &r.caseID, &r.raw, &r.attest); err != nil {
			return nil, fmt.Errorf("outbox: %w", err)
		}
		if _, ok := held[r.versionID]; ok {
			continue // refused once; sent again only when the worker asks (SendAgain)
		}
		if skip[r.caseID] {
			continue
		}
		signed, err := s.k.sign(r)
		if err != nil {
			// The version stays where it is, counted as waiting; errors carry no
			// case data, only which check failed.
			log.Printf("homeward: outbox: version %s cannot be signed: %v", r.versionID, err)
			continue
		}
		out = append(out, Outgoing{VersionID: r.versionID, RecordID: r.recordID, CaseID: r.caseID, Envelope: signed})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	return out, nil
}

// checkOutbox checks, once a session for each case with versions waiting,
// that the versions waiting are the ones its summary recorded: flags swapped
// between two versions keep the count, and would keep one from ever being
// sent. A case whose outbox does not match is sent again whole (sendAgain).
func (s *Store) checkOutbox() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.k == nil {
		return ErrLocked
	}
	rows, err := s.db.Query(`SELECT coalesce(CAST(case_id AS TEXT), ''), coalesce(CAST(version_id AS TEXT), '') FROM versions WHERE pushed IS NOT 1`)
	if err != nil {
		return err
	}
	waiting := map[string][]byte{}
	for rows.Next() {
		var caseID, versionID string
		if err := rows.Scan(&caseID, &versionID); err != nil {
			rows.Close()
			return err
		}
		if s.checked[caseID] {
			continue
		}
		if waiting[caseID] == nil {
			waiting[caseID] = make([]byte, 32)
		}
		xorInto(waiting[caseID], pendingMark(s.k.id, versionID))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for caseID, set := range waiting {
		if sum := s.sums[caseID]; sum != nil && !bytes.Equal(sum.Waiting, set) {
			if err := s.sendAgain(s.k.id, &s.ledger, s.sums, caseID); err != nil {
				return err
			}
			s.pending += s.sums[caseID].Pending - sum.Pending
		}
		s.checked[caseID] = true
	}
	return nil
}

// resealOutbox seals each waiting version of this device's that is sealed
// under an older epoch than the newest key it holds of the case again, under
// that key: the same version (its ID, record, parents and payload), so that
// nothing written after someone was taken off a case leaves the device under
// a key they hold. Only a version whose attestation checks and that opens is
// sealed again; any other stays as it is, and Outbox leaves it waiting. The
// versions and their new attestations are written in one transaction.
func (s *Store) resealOutbox() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.k == nil {
		return ErrLocked
	}
	type stale struct {
		seq int64
		r   sealedRow
		env *vault.Envelope
	}
	var old []stale
	// Only a case past its first epoch can have a version under an older one.
	for caseID, epoch := range s.k.current {
		if epoch <= 1 {
			continue
		}
		rows, err := s.db.Query(`SELECT seq, coalesce(CAST(version_id AS TEXT), ''), coalesce(CAST(record_id AS TEXT), ''), CAST(envelope AS BLOB), CAST(attest AS BLOB) FROM versions WHERE case_id = ? AND pushed IS NOT 1`, caseID)
		if err != nil {
			return err
		}
		for rows.Next() {
			st := stale{r: sealedRow{caseID: caseID}}
			if err := rows.Scan(&st.seq, &st.r.versionID, &st.r.recordID, &st.r.raw, &st.r.attest); err != nil {
				rows.Close()
				return err
			}
			env, err := vault.UnmarshalEnvelope(st.r.raw)
			if err == nil && env.CaseID == caseID && env.KeyEpoch < epoch {
				st.env = env
				old = append(old, st)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	if len(old) == 0 {
		return nil
	}
	type resealed struct {
		seq      int64
		raw, tag []byte
	}
	var out []resealed
	for _, st := range old {
		ck := s.k.keys[caseEpoch{st.r.caseID, st.env.KeyEpoch}]
		if ck == nil || st.env.AuthorDevice != s.k.id.DeviceID() || st.env.VersionID != st.r.versionID || st.env.RecordID != st.r.recordID {
			continue
		}
		plain, err := vault.OpenAttested(st.env, vault.Location{RecordID: st.r.recordID, CaseID: st.r.caseID}, ck, s.k.id.Public().Sign, s.k.id, st.r.attest)
		if err != nil {
			log.Printf("homeward: outbox: version %s cannot be sealed again: %v", st.r.versionID, err)
			continue
		}
		h := st.env.Header
		newest := s.k.keys[caseEpoch{st.r.caseID, s.k.current[st.r.caseID]}]
		h.KeyEpoch = newest.Epoch
		env, tag, err := vault.SealLocal(h, plain, newest, s.k.id)
		clear(plain)
		if err != nil {
			return err
		}
		raw, err := env.MarshalBinary()
		if err != nil {
			return err
		}
		out = append(out, resealed{st.seq, raw, tag})
	}
	return inTx(s.db, func(tx *sql.Tx) error {
		for _, v := range out {
			if _, err := tx.Exec(`UPDATE versions SET envelope = ?, attest = ? WHERE seq = ? AND pushed IS NOT 1`, v.raw, v.tag, v.seq); err != nil {
				return err
			}
		}
		return nil
	})
}

// sign returns the signed encoding of a stored version of this device's, after
// checking that it is where it was stored and still what this device attested.
func (k *keyring) sign(r sealedRow) ([]byte, error) {
	env, err := vault.UnmarshalEnvelope(r.raw)
	if err != nil {
		return nil, err
	}
	if env.VersionID != r.versionID || env.RecordID != r.recordID || env.CaseID != r.caseID {
		return nil, vault.ErrMisplaced
	}
	if err := vault.SignAttested(env, k.id, r.attest); err != nil {
		return nil, err
	}
	return env.MarshalBinary()
}

// MarkPushed takes versions the central store has accepted, as Outbox gave
// them, out of the outbox, and the summaries of their cases count them as
// pushed, in one transaction. A version that is not in the outbox is ignored,
// so marking twice is harmless. Each is found through its case, so marking
// costs the same however many versions the profile holds.
func (s *Store) MarkPushed(pushed []Outgoing) error {
	s.mu.Lock()
	if s.k == nil {
		s.mu.Unlock()
		return ErrLocked
	}
	marked := map[string][]string{} // case ID -> versions marked
	sums := map[string]*summary{}
	lg := s.ledger
	err := inTx(s.db, func(tx *sql.Tx) error {
		stmt, err := tx.Prepare(`UPDATE versions SET pushed = 1 WHERE case_id = ? AND version_id = ? AND pushed IS NOT 1 RETURNING coalesce(CAST(case_id AS TEXT), '')`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, o := range pushed {
			id := o.VersionID
			var caseID string
			err := stmt.QueryRow(o.CaseID, id).Scan(&caseID)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			marked[caseID] = append(marked[caseID], id)
		}
		for caseID, ids := range marked {
			old := s.sums[caseID]
			if old == nil {
				continue
			}
			sum := old.clone()
			sum.Pending = max(sum.Pending-len(ids), 0)
			for _, id := range ids {
				xorInto(sum.Waiting, pendingMark(s.k.id, id))
			}
			if err := s.writeSummary(tx, s.k.id, &lg, old, sum); err != nil {
				return err
			}
			sums[caseID] = sum
		}
		return nil
	})
	total := 0
	if err == nil {
		for caseID, sum := range sums {
			s.sums[caseID] = sum
		}
		for _, ids := range marked {
			total += len(ids)
		}
		s.pending -= total
		s.ledger = lg
	}
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("mark pushed: %w", err)
	}
	if total > 0 {
		s.notify()
	}
	return nil
}
