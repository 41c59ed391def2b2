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
	ErrDamagedProfile  = errors.New("store: this profile's file was changed or damaged outside Homeward: nothing has been changed; ask your administrator")
	ErrAttemptNotSaved = errors.New("store: the attempt could not be recorded on this device, so it was not made: check the device has space, then try again")
	ErrChanged         = errors.New("store: this device's file was changed outside Homeward")
	ErrCaseKeyDamaged  = errors.New("store: this child's key cannot be opened on this device, so nothing new can be saved for them: ask your administrator")
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
	direct  direct // a save's transactions (sqlite.go)
	path    string
	profile Profile
	layout  int // the file's layout when it was opened; 2 until the first unlock migrates it

	// keysInUse is held for reading by work that uses the keys without mu (a
	// pull's checks); Lock takes it before it wipes them.
	keysInUse sync.RWMutex

	mu       sync.RWMutex
	k        *keyring            // nil while locked
	gen      uint64              // counts locks, so an unlock that a lock overtook is dropped
	sums     map[string]*summary // case ID -> its summary, while unlocked
	ledger   ledger              // the digest over the summaries (see summary.go)
	damage   []Damage            // what unlock found that it could not verify (devices, keys, the profile)
	pending  int                 // versions in the outbox
	drafts   map[string]draft    // record ID -> its draft, while unlocked
	found    searchResult        // the last search, which a longer query filters
	checked  map[string]bool     // cases whose waiting versions checkOutbox has checked this session
	pin      []byte              // salted hash of the session PIN, if set
	pinSalt  []byte
	pinFails int
	subs     []func()

	// cases holds the cases opened most recently, decoded. Readers holding mu's
	// read lock may add to it, so it has a lock of its own, always taken after mu.
	casesMu sync.Mutex
	cases   *caseCache
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
		if err := putOwnDevice(tx, id); err != nil {
			return err
		}
		now := time.Now().UTC()
		for k, v := range map[string][]byte{
			"schema":       []byte(strconv.Itoa(schemaVersion)),
			"name":         []byte(p.Name),
			"role":         []byte(p.Role),
			"created":      []byte(p.Created.Format(time.RFC3339)),
			"identity":     lockedBytes,
			"identity_sig": id.SignStatement(identityStatement, locked.ClearPart()),
			"idle_lock":    []byte(strconv.FormatInt(int64(DefaultIdleLock), 10)),
		} {
			if err := putMeta(tx, k, v); err != nil {
				return err
			}
		}
		return putAttempts(tx, id, 0, now)
	})
	if err != nil {
		db.Close()
		os.Remove(path)
		id.Wipe()
		return nil, fmt.Errorf("create profile: %w", err)
	}
	s := &Store{db: db, path: path, profile: p, layout: schemaVersion}
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
	layout, err := openLayout(db)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open profile %s: %w", filepath.Base(path), err)
	}
	s := &Store{db: db, path: path, layout: layout}
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
	s.direct.close(s.db)
	return s.db.Close()
}

// Unlock opens the identity with the passphrase, unwraps the case keys it can
// verify and opens the case summaries. A wrong passphrase returns an error
// wrapping ErrWrongPassphrase and makes the next attempt wait longer;
// ErrTooSoon means the wait has not passed. ErrDamagedProfile means the file
// was changed outside Homeward in a way no passphrase can mend, or its key
// settings were and the passphrase did not open it.
func (s *Store) Unlock(passphrase []byte) error {
	if s.Unlocked() {
		return nil
	}
	gen := s.generation()
	id, resigned, err := s.unlockIdentity(passphrase)
	if err != nil {
		return err
	}
	var notes []string
	if resigned {
		notes = append(notes, resignedNote)
	}
	return s.open(id, gen, notes...)
}

// CheckPassphrase asks for the passphrase again while the store is unlocked,
// before a step that must be the person's own, such as a sign-off. It is tried
// as at unlock, counted with the same growing wait after a wrong one, and
// answers as Unlock does: nil, or an error wrapping ErrWrongPassphrase or
// ErrTooSoon.
func (s *Store) CheckPassphrase(passphrase []byte) error {
	if !s.Unlocked() {
		return ErrLocked
	}
	id, _, err := s.unlockIdentity(passphrase)
	if err != nil {
		return err
	}
	id.Wipe()
	return nil
}

// resignedNote is what an unlock that found the key settings' signature missing
// or wrong, and the passphrase opening them all the same, means and did.
const resignedNote = "The signature on this profile's key settings was missing or changed outside Homeward. The passphrase opened the profile, so the settings are as they were saved, and they were signed again."

// generation is how many times the store has been locked. An unlock notes it
// before it starts and publishes nothing if it has moved on.
func (s *Store) generation() uint64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.gen
}

// unlockIdentity is the key-derivation half of Unlock. The attempt is counted
// before the key is derived, so that stopping the app mid-way does not undo it,
// and an attempt that cannot be counted is not made.
//
// The key settings (the Argon2id parameters and public keys) are signed. When
// the signature does not check out, the passphrase is still tried, counted as
// any attempt is, within the ceilings the vault sets: if it opens the identity
// the settings are as saved (the sealed keys authenticate them), and they are
// signed again (resigned); if not, the profile is reported as changed rather
// than the passphrase as wrong, so that no one guesses at a right one.
func (s *Store) unlockIdentity(passphrase []byte) (id *vault.Identity, resigned bool, err error) {
	locked, err := s.lockedIdentity()
	if err != nil {
		return nil, false, fmt.Errorf("unlock: %w", err)
	}
	checked := true
	if s.layout >= 3 {
		sig, _ := s.metaBytes("identity_sig")
		checked = vault.VerifyStatement(locked.Public.Sign, identityStatement, locked.ClearPart(), sig)
	}
	if s.UnlockWait() > 0 {
		return nil, false, ErrTooSoon
	}
	fails, _ := s.failures()
	if err := inTx(s.db, func(tx *sql.Tx) error { return putAttempts(tx, nil, fails+1, time.Now().UTC()) }); err != nil {
		return nil, false, ErrAttemptNotSaved
	}
	id, err = vault.Unlock(locked, passphrase)
	// The KDF's memory is garbage now; give it back so a tablet's memory is not
	// held by it for the rest of the session.
	debug.FreeOSMemory()
	if errors.Is(err, vault.ErrWrongPassphrase) {
		// The wait runs from when the attempt failed, not from when it began.
		inTx(s.db, func(tx *sql.Tx) error { return putAttempts(tx, nil, fails+1, time.Now().UTC()) })
		if !checked {
			return nil, false, fmt.Errorf("its key settings do not match their signature: %w", ErrDamagedProfile)
		}
		return nil, false, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("unlock: %w", err)
	}
	err = inTx(s.db, func(tx *sql.Tx) error {
		if !checked {
			if err := putMeta(tx, "identity_sig", id.SignStatement(identityStatement, locked.ClearPart())); err != nil {
				return err
			}
		}
		return putAttempts(tx, id, 0, time.Now().UTC())
	})
	if err != nil {
		id.Wipe()
		return nil, false, fmt.Errorf("unlock: %w", err)
	}
	return id, !checked, nil
}

// keyring is what an unlocked store holds: the identity, the case keys it
// could verify and unwrap, and the signing keys of the devices it trusts.
// Unlock builds one privately and publishes it only when it is complete, so
// nothing it is still opening can be wiped under it, and an unlock that a Lock
// overtook is thrown away.
type keyring struct {
	id      *vault.Identity
	keys    map[caseEpoch]*vault.CaseKey
	current map[string]uint32            // case ID -> newest epoch held
	authors map[string]ed25519.PublicKey // device ID -> signing key, for trusted devices only
	roles   map[string]model.Role        // device ID -> its user's role, as the directory gave it
}

func (k *keyring) wipe() {
	k.id.Wipe()
	for _, ck := range k.keys {
		ck.Wipe()
	}
}

// open takes an unlocked identity, brings an earlier layout up to date, loads
// what can be verified and publishes it unless the store was locked or
// unlocked by someone else meanwhile.
func (s *Store) open(id *vault.Identity, gen uint64, notes ...string) error {
	k := &keyring{id: id, keys: map[caseEpoch]*vault.CaseKey{}, current: map[string]uint32{}}
	s.mu.Lock()
	migrated := s.layout < schemaVersion
	if migrated {
		if err := s.migrate(id); err != nil {
			s.mu.Unlock()
			k.wipe()
			return fmt.Errorf("unlock: bring the profile up to date: %w", err)
		}
		s.layout = schemaVersion
	}
	s.mu.Unlock()
	l, err := s.load(k, migrated, notes)
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
	s.k, s.sums, s.ledger, s.damage, s.drafts, s.pending = k, l.sums, l.ledger, l.damage, l.drafts, l.pending
	s.found, s.checked = searchResult{}, map[string]bool{}
	s.casesMu.Lock()
	s.cases = newCaseCache()
	s.casesMu.Unlock()
	s.mu.Unlock()
	s.notify()
	return nil
}

// loaded is what unlock opens, before it is published.
type loaded struct {
	sums    map[string]*summary
	ledger  ledger
	damage  []Damage
	drafts  map[string]draft
	pending int
}

// load fills k with what it can verify and opens the summaries and drafts.
func (s *Store) load(k *keyring, migrated bool, notes []string) (*loaded, error) {
	l := &loaded{}
	var err error
	if k.authors, err = s.loadDevices(k.id, l); err != nil {
		return nil, err
	}
	k.roles = s.loadRoles(k.id)
	if err := s.loadKeys(k, l); err != nil {
		return nil, err
	}
	if err := s.loadSummaries(k, l, migrated, notes); err != nil {
		return nil, err
	}
	if l.drafts, err = s.loadDrafts(k); err != nil {
		return nil, err
	}
	for _, sum := range l.sums {
		l.pending += sum.Pending
	}
	return l, nil
}

// Lock zeroes the keys held in memory and drops the summaries and the cases
// opened. It is safe to call when already locked.
func (s *Store) Lock() {
	s.keysInUse.Lock()
	defer s.keysInUse.Unlock()
	s.mu.Lock()
	wasOpen := s.k != nil
	if s.k != nil {
		s.k.wipe()
	}
	s.gen++
	s.k, s.sums, s.ledger, s.damage, s.drafts, s.found, s.checked = nil, nil, ledger{}, nil, nil, searchResult{}, nil
	s.casesMu.Lock()
	s.cases = nil
	s.casesMu.Unlock()
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

// IdleLock is how long the app may sit untouched before it locks: what the
// user chose, kept between one minute and an hour whatever the file says.
func (s *Store) IdleLock() time.Duration {
	v, err := s.meta("idle_lock")
	n, perr := strconv.ParseInt(v, 10, 64)
	if err != nil || perr != nil || n <= 0 {
		return DefaultIdleLock
	}
	return min(max(time.Duration(n), time.Minute), time.Hour)
}

// SetIdleLock sets the idle time before the app locks: between one minute and
// an hour.
func (s *Store) SetIdleLock(d time.Duration) error {
	if d < time.Minute || d > time.Hour {
		return errors.New("store: choose an idle lock between 1 and 60 minutes")
	}
	return s.setMeta("idle_lock", strconv.FormatInt(int64(d), 10))
}

// SupervisionInterval is how often each child's case is to be supervised:
// what the team's supervisor chose, between one and twelve weeks, or
// model.DefaultSupervisionInterval. Once the device is enrolled it is the
// team's: of the choices made here and those the central store sends
// (Incoming.Supervision), the one made last. It sets the date of the next
// supervision a new supervision record starts with, which travels in the
// record to everyone on the case.
func (s *Store) SupervisionInterval() time.Duration {
	v, err := s.meta("supervision_interval")
	n, perr := strconv.ParseInt(v, 10, 64)
	if err != nil || perr != nil || n <= 0 {
		return model.DefaultSupervisionInterval
	}
	return min(max(time.Duration(n), minSupervision), maxSupervision)
}

// The supervision intervals a team may choose.
const (
	minSupervision = 7 * 24 * time.Hour
	maxSupervision = 12 * 7 * 24 * time.Hour
)

func validSupervision(d time.Duration) bool { return d >= minSupervision && d <= maxSupervision }

// SetSupervisionInterval sets how often each child's case is to be
// supervised, between one and twelve weeks, chosen now: here at once, and for
// the whole team at the next sync (SupervisionToSend).
func (s *Store) SetSupervisionInterval(d time.Duration) error {
	if !validSupervision(d) {
		return errors.New("store: choose a supervision interval between 1 and 12 weeks")
	}
	return inTx(s.db, func(tx *sql.Tx) error {
		return putSupervision(tx, d, time.Now(), true)
	})
}

// putSupervision keeps interval d, chosen at at, and notes it to send when it
// was chosen here.
func putSupervision(tx execer, d time.Duration, at time.Time, send bool) error {
	v := []byte(strconv.FormatInt(int64(d), 10))
	if err := putMeta(tx, "supervision_interval", v); err != nil {
		return err
	}
	if err := putMeta(tx, "supervision_chosen_at", []byte(strconv.FormatInt(at.UnixNano(), 10))); err != nil {
		return err
	}
	if !send {
		_, err := tx.Exec(`DELETE FROM meta WHERE key = 'supervision_to_send'`)
		return err
	}
	return putMeta(tx, "supervision_to_send", v)
}

// supervisionChosenAt is when the interval kept was chosen; zero for never.
func supervisionChosenAt(tx *sql.Tx) (time.Time, error) {
	var v []byte
	err := tx.QueryRow(`SELECT value FROM meta WHERE key = 'supervision_chosen_at'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	n, perr := strconv.ParseInt(string(v), 10, 64)
	if err != nil || perr != nil {
		return time.Time{}, err
	}
	return time.Unix(0, n), nil
}

// SupervisionToSend is the supervision interval chosen on this device and not
// yet sent to the central store for the team, and when it was chosen, if
// there is one.
func (s *Store) SupervisionToSend() (time.Duration, time.Time, bool) {
	v, err := s.meta("supervision_to_send")
	n, perr := strconv.ParseInt(v, 10, 64)
	if err != nil || perr != nil || !validSupervision(time.Duration(n)) {
		return 0, time.Time{}, false
	}
	at, err := s.meta("supervision_chosen_at")
	ns, perr := strconv.ParseInt(at, 10, 64)
	if err != nil || perr != nil {
		return 0, time.Time{}, false
	}
	return time.Duration(n), time.Unix(0, ns), true
}

// SentSupervision marks interval d sent, unless another was chosen since.
func (s *Store) SentSupervision(d time.Duration) error {
	_, err := s.db.Exec(`DELETE FROM meta WHERE key = 'supervision_to_send' AND value = ?`, []byte(strconv.FormatInt(int64(d), 10)))
	return err
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
	return putMeta(s.db, key, []byte(value))
}

// execer is a database or a transaction.
type execer interface {
	Exec(query string, args ...any) (sql.Result, error)
}

func putMeta(db execer, key string, value []byte) error {
	_, err := db.Exec(`INSERT INTO meta (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
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
