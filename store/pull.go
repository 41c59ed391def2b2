package store

import (
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"homeward/vault"
)

// PeerDevice is another device of the organisation, as the central store's
// directory gives it. Until keys are certified by the organisation, the
// directory is taken on the server's word (docs/security.md).
type PeerDevice struct {
	ID        string
	Role      string // its user's: only a supervisor's device may sign off or return work
	Box, Sign []byte
}

// Incoming is one page of a pull: what the central store sent, in its order
// within each kind, and the cursor after it.
type Incoming struct {
	Devices  []PeerDevice
	Wraps    [][]byte // vault.WrappedKey.MarshalBinary
	Versions [][]byte // vault.Envelope.MarshalBinary, signed
	// Supervision is the team's supervision interval chosen last of those
	// the page brought, and SupervisionChosen when; 0 when it brought none.
	// It is kept if it was chosen after the one the device holds, whether
	// that came from the central store or was chosen here and not sent yet.
	Supervision       time.Duration
	SupervisionChosen time.Time
	Cursor            int64
}

// Applied is what Apply did with a page.
type Applied struct {
	Versions, Duplicates, Keys, Devices int
	Refused                             []Refusal // what did not verify: not kept, and shown to the worker
}

// Refusal is one item of a pull that did not verify.
type Refusal struct {
	CaseID string // "" when it could not be read
	Reason string
}

// cursorVouch labels this identity's mark on the sync cursor: a cursor moved
// forward in the file would skip changes, so one without the mark counts as 0,
// and everything is pulled again (a duplicate is harmless).
const cursorVouch = "sync-cursor"

// Cursor is where the next pull starts.
func (s *Store) Cursor() int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil {
		return 0
	}
	return s.cursorLocked()
}

func (s *Store) cursorLocked() int64 {
	v, err := s.meta("sync_cursor")
	mark, merr := s.metaBytes("sync_cursor_mark")
	n, perr := strconv.ParseInt(v, 10, 64)
	if err != nil || merr != nil || perr != nil || n < 0 || !s.k.id.Vouched(mark, cursorVouch, []byte(v)) {
		return 0
	}
	return n
}

// Apply brings one page of a pull into the replica through the same checks as
// everything it reads from its own file: a device enters the directory; a case
// key is kept only if it is wrapped to this device and signed by a device this
// device trusts; a version only if its author is a trusted device and its
// signature checks. What passes is stored with this identity's mark that it
// checked it, the summaries of the cases it touches are brought up to date, and
// the cursor moves, all in one transaction: a crash keeps all or none of it. A
// version already held is a duplicate. What does not verify is refused, not
// kept, and listed in the answer.
//
// The checks and the opening, most of a page's work, run before the store's
// lock is taken, so that a person saving while a long first sync runs waits for
// a page's writing at most, not for its signatures (BenchmarkSaveWhileSyncing in
// sync/client). The keys cannot be wiped meanwhile: Lock waits for keysInUse.
func (s *Store) Apply(in Incoming) (Applied, error) {
	s.keysInUse.RLock()
	defer s.keysInUse.RUnlock()
	s.mu.RLock()
	k, gen := s.k, s.gen
	var held *keyring
	if k != nil {
		held = &keyring{id: k.id, keys: maps.Clone(k.keys), authors: maps.Clone(k.authors)}
	}
	s.mu.RUnlock()
	if held == nil {
		return Applied{}, fmt.Errorf("apply: %w", ErrLocked)
	}
	c := checkIncoming(held, in)
	s.mu.Lock()
	var a Applied
	var err error
	if s.gen != gen || s.k == nil {
		err = ErrLocked
		c.wipeKeys()
	} else {
		a, err = s.applyLocked(c, in)
	}
	s.mu.Unlock()
	if err != nil {
		return Applied{}, fmt.Errorf("apply: %w", err)
	}
	if a.Versions+a.Keys > 0 {
		s.notify()
	}
	return a, nil
}

// checked is a page of a pull after its checks: what passed, each version
// opened when its key is at hand, and what was refused.
type checked struct {
	devices []PeerDevice
	authors map[string]ed25519.PublicKey // the devices' signing keys
	keys    map[caseEpoch]*vault.CaseKey // keys that came, unwrapped
	wraps   [][]byte
	vs      []pulledVersion
	refused []Refusal
}

func (c *checked) wipeKeys() {
	for _, ck := range c.keys {
		ck.Wipe()
	}
}

// pulledVersion is a version that passed its checks, waiting to be stored.
type pulledVersion struct {
	env    *vault.Envelope
	raw    []byte
	tag    []byte
	opened *Version // nil when its key has not come
}

// checkIncoming checks a page against the keys held (k, a copy the caller keeps
// from being wiped): the devices, the wraps and the versions' signatures, and
// opens each version whose key is held or came in the page. It reads nothing
// of the store's but k.
func checkIncoming(k *keyring, in Incoming) *checked {
	c := &checked{authors: map[string]ed25519.PublicKey{}, keys: map[caseEpoch]*vault.CaseKey{}}
	for _, d := range in.Devices {
		switch {
		case len(d.Sign) != ed25519.PublicKeySize || len(d.Box) != 32 || vault.PublicIdentity{Sign: d.Sign}.DeviceID() != d.ID:
			c.refused = append(c.refused, Refusal{Reason: "a device whose keys do not match its name"})
		case k.authors[d.ID] != nil || c.authors[d.ID] != nil:
		default:
			c.authors[d.ID] = ed25519.PublicKey(d.Sign)
			c.devices = append(c.devices, d)
		}
	}
	trusted := func(id string) ed25519.PublicKey {
		if pub := k.authors[id]; pub != nil {
			return pub
		}
		return c.authors[id]
	}
	for _, raw := range in.Wraps {
		w, err := vault.UnmarshalWrappedKey(raw)
		if err != nil {
			c.refused = append(c.refused, Refusal{Reason: "a key that could not be read"})
			continue
		}
		ce := caseEpoch{w.CaseID, w.Epoch}
		if w.Recipient != k.id.DeviceID() || k.keys[ce] != nil || c.keys[ce] != nil {
			continue // for another device, or held already
		}
		signer := trusted(w.Signer)
		if signer == nil || vault.VerifyWrap(w, signer) != nil {
			c.refused = append(c.refused, Refusal{CaseID: w.CaseID, Reason: "a key of this child's records signed by no device this device trusts"})
			continue
		}
		ck, err := k.id.UnwrapCaseKey(w)
		if err != nil || ck.CaseID != w.CaseID || ck.Epoch != w.Epoch {
			c.refused = append(c.refused, Refusal{CaseID: w.CaseID, Reason: "a key of this child's records that does not open"})
			continue
		}
		c.keys[ce] = ck
		c.wraps = append(c.wraps, raw)
	}
	for _, raw := range in.Versions {
		env, err := vault.UnmarshalEnvelope(raw)
		if err != nil {
			c.refused = append(c.refused, Refusal{Reason: "a version that could not be read"})
			continue
		}
		author := trusted(env.AuthorDevice)
		var tag []byte
		if author != nil {
			tag, err = vault.AttestVerified(env, author, k.id)
		}
		if author == nil || err != nil {
			c.refused = append(c.refused, Refusal{CaseID: env.CaseID, Reason: "a version from a device this device does not trust, or changed on the way"})
			continue
		}
		v := pulledVersion{env: env, raw: raw, tag: tag}
		ck := k.keys[caseEpoch{env.CaseID, env.KeyEpoch}]
		if ck == nil {
			ck = c.keys[caseEpoch{env.CaseID, env.KeyEpoch}]
		}
		if ck != nil {
			opened, err := k.openWith(v.row(), ck, author)
			if err != nil {
				c.refused = append(c.refused, Refusal{CaseID: env.CaseID, Reason: "a version that does not open with its key"})
				continue
			}
			v.opened = &opened
		}
		c.vs = append(c.vs, v)
	}
	return c
}

func (v pulledVersion) row() sealedRow {
	return sealedRow{versionID: v.env.VersionID, recordID: v.env.RecordID, caseID: v.env.CaseID, raw: v.raw, attest: v.tag}
}

// applyLocked stores a checked page: what the store came to hold since the
// checks (a device, a key, a version) is skipped, and a version is refused when
// its record is another child's.
func (s *Store) applyLocked(c *checked, in Incoming) (Applied, error) {
	cursorAfter := in.Cursor
	a := Applied{Refused: c.refused}
	var devices []PeerDevice
	authors := map[string]ed25519.PublicKey{}
	for _, d := range c.devices {
		if s.k.authors[d.ID] == nil {
			devices = append(devices, d)
			authors[d.ID] = c.authors[d.ID]
		}
	}
	roles, sealedRoles := s.k.roles, []byte(nil)
	if len(devices) > 0 {
		var err error
		if roles, sealedRoles, err = withRoles(s.k.id, s.k.roles, devices); err != nil {
			return a, err
		}
	}
	roled := &keyring{id: s.k.id, roles: roles} // who may sign off, with the devices of this page
	keys := map[caseEpoch]*vault.CaseKey{}
	var wraps [][]byte
	for _, raw := range c.wraps {
		w, _ := vault.UnmarshalWrappedKey(raw) // read once already
		ce := caseEpoch{w.CaseID, w.Epoch}
		if s.k.keys[ce] == nil {
			keys[ce] = c.keys[ce]
			wraps = append(wraps, raw)
		} else {
			c.keys[ce].Wipe()
		}
	}
	var vs []pulledVersion
	seen := map[string]bool{}
	for _, v := range c.vs {
		held, err := s.holds(v.env)
		if err != nil {
			return a, err
		}
		if held || seen[v.env.VersionID] {
			a.Duplicates++
			continue
		}
		if owner, err := s.caseOf(v.env.RecordID); err == nil && owner != v.env.CaseID {
			a.Refused = append(a.Refused, Refusal{CaseID: v.env.CaseID, Reason: "a version naming a record of another child"})
			continue
		} else if err != nil && !errors.Is(err, ErrNotFound) {
			return a, err
		}
		if ck := s.k.keys[caseEpoch{v.env.CaseID, v.env.KeyEpoch}]; v.opened == nil && ck != nil {
			// The key was made here since the checks.
			opened, err := s.k.openWith(v.row(), ck, s.k.authors[v.env.AuthorDevice])
			if err != nil {
				a.Refused = append(a.Refused, Refusal{CaseID: v.env.CaseID, Reason: "a version that does not open with its key"})
				continue
			}
			v.opened = &opened
		}
		seen[v.env.VersionID] = true
		vs = append(vs, v)
	}

	// The summaries, worked out before the transaction from the cases as they
	// stand and the versions that open; a version whose key has not come yet is
	// counted and kept, and shows once its key does.
	byCase := map[string][]pulledVersion{}
	var order []string
	for _, v := range vs {
		if byCase[v.env.CaseID] == nil {
			order = append(order, v.env.CaseID)
		}
		byCase[v.env.CaseID] = append(byCase[v.env.CaseID], v)
	}
	for ce := range keys {
		if byCase[ce.caseID] == nil && s.sums[ce.caseID] == nil {
			byCase[ce.caseID] = []pulledVersion{}
			order = append(order, ce.caseID)
		}
	}
	rebuild := map[string]bool{} // cases that had versions waiting for a key that came
	for ce := range keys {
		if sum := s.sums[ce.caseID]; sum != nil && sum.Versions > 0 {
			rebuild[ce.caseID] = true
		}
	}
	sums := map[string]*summary{}
	for _, caseID := range order {
		old := s.sums[caseID]
		var records map[string]*entry
		sum := newSummary(caseID)
		if old != nil {
			cs, err := s.openCase(caseID)
			if err != nil {
				return a, err
			}
			records = maps.Clone(cs.records)
			sum = old.clone()
		} else {
			records = map[string]*entry{}
		}
		for _, v := range byCase[caseID] {
			sum.Versions++
			xorInto(sum.Set, versionMark(s.k.id, v.env.VersionID))
			if v.opened == nil {
				continue
			}
			opened := *v.opened
			if !roled.mayHold(opened) {
				continue // shown as damage when the case opens
			}
			was := records[v.env.RecordID]
			e := &entry{id: v.env.RecordID, caseID: caseID, heads: []Version{opened}}
			if was != nil {
				if was.kind() != opened.Payload.Kind {
					continue // shown as damage when the case opens, as any record that changes kind
				}
				for _, h := range was.heads {
					if !slices.Contains(opened.Parents, h.ID) {
						e.heads = append(e.heads, h)
					}
				}
			}
			e.sortHeads()
			summaryAfter(&sum.Case, records, nil, e, was)
			records[v.env.RecordID] = e
		}
		sums[caseID] = sum
	}

	lg := s.ledger
	cursor := max(cursorAfter, s.cursorLocked())
	err := inTx(s.db, func(tx *sql.Tx) error {
		for _, d := range devices {
			if _, err := tx.Exec(`INSERT INTO devices (device_id, box_pub, sign_pub, vouch) VALUES (?, ?, ?, ?) ON CONFLICT (device_id) DO NOTHING`,
				d.ID, d.Box, d.Sign, vouchDevice(s.k.id, d.ID, d.Box, d.Sign)); err != nil {
				return err
			}
		}
		for _, raw := range wraps {
			w, _ := vault.UnmarshalWrappedKey(raw) // read once already
			if _, err := tx.Exec(`INSERT INTO case_keys (case_id, epoch, recipient, wrapped, vouch) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
				w.CaseID, w.Epoch, w.Recipient, raw, s.k.id.Vouch(wrapVouch, raw)); err != nil {
				return err
			}
		}
		for _, caseID := range order {
			sum := sums[caseID]
			for _, v := range byCase[caseID] {
				res, err := tx.Exec(`INSERT INTO versions (version_id, record_id, case_id, envelope, attest, pushed) VALUES (?, ?, ?, ?, ?, 1)`,
					v.env.VersionID, v.env.RecordID, caseID, v.raw, v.tag)
				if err != nil {
					return err
				}
				if sum.MaxSeq, err = res.LastInsertId(); err != nil {
					return err
				}
			}
			if err := s.writeSummary(tx, s.k.id, &lg, s.sums[caseID], sum); err != nil {
				return err
			}
		}
		if sealedRoles != nil {
			if err := putMeta(tx, "device_roles", sealedRoles); err != nil {
				return err
			}
		}
		if validSupervision(in.Supervision) {
			held, err := supervisionChosenAt(tx)
			if err != nil {
				return err
			}
			if in.SupervisionChosen.After(held) {
				if err := putSupervision(tx, in.Supervision, in.SupervisionChosen, false); err != nil {
					return err
				}
			}
		}
		v := strconv.FormatInt(cursor, 10)
		if err := putMeta(tx, "sync_cursor", []byte(v)); err != nil {
			return err
		}
		return putMeta(tx, "sync_cursor_mark", s.k.id.Vouch(cursorVouch, []byte(v)))
	})
	if err != nil {
		for _, ck := range keys {
			ck.Wipe()
		}
		return a, err
	}
	for id, k := range authors {
		s.k.authors[id] = k
	}
	s.k.roles = roles
	for ce, ck := range keys {
		s.k.keys[ce] = ck
		s.k.current[ce.caseID] = max(s.k.current[ce.caseID], ce.epoch)
	}
	s.casesMu.Lock()
	for caseID, sum := range sums {
		s.sums[caseID] = sum
		delete(s.cases.byID, caseID) // opened again from disk, with what came
		s.cases.order = slices.DeleteFunc(s.cases.order, func(id string) bool { return id == caseID })
	}
	s.casesMu.Unlock()
	s.ledger, s.found = lg, searchResult{}
	a.Versions, a.Keys, a.Devices = len(vs), len(keys), len(devices)
	for caseID := range rebuild {
		if err := s.rebuildSummary(caseID); err != nil {
			return a, err
		}
	}
	return a, nil
}

// holds reports whether the replica has the version already.
func (s *Store) holds(env *vault.Envelope) (bool, error) {
	var one int
	err := s.db.QueryRow(`SELECT 1 FROM versions WHERE record_id = ? AND version_id = ?`, env.RecordID, env.VersionID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// rebuildSummary makes a case's summary afresh from its versions: for a case
// whose versions came before the key that opens them.
func (s *Store) rebuildSummary(caseID string) error {
	cs, f, err := s.loadCase(s.k, caseID)
	if err != nil {
		return err
	}
	old := s.sums[caseID]
	sum := summarise(s.k.id, caseID, cs, f, old)
	lg := s.ledger
	if err := s.putSummary(s.k.id, &lg, old, sum); err != nil {
		return err
	}
	s.sums[caseID], s.ledger = sum, lg
	s.casesMu.Lock()
	s.cases.put(caseID, cs)
	s.casesMu.Unlock()
	return nil
}
