package store

import (
	"bytes"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"homeward/vault"
)

// Labels of what this identity vouches for, seals or signs about its own file.
const (
	deviceVouch       = "device"
	wrapVouch         = "wrapped-key"
	identityStatement = "locked-identity"
	attemptsStatement = "unlock-attempts-reset"
)

// Damage is something in the profile's file that could not be verified and so
// is not used: a version, a case key, a device, or the file's own bookkeeping.
// It stays on disk untouched. Err says what was wrong, and never carries case
// data.
type Damage struct {
	CaseID   string // "" when it belongs to no case
	RecordID string // "" when it belongs to no one record
	Err      error
}

// putOwnDevice records this identity's own device, vouched for.
func putOwnDevice(tx execer, id *vault.Identity) error {
	pub := id.Public()
	_, err := tx.Exec(`INSERT INTO devices (device_id, box_pub, sign_pub, vouch) VALUES (?, ?, ?, ?)
		ON CONFLICT (device_id) DO UPDATE SET box_pub = excluded.box_pub, sign_pub = excluded.sign_pub, vouch = excluded.vouch`,
		pub.DeviceID(), pub.Box[:], []byte(pub.Sign), vouchDevice(id, pub.DeviceID(), pub.Box[:], pub.Sign))
	return err
}

func vouchDevice(id *vault.Identity, deviceID string, box, sign []byte) []byte {
	return id.Vouch(deviceVouch, []byte(deviceID), box, sign)
}

// loadDevices returns the signing keys of the devices this identity trusts:
// itself, and each device row it has vouched for (sync vouches for a device
// only after checking it). A row it has not vouched for is damage, never used.
func (s *Store) loadDevices(id *vault.Identity, l *loaded) (map[string]ed25519.PublicKey, error) {
	own := id.Public()
	out := map[string]ed25519.PublicKey{own.DeviceID(): own.Sign}
	rows, err := s.db.Query(`SELECT coalesce(CAST(device_id AS TEXT), ''), CAST(box_pub AS BLOB), CAST(sign_pub AS BLOB), CAST(vouch AS BLOB) FROM devices`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var devID string
		var box, sign, tag []byte
		if err := rows.Scan(&devID, &box, &sign, &tag); err != nil {
			return nil, err
		}
		if devID == own.DeviceID() && bytes.Equal(sign, own.Sign) && bytes.Equal(box, own.Box[:]) {
			continue
		}
		if len(sign) != ed25519.PublicKeySize || !id.Vouched(tag, deviceVouch, []byte(devID), box, sign) {
			l.damage = append(l.damage, Damage{Err: fmt.Errorf("a device record this device never checked: %w", ErrChanged)})
			continue
		}
		out[devID] = ed25519.PublicKey(sign)
	}
	return out, rows.Err()
}

// loadKeys unwraps into k every case key wrapped to k's identity that it can
// verify: one it vouched for when it stored it, or one signed by a device it
// trusts. A key it cannot verify or unwrap is damage for its case alone, and
// is never used: saves go on under the newest key that checks out. (A key
// that is missing cannot be told from one never made: saves go on under the
// newest epoch left, and the central store takes them; docs/security.md says
// so.)
func (s *Store) loadKeys(k *keyring, l *loaded) error {
	rows, err := s.db.Query(`SELECT coalesce(CAST(case_id AS TEXT), ''), CAST(epoch AS INTEGER), CAST(wrapped AS BLOB), CAST(vouch AS BLOB) FROM case_keys WHERE recipient = ?`, k.id.DeviceID())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var caseID string
		var epoch int64
		var raw, tag []byte
		if err := rows.Scan(&caseID, &epoch, &raw, &tag); err != nil {
			return err
		}
		ck, err := k.unwrap(raw, tag)
		if err == nil && (ck.CaseID != caseID || int64(ck.Epoch) != epoch) {
			ck.Wipe()
			err = vault.ErrMisplaced
		}
		if err != nil {
			l.damage = append(l.damage, Damage{CaseID: caseID, Err: fmt.Errorf("a key of this child's records: %w", err)})
			continue
		}
		k.keys[caseEpoch{ck.CaseID, ck.Epoch}] = ck
		k.current[ck.CaseID] = max(k.current[ck.CaseID], ck.Epoch)
	}
	return rows.Err()
}

// unwrap checks and opens one stored wrapped key.
func (k *keyring) unwrap(raw, tag []byte) (*vault.CaseKey, error) {
	w, err := vault.UnmarshalWrappedKey(raw)
	if err != nil {
		return nil, err
	}
	if !k.id.Vouched(tag, wrapVouch, raw) {
		signer, ok := k.authors[w.Signer]
		if !ok {
			return nil, fmt.Errorf("made by a device this device does not trust: %w", vault.ErrBadSignature)
		}
		if err := vault.VerifyWrap(w, signer); err != nil {
			return nil, err
		}
	}
	return k.id.UnwrapCaseKey(w)
}

// wrapForSelf wraps ck to this identity, signed and vouched for, ready to store.
func (k *keyring) wrapForSelf(ck *vault.CaseKey) (raw, tag []byte, err error) {
	w, err := vault.WrapCaseKey(ck, k.id.Public(), k.id)
	if err != nil {
		return nil, nil, err
	}
	raw, err = w.MarshalBinary()
	if err != nil {
		return nil, nil, err
	}
	return raw, k.id.Vouch(wrapVouch, raw), nil
}

// The wrong-passphrase delay. The count of failed attempts and the time of the
// last are kept in the clear, since they must be read before the passphrase
// is known; an attempt is counted before the key is derived. Only a reset to
// zero, made after a successful unlock, is signed with the identity's key, so
// editing the file cannot clear the count: a count of zero without that
// signature, or one that does not parse, counts as the most failures there
// can be. A time in the future counts as now. What software alone cannot stop,
// and docs say so, is a copy of an earlier file put back whole.
const maxFailures = 10

// putAttempts records n failed attempts, the last at at; a reset (n == 0) is
// signed by id.
func putAttempts(tx execer, id *vault.Identity, n int, at time.Time) error {
	count, when := strconv.Itoa(n), at.Format(time.RFC3339Nano)
	var sig []byte
	if n == 0 && id != nil {
		sig = id.SignStatement(attemptsStatement, []byte(count+" "+when))
	}
	for key, v := range map[string][]byte{"failed_unlocks": []byte(count), "failed_at": []byte(when), "failed_sig": sig} {
		if v == nil {
			v = []byte{}
		}
		if err := putMeta(tx, key, v); err != nil {
			return err
		}
	}
	return nil
}

// failures is the count of failed attempts and the time of the last, as the
// rules above read them.
func (s *Store) failures() (int, time.Time) {
	count, err1 := s.meta("failed_unlocks")
	when, err2 := s.meta("failed_at")
	n, err3 := strconv.Atoi(count)
	at, err4 := time.Parse(time.RFC3339Nano, when)
	now := time.Now()
	if err4 != nil || at.After(now) {
		at = now
	}
	switch {
	case s.layout < 3 && errors.Is(err1, sql.ErrNoRows):
		return 0, at // a profile from before the count was kept
	case err1 != nil || err2 != nil || err3 != nil || n < 0 || n > maxFailures:
		return maxFailures, at
	case n == 0 && s.layout >= 3:
		sig, _ := s.metaBytes("failed_sig")
		raw, err := s.metaBytes("identity")
		locked, lerr := vault.UnmarshalLockedIdentity(raw)
		if err != nil || lerr != nil || !vault.VerifyStatement(locked.Public.Sign, attemptsStatement, []byte(count+" "+when), sig) {
			return maxFailures, at
		}
	}
	return n, at
}

// UnlockWait is how long before the next passphrase attempt is allowed. It grows
// with each wrong passphrase (1 s, 2 s, 4 s ... up to 5 minutes) and survives a
// restart of the app, an edited file and a clock set back or forward.
func (s *Store) UnlockWait() time.Duration {
	fails, last := s.failures()
	if fails <= 0 {
		return 0
	}
	wait := min(time.Second<<min(fails-1, 9), 5*time.Minute)
	return min(max(time.Until(last.Add(wait)), 0), wait)
}

// migrate brings a layout 2 profile to layout 3 in one transaction, with the
// identity that only the first unlock has: its own versions re-attested under
// the version label, its case keys wrapped again and signed, its own device
// vouched for, the parents table (which nothing authenticated) dropped, the
// drafts kept by record alone, and the identity's parameters signed. What does not check out under the old rules is
// left as it is, and shows as damage. The summaries are built by the load that
// follows.
func (s *Store) migrate(id *vault.Identity) error {
	locked, err := s.lockedIdentity()
	if err != nil {
		return err
	}
	return inTx(s.db, func(tx *sql.Tx) error {
		for _, q := range []string{
			`ALTER TABLE devices ADD COLUMN vouch BLOB`,
			`ALTER TABLE case_keys ADD COLUMN vouch BLOB`,
			`DROP TABLE IF EXISTS parents`,
			`ALTER TABLE drafts RENAME TO drafts_layout2`,
			schema,
			`INSERT INTO drafts (record_id, case_id, envelope, attest) SELECT record_id, case_id, envelope, attest FROM drafts_layout2`,
			`DROP TABLE drafts_layout2`,
		} {
			if _, err := tx.Exec(q); err != nil {
				return err
			}
		}
		if err := putOwnDevice(tx, id); err != nil {
			return err
		}
		if err := migrateVersions(tx, id); err != nil {
			return err
		}
		if err := migrateKeys(tx, id); err != nil {
			return err
		}
		if err := putMeta(tx, "identity_sig", id.SignStatement(identityStatement, locked.ClearPart())); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE meta SET value = ? WHERE key = 'schema'`, strconv.Itoa(schemaVersion)); err != nil {
			return err
		}
		return checkSchema(tx)
	})
}

func (s *Store) lockedIdentity() (*vault.LockedIdentity, error) {
	raw, err := s.metaBytes("identity")
	if err != nil {
		return nil, err
	}
	return vault.UnmarshalLockedIdentity(raw)
}

// migrateKeys wraps again, signed and vouched for, each unsigned key wrapped
// to id that layout 2 could have made: epoch 1, the only epoch it made, and
// only when the key opens a version of its case that id attested, where the
// case has any. A key planted before the upgrade is left unvouched, so it is
// shown as damage and never used. (An empty case's key cannot be checked that
// way, and is taken on trust once, as layout 2 took every key.)
func migrateKeys(tx *sql.Tx, id *vault.Identity) error {
	type row struct {
		caseID string
		raw    []byte
	}
	var rs []row
	q, err := tx.Query(`SELECT coalesce(CAST(case_id AS TEXT), ''), CAST(wrapped AS BLOB) FROM case_keys WHERE recipient = ? AND epoch IS 1`, id.DeviceID())
	if err != nil {
		return err
	}
	for q.Next() {
		var r row
		if err := q.Scan(&r.caseID, &r.raw); err != nil {
			q.Close()
			return err
		}
		rs = append(rs, r)
	}
	q.Close()
	k := &keyring{id: id}
	for _, r := range rs {
		w, err := vault.UnmarshalWrappedKey(r.raw)
		if err != nil || w.Signer != "" || w.CaseID != r.caseID || w.Epoch != 1 {
			continue
		}
		ck, err := id.UnwrapCaseKey(w)
		if err != nil {
			continue
		}
		ok, err := opensOwnVersion(tx, id, ck)
		if err != nil || !ok {
			ck.Wipe()
			if err != nil {
				return err
			}
			continue
		}
		raw, tag, err := k.wrapForSelf(ck)
		ck.Wipe()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE case_keys SET wrapped = ?, vouch = ? WHERE case_id = ? AND epoch IS 1 AND recipient = ?`,
			raw, tag, r.caseID, id.DeviceID()); err != nil {
			return err
		}
	}
	return nil
}

// opensOwnVersion reports whether ck opens a version of its case that id
// attested, or the case has no version at all.
func opensOwnVersion(tx *sql.Tx, id *vault.Identity, ck *vault.CaseKey) (bool, error) {
	var raw, tag []byte
	var recordID string
	err := tx.QueryRow(`SELECT CAST(envelope AS BLOB), CAST(attest AS BLOB), coalesce(CAST(record_id AS TEXT), '') FROM versions
		WHERE case_id = ? AND attest IS NOT NULL ORDER BY seq LIMIT 1`, ck.CaseID).Scan(&raw, &tag, &recordID)
	if errors.Is(err, sql.ErrNoRows) {
		var any int
		if err := tx.QueryRow(`SELECT count(*) FROM versions WHERE case_id = ?`, ck.CaseID).Scan(&any); err != nil {
			return false, err
		}
		return any == 0, nil
	}
	if err != nil {
		return false, err
	}
	env, err := vault.UnmarshalEnvelope(raw)
	if err != nil {
		return false, nil
	}
	_, err = vault.OpenAttested(env, vault.Location{RecordID: recordID, CaseID: ck.CaseID}, ck, id.Public().Sign, id, tag)
	return err == nil, nil
}

// migrateVersions re-attests every version id attested under the old rule. A
// version already attested under the current rule cannot be in a layout 2
// file: its layout number was set back, to take the migration's path round the
// checks, and the profile is refused as damaged.
func migrateVersions(tx *sql.Tx, id *vault.Identity) error {
	q, err := tx.Query(`SELECT seq, CAST(envelope AS BLOB), CAST(attest AS BLOB) FROM versions WHERE attest IS NOT NULL`)
	if err != nil {
		return err
	}
	tags := map[int64][]byte{}
	for q.Next() {
		var seq int64
		var raw, old []byte
		if err := q.Scan(&seq, &raw, &old); err != nil {
			q.Close()
			return err
		}
		env, err := vault.UnmarshalEnvelope(raw)
		if err != nil {
			continue
		}
		tag, err := vault.MigrateAttestation(env, id, old)
		if err == nil {
			tags[seq] = tag
			continue
		}
		if vault.CheckAttested(env, nil, id, old) == nil {
			q.Close()
			return fmt.Errorf("a version of a later layout in a layout 2 file: %w", ErrDamagedProfile)
		}
	}
	q.Close()
	for seq, tag := range tags {
		if _, err := tx.Exec(`UPDATE versions SET attest = ? WHERE seq = ?`, tag, seq); err != nil {
			return err
		}
	}
	return nil
}
