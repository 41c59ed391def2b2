package store

import (
	"crypto/rand"
	"database/sql"
	"fmt"

	"homeward/vault"
)

// ChangePassphrase locks the profile's identity under a new passphrase, once
// old has opened it. Only the identity is sealed again, under a fresh salt and
// the key settings it had: the case keys are wrapped to the identity, not to
// the passphrase, so nothing else is written. A wrong old passphrase counts as
// a failed unlock does, with the same growing wait (ErrWrongPassphrase,
// ErrTooSoon). The store must be unlocked.
func (s *Store) ChangePassphrase(old, passphrase []byte) error {
	if !s.Unlocked() {
		return fmt.Errorf("change passphrase: %w", ErrLocked)
	}
	id, _, err := s.unlockIdentity(old)
	if err != nil {
		return err
	}
	defer id.Wipe()
	locked, err := s.lockedIdentity()
	if err != nil {
		return fmt.Errorf("change passphrase: %w", err)
	}
	kdf := locked.KDF
	kdf.Salt = make([]byte, len(locked.KDF.Salt))
	if _, err := rand.Read(kdf.Salt); err != nil {
		return fmt.Errorf("change passphrase: %w", err)
	}
	relocked, err := vault.Lock(id, passphrase, kdf)
	if err != nil {
		return fmt.Errorf("change passphrase: %w", err)
	}
	raw, err := relocked.MarshalBinary()
	if err != nil {
		return fmt.Errorf("change passphrase: %w", err)
	}
	err = inTx(s.db, func(tx *sql.Tx) error {
		if err := putMeta(tx, "identity", raw); err != nil {
			return err
		}
		return putMeta(tx, "identity_sig", id.SignStatement(identityStatement, relocked.ClearPart()))
	})
	if err != nil {
		return fmt.Errorf("change passphrase: %w", err)
	}
	return nil
}
