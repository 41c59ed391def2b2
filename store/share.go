package store

import (
	"crypto/ed25519"
	"database/sql"
	"fmt"
	"slices"

	"homeward/vault"
)

// KeysToShare wraps every key this device holds for a case to each of the
// devices given (the case's members, as the central store lists them) that it
// has not shared it with yet, signed by this device. Nothing is recorded until
// MarkShared, so a push that fails is wrapped again next time.
func (s *Store) KeysToShare(caseID string, to []PeerDevice) ([][]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil {
		return nil, ErrLocked
	}
	shared := map[caseEpoch]map[string]bool{}
	rows, err := s.db.Query(`SELECT CAST(epoch AS INTEGER), coalesce(CAST(recipient AS TEXT), '') FROM case_keys WHERE case_id = ?`, caseID)
	if err != nil {
		return nil, fmt.Errorf("share keys: %w", err)
	}
	for rows.Next() {
		var epoch int64
		var to string
		if err := rows.Scan(&epoch, &to); err != nil {
			rows.Close()
			return nil, fmt.Errorf("share keys: %w", err)
		}
		ce := caseEpoch{caseID, uint32(epoch)}
		if shared[ce] == nil {
			shared[ce] = map[string]bool{}
		}
		shared[ce][to] = true
	}
	rows.Close()
	var epochs []uint32
	for ce := range s.k.keys {
		if ce.caseID == caseID {
			epochs = append(epochs, ce.epoch)
		}
	}
	slices.Sort(epochs)
	var out [][]byte
	for _, d := range to {
		if d.ID == s.k.id.DeviceID() || len(d.Box) != 32 || len(d.Sign) != ed25519.PublicKeySize || (vault.PublicIdentity{Sign: d.Sign}).DeviceID() != d.ID {
			continue
		}
		pub := vault.PublicIdentity{Sign: d.Sign}
		copy(pub.Box[:], d.Box)
		for _, epoch := range epochs {
			if shared[caseEpoch{caseID, epoch}][d.ID] {
				continue
			}
			w, err := vault.WrapCaseKey(s.k.keys[caseEpoch{caseID, epoch}], pub, s.k.id)
			if err != nil {
				return nil, fmt.Errorf("share keys: %w", err)
			}
			raw, err := w.MarshalBinary()
			if err != nil {
				return nil, fmt.Errorf("share keys: %w", err)
			}
			out = append(out, raw)
		}
	}
	return out, nil
}

// KeyEpoch is the newest epoch of a case's key this device holds, which its
// saves seal under; 0 when it holds none.
func (s *Store) KeyEpoch(caseID string) uint32 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil {
		return 0
	}
	return s.k.current[caseID]
}

// NewEpoch starts a new epoch of a case's key, after someone was taken off
// the case: a fresh key at epoch, wrapped first to this device and then to
// each of the devices given (the members that remain, as the central store
// lists them, and the recovery key), signed by this device. Only a device
// that holds the case's key, at an older epoch, may start one. The key is not
// kept here: the central store takes one key for an epoch, the first it is
// sent, and this device's own wrap comes back with the next pull, through the
// same checks as every key (Apply), whichever device made it.
func (s *Store) NewEpoch(caseID string, epoch uint32, to []PeerDevice) ([][]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil {
		return nil, ErrLocked
	}
	if held := s.k.current[caseID]; held == 0 || held >= epoch {
		return nil, fmt.Errorf("new epoch: this device holds epoch %d of the case, not one before %d", held, epoch)
	}
	ck, err := vault.NewCaseKey(caseID, epoch)
	if err != nil {
		return nil, fmt.Errorf("new epoch: %w", err)
	}
	defer ck.Wipe()
	self := s.k.id.Public()
	recipients := []vault.PublicIdentity{self}
	for _, d := range to {
		if d.ID == self.DeviceID() || len(d.Box) != 32 || len(d.Sign) != ed25519.PublicKeySize || (vault.PublicIdentity{Sign: d.Sign}).DeviceID() != d.ID {
			continue
		}
		pub := vault.PublicIdentity{Sign: d.Sign}
		copy(pub.Box[:], d.Box)
		recipients = append(recipients, pub)
	}
	out := make([][]byte, 0, len(recipients))
	for _, pub := range recipients {
		w, err := vault.WrapCaseKey(ck, pub, s.k.id)
		if err != nil {
			return nil, fmt.Errorf("new epoch: %w", err)
		}
		raw, err := w.MarshalBinary()
		if err != nil {
			return nil, fmt.Errorf("new epoch: %w", err)
		}
		out = append(out, raw)
	}
	return out, nil
}

// MarkShared records wraps the central store has taken, so that they are not
// made again.
func (s *Store) MarkShared(raws [][]byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.k == nil {
		return ErrLocked
	}
	err := inTx(s.db, func(tx *sql.Tx) error {
		for _, raw := range raws {
			w, err := vault.UnmarshalWrappedKey(raw)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(`INSERT INTO case_keys (case_id, epoch, recipient, wrapped, vouch) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
				w.CaseID, w.Epoch, w.Recipient, raw, s.k.id.Vouch(wrapVouch, raw)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mark shared: %w", err)
	}
	return nil
}

// Public is this device's public keys, while unlocked.
func (s *Store) Public() vault.PublicIdentity {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil {
		return vault.PublicIdentity{}
	}
	return s.k.id.Public()
}

// DeviceID is this device's ID, while unlocked.
func (s *Store) DeviceID() string { return s.Public().DeviceID() }

// SignStatement signs msg under label with this device's key, for the sync
// protocol's login; it refuses the labels the store signs its own file with.
func (s *Store) SignStatement(label string, msg []byte) []byte {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil || label == identityStatement || label == attemptsStatement {
		return nil
	}
	return s.k.id.SignStatement(label, msg)
}
