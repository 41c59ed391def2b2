package store

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"os"
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
	ErrExists          = errors.New("store: a profile already exists at this path")
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
	Author   string // the device ID that signed it
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
	id       *vault.Identity              // nil while locked
	keys     map[caseEpoch]*vault.CaseKey // unwrapped case keys, while unlocked
	current  map[string]uint32            // case ID -> newest epoch held
	authors  map[string]ed25519.PublicKey // device ID -> signing key
	ix       *index                       // nil while locked
	pending  int                          // versions in the outbox
	drafts   map[string]draft             // record ID -> its draft, while unlocked
	pin      []byte                       // salted hash of the session PIN, if set
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
			"schema":    []byte("1"),
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
	if err := s.open(id); err != nil {
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
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("open profile: %w", err)
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
		return nil, fmt.Errorf("open profile: %s is not a Homeward profile", path)
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
	return s.db.Close()
}

// UnlockWait is how long before the next passphrase attempt is allowed. It grows
// with each wrong passphrase (1 s, 2 s, 4 s ... up to 5 minutes) and survives a
// restart of the app.
func (s *Store) UnlockWait() time.Duration {
	fails, last := s.failures()
	if fails == 0 {
		return 0
	}
	wait := time.Second << min(fails-1, 9)
	wait = min(wait, 5*time.Minute)
	if left := time.Until(last.Add(wait)); left > 0 {
		return left
	}
	return 0
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
	id, err := s.unlockIdentity(passphrase)
	if err != nil {
		return err
	}
	return s.open(id)
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

// open takes an unlocked identity, unwraps the case keys and builds the index.
func (s *Store) open(id *vault.Identity) error {
	keys, current, err := s.loadKeys(id)
	if err != nil {
		id.Wipe()
		return fmt.Errorf("unlock: %w", err)
	}
	authors, err := s.loadAuthors()
	if err != nil {
		id.Wipe()
		return fmt.Errorf("unlock: %w", err)
	}
	s.mu.Lock()
	s.id, s.keys, s.current, s.authors = id, keys, current, authors
	s.mu.Unlock()
	ix, err := s.buildIndex()
	if err != nil {
		s.Lock()
		return fmt.Errorf("unlock: %w", err)
	}
	var pending int
	if err := s.db.QueryRow(`SELECT count(*) FROM versions WHERE pushed = 0`).Scan(&pending); err != nil {
		s.Lock()
		return fmt.Errorf("unlock: %w", err)
	}
	drafts, err := s.loadDrafts()
	if err != nil {
		s.Lock()
		return fmt.Errorf("unlock: %w", err)
	}
	s.mu.Lock()
	s.ix, s.pending, s.drafts = ix, pending, drafts
	s.mu.Unlock()
	s.notify()
	return nil
}

func (s *Store) loadKeys(id *vault.Identity) (map[caseEpoch]*vault.CaseKey, map[string]uint32, error) {
	rows, err := s.db.Query(`SELECT wrapped FROM case_keys WHERE recipient = ?`, id.DeviceID())
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	keys := map[caseEpoch]*vault.CaseKey{}
	current := map[string]uint32{}
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return nil, nil, err
		}
		w, err := vault.UnmarshalWrappedKey(raw)
		if err != nil {
			return nil, nil, err
		}
		k, err := id.UnwrapCaseKey(w)
		if err != nil {
			return nil, nil, err
		}
		keys[caseEpoch{k.CaseID, k.Epoch}] = k
		current[k.CaseID] = max(current[k.CaseID], k.Epoch)
	}
	return keys, current, rows.Err()
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
	wasOpen := s.id != nil
	if s.id != nil {
		s.id.Wipe()
	}
	for _, k := range s.keys {
		k.Wipe()
	}
	s.id, s.keys, s.current, s.ix, s.drafts = nil, nil, nil, nil, nil
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
	return s.id != nil
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
