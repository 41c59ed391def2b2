package store

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"

	"homeward/model"
	"homeward/vault"
)

// Errors callers act on. Their messages are safe to show a person.
var (
	ErrLocked          = errors.New("store: locked: unlock with your passphrase first")
	ErrWrongPassphrase = vault.ErrWrongPassphrase
	ErrTooSoon         = errors.New("store: too many wrong passphrases: wait before trying again")
	ErrNotFound        = errors.New("store: no such record")
	ErrNoCase          = fmt.Errorf("store: no such case: %w", ErrNotFound)
	ErrExists          = errors.New("store: a profile already exists at this path")
	ErrNotProfile      = errors.New("store: the file is not a Homeward profile")
	ErrNewerLayout     = errors.New("store: the profile was written by a newer Homeward: update Homeward to open it")
	ErrBadParent       = errors.New("store: a parent is not a version of this record")
)

// DefaultIdleLock is how long the app may sit untouched before it locks, until the
// user chooses otherwise.
const DefaultIdleLock = 5 * time.Minute

// maxPINTries is how many wrong PINs drop the keys.
const maxPINTries = 5

// Profile is the person a device profile belongs to. It is kept in the clear so the
// unlock screen can greet them; it is not case data.
type Profile struct {
	Name    string
	Role    model.Role
	Created time.Time
}

// Version is one decoded version of a record.
type Version struct {
	ID       string
	RecordID string
	CaseID   string
	Parents  []string
	Author   string // the device ID that sealed it
	Payload  model.Payload
}

// DraftInfo describes a draft waiting to be finished.
type DraftInfo struct {
	RecordID string
	CaseID   string
	Kind     model.Kind
	Saved    time.Time
}

// draft is a draft as the store keeps it in memory while unlocked.
type draft struct {
	info   DraftInfo
	record model.Record
}

// Store is a device profile's replica. Its methods are safe for concurrent use.
type Store struct {
	db      *sql.DB
	stmts   *statements
	path    string
	profile Profile

	mu       sync.RWMutex
	k        *keyring         // nil while locked
	gen      uint64           // counts locks, so an unlock that a lock overtook is dropped
	ix       *index           // nil while locked
	pending  int              // versions in the outbox
	drafts   map[string]draft // record ID -> its draft, while unlocked
	pin      []byte           // salted hash of the session PIN, if set
	pinSalt  []byte
	pinFails int
	subs     []func()
}

type caseEpoch struct {
	caseID string
	epoch  uint32
}

// Create makes a new profile at path with a fresh identity locked under the
// passphrase, and returns it unlocked. kdf must pass vault's minimum.
func Create(path string, p Profile, passphrase []byte, kdf vault.KDFParams) (*Store, error) {
	if !p.Role.Valid() {
		return nil, fmt.Errorf("create profile: unknown role %q", p.Role)
	}
	if _, err := os.Stat(path); err == nil {
		return nil, ErrExists
	}
	if p.Created.IsZero() {
		p.Created = time.Now().UTC()
	}
	id, err := vault.NewIdentity()
	if err != nil {
		return nil, fmt.Errorf("create profile: %w", err)
	}
	locked, err := vault.Lock(id, passphrase, kdf)
	if err != nil {
		id.Wipe()
		return nil, fmt.Errorf("create profile: %w", err)
	}
	lockedBytes, err := locked.MarshalBinary()
	if err != nil {
		id.Wipe()
		return nil, fmt.Errorf("create profile: %w", err)
	}
	db, err := OpenDB(path)
	if err != nil {
		id.Wipe()
		return nil, fmt.Errorf("create profile: %w", err)
	}
	err = inTx(db, func(tx *sql.Tx) error {
		if _, err := tx.Exec(schema); err != nil {
			return err
		}
		pub := id.Public()
		if _, err := tx.Exec(`INSERT INTO devices (device_id, box_pub, sign_pub) VALUES (?, ?, ?)`,
			pub.DeviceID(), pub.Box[:], []byte(pub.Sign)); err != nil {
			return err
		}
		for k, v := range map[string][]byte{
			"schema":    []byte(strconv.Itoa(schemaVersion)),
			"name":      []byte(p.Name),
			"role":      []byte(p.Role),
			"created":   []byte(p.Created.Format(time.RFC3339)),
			"identity":  lockedBytes,
			"idle_lock": []byte(strconv.FormatInt(int64(DefaultIdleLock), 10)),
		} {
			if _, err := tx.Exec(`INSERT INTO meta (key, value) VALUES (?, ?)`, k, v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		os.Remove(path)
		id.Wipe()
		return nil, fmt.Errorf("create profile: %w", err)
	}
	st, err := prepare(db)
	if err != nil {
		db.Close()
		id.Wipe()
		return nil, fmt.Errorf("create profile: %w", err)
	}
	s := &Store{db: db, stmts: st, path: path, profile: p}
	if err := s.open(id, 0); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Open opens the profile at path, locked.
func Open(path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open profile: %w", err)
	}
	db, err := OpenDB(path)
	if err != nil {
		return nil, fmt.Errorf("open profile: %w", err)
	}
	if err := openLayout(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open profile %s: %w", filepath.Base(path), err)
	}
	st, err := prepare(db)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open profile: %w", err)
	}
	s := &Store{db: db, stmts: st, path: path}
	name, _ := s.meta("name")
	role, _ := s.meta("role")
	created, _ := s.meta("created")
	if role == "" {
		db.Close()
		return nil, fmt.Errorf("open profile %s: %w", filepath.Base(path), ErrNotProfile)
	}
	s.profile = Profile{Name: name, Role: model.Role(role)}
	s.profile.Created, _ = time.Parse(time.RFC3339, created)
	return s, nil
}

// Path is the file the profile lives in.
func (s *Store) Path() string { return s.path }

// Profile returns whose profile this is. It can be read while locked.
func (s *Store) Profile() Profile { return s.profile }

// Close locks the store and closes its file.
func (s *Store) Close() error {
	s.Lock()
	s.stmts.close()
	return s.db.Close()
}

// UnlockWait is how long before the next passphrase attempt is allowed. It grows
// with each wrong passphrase (1 s, 2 s, 4 s ... up to 5 minutes) and survives a
// restart of the app.
func (s *Store) UnlockWait() time.Duration {
	fails, last := s.failures()
	if fails <= 0 {
		return 0
	}
	wait := min(time.Second<<min(fails-1, 9), 5*time.Minute)
	// A clock set back must not lock the worker out for longer than the wait.
	return min(max(time.Until(last.Add(wait)), 0), wait)
}

func (s *Store) failures() (int, time.Time) {
	v, _ := s.meta("failed_unlocks")
	n, _ := strconv.Atoi(v)
	at, _ := s.meta("failed_at")
	t, _ := time.Parse(time.RFC3339Nano, at)
	return n, t
}

// Unlock opens the identity with the passphrase, unwraps the case keys and builds
// the index. A wrong passphrase returns an error wrapping ErrWrongPassphrase and
// makes the next attempt wait longer; ErrTooSoon means the wait has not passed.
func (s *Store) Unlock(passphrase []byte) error {
	if s.Unlocked() {
		return nil
	}
	if s.UnlockWait() > 0 {
		return ErrTooSoon
	}
	gen := s.generation()
	id, err := s.unlockIdentity(passphrase)
	if err != nil {
		return err
	}
	return s.open(id, gen)
}

// generation is how many times the store has been locked. An unlock notes it
// before it starts and publishes nothing if it has moved on.
func (s *Store) generation() uint64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.gen
}

// unlockIdentity is the key-derivation half of Unlock.
func (s *Store) unlockIdentity(passphrase []byte) (*vault.Identity, error) {
	raw, err := s.metaBytes("identity")
	if err != nil {
		return nil, fmt.Errorf("unlock: %w", err)
	}
	locked, err := vault.UnmarshalLockedIdentity(raw)
	if err != nil {
		return nil, fmt.Errorf("unlock: %w", err)
	}
	id, err := vault.Unlock(locked, passphrase)
	// The KDF's memory is garbage now; give it back so a tablet's memory is not
	// held by it for the rest of the session.
	debug.FreeOSMemory()
	if errors.Is(err, vault.ErrWrongPassphrase) {
		n, _ := s.failures()
		s.setMeta("failed_unlocks", strconv.Itoa(n+1))
		s.setMeta("failed_at", time.Now().UTC().Format(time.RFC3339Nano))
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("unlock: %w", err)
	}
	s.setMeta("failed_unlocks", "0")
	return id, nil
}

// keyring is what an unlocked store holds: the identity, the unwrapped case keys
// and the known authors' signing keys. Unlock builds one privately and publishes
// it only when it is complete, so nothing it is still opening can be wiped under
// it, and an unlock that a Lock overtook is thrown away.
type keyring struct {
	id      *vault.Identity
	keys    map[caseEpoch]*vault.CaseKey
	current map[string]uint32            // case ID -> newest epoch held
	authors map[string]ed25519.PublicKey // device ID -> signing key
}

func (k *keyring) wipe() {
	k.id.Wipe()
	for _, ck := range k.keys {
		ck.Wipe()
	}
}

// open takes an unlocked identity, unwraps the case keys, builds the index and
// loads the drafts, then publishes them together unless the store was locked or
// unlocked by someone else meanwhile.
func (s *Store) open(id *vault.Identity, gen uint64) error {
	k := &keyring{id: id, keys: map[caseEpoch]*vault.CaseKey{}, current: map[string]uint32{}}
	ix, drafts, pending, err := s.load(k)
	if err != nil {
		k.wipe()
		return fmt.Errorf("unlock: %w", err)
	}
	s.mu.Lock()
	if s.gen != gen || s.k != nil {
		s.mu.Unlock()
		k.wipe()
		return ErrLocked
	}
	s.k, s.ix, s.drafts, s.pending = k, ix, drafts, pending
	s.mu.Unlock()
	s.notify()
	return nil
}

// load fills k and opens what unlock needs with it.
func (s *Store) load(k *keyring) (*index, map[string]draft, int, error) {
	if err := s.loadKeys(k); err != nil {
		return nil, nil, 0, err
	}
	var err error
	if k.authors, err = s.loadAuthors(); err != nil {
		return nil, nil, 0, err
	}
	ix, err := s.buildIndex(k)
	if err != nil {
		return nil, nil, 0, err
	}
	drafts, err := s.loadDrafts(k)
	if err != nil {
		return nil, nil, 0, err
	}
	var pending int
	if err := s.db.QueryRow(`SELECT count(*) FROM versions WHERE pushed = 0`).Scan(&pending); err != nil {
		return nil, nil, 0, err
	}
	return ix, drafts, pending, nil
}

// loadKeys unwraps into k every case key wrapped to k's identity.
func (s *Store) loadKeys(k *keyring) error {
	rows, err := s.db.Query(`SELECT wrapped FROM case_keys WHERE recipient = ?`, k.id.DeviceID())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return err
		}
		w, err := vault.UnmarshalWrappedKey(raw)
		if err != nil {
			return err
		}
		ck, err := k.id.UnwrapCaseKey(w)
		if err != nil {
			return err
		}
		k.keys[caseEpoch{ck.CaseID, ck.Epoch}] = ck
		k.current[ck.CaseID] = max(k.current[ck.CaseID], ck.Epoch)
	}
	return rows.Err()
}

func (s *Store) loadAuthors() (map[string]ed25519.PublicKey, error) {
	rows, err := s.db.Query(`SELECT device_id, sign_pub FROM devices`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]ed25519.PublicKey{}
	for rows.Next() {
		var id string
		var pub []byte
		if err := rows.Scan(&id, &pub); err != nil {
			return nil, err
		}
		out[id] = ed25519.PublicKey(pub)
	}
	return out, rows.Err()
}

// Lock zeroes the keys held in memory and drops the index. It is safe to call when
// already locked.
func (s *Store) Lock() {
	s.mu.Lock()
	wasOpen := s.k != nil
	if s.k != nil {
		s.k.wipe()
	}
	s.gen++
	s.k, s.ix, s.drafts = nil, nil, nil
	s.pin, s.pinSalt, s.pinFails = nil, nil, 0
	s.mu.Unlock()
	if wasOpen {
		s.notify()
	}
}

// Unlocked reports whether the keys are in memory.
func (s *Store) Unlocked() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.k != nil
}

// Subscribe registers fn to be called after every change: a save, a lock, an
// unlock. fn runs on the goroutine that made the change.
func (s *Store) Subscribe(fn func()) {
	s.mu.Lock()
	s.subs = append(s.subs, fn)
	s.mu.Unlock()
}

func (s *Store) notify() {
	s.mu.RLock()
	subs := append([]func(){}, s.subs...)
	s.mu.RUnlock()
	for _, fn := range subs {
		fn()
	}
}

// IdleLock is how long the app may sit untouched before it locks.
func (s *Store) IdleLock() time.Duration {
	v, err := s.meta("idle_lock")
	n, perr := strconv.ParseInt(v, 10, 64)
	if err != nil || perr != nil || n <= 0 {
		return DefaultIdleLock
	}
	return time.Duration(n)
}

// SetIdleLock sets the idle time before the app locks: between one minute and
// an hour.
func (s *Store) SetIdleLock(d time.Duration) error {
	if d < time.Minute || d > time.Hour {
		return errors.New("store: choose an idle lock between 1 and 60 minutes")
	}
	return s.setMeta("idle_lock", strconv.FormatInt(int64(d), 10))
}

// NewRecordID returns a fresh random record ID.
func (s *Store) NewRecordID() string { return uuid.NewString() }

// Pending is how many versions wait to be synced.
func (s *Store) Pending() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.pending
}

func (s *Store) meta(key string) (string, error) {
	b, err := s.metaBytes(key)
	return string(b), err
}

func (s *Store) metaBytes(key string) ([]byte, error) {
	var v []byte
	err := s.db.QueryRow(`SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	return v, err
}

func (s *Store) setMeta(key, value string) error {
	_, err := s.db.Exec(`INSERT INTO meta (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, []byte(value))
	return err
}

// inTx runs fn in one transaction, committed only if fn returns nil.
func inTx(db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
