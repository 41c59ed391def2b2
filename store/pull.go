package store

import (
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"homeward/vault"
)

// PeerDevice is another device of the organisation, as the central store's
// directory gives it. Until keys are certified by the organisation, the
// directory is taken on the server's word (docs/security.md).
type PeerDevice struct {
	ID        string
	Box, Sign []byte
}

// Incoming is one page of a pull: what the central store sent, in its order
// within each kind, and the cursor after it.
type Incoming struct {
	Devices  []PeerDevice
	Wraps    [][]byte // vault.WrappedKey.MarshalBinary
	Versions [][]byte // vault.Envelope.MarshalBinary, signed
	Cursor   int64
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
func (s *Store) Apply(in Incoming) (Applied, error) {
	s.mu.Lock()
	a, err := s.applyLocked(in)
	s.mu.Unlock()
	if err != nil {
		return Applied{}, fmt.Errorf("apply: %w", err)
	}
	if a.Versions+a.Keys > 0 {
		s.notify()
	}
	return a, nil
}

// pulledVersion is a version that passed its checks, waiting to be stored.
type pulledVersion struct {
	env *vault.Envelope
	raw []byte
	tag []byte
}

func (s *Store) applyLocked(in Incoming) (Applied, error) {
	var a Applied
	if s.k == nil {
		return a, ErrLocked
	}
	authors := map[string]ed25519.PublicKey{}
	var devices []PeerDevice
	for _, d := range in.Devices {
		switch {
		case len(d.Sign) != ed25519.PublicKeySize || len(d.Box) != 32 || vault.PublicIdentity{Sign: d.Sign}.DeviceID() != d.ID:
			a.Refused = append(a.Refused, Refusal{Reason: "a device whose keys do not match its name"})
		case s.k.authors[d.ID] != nil || authors[d.ID] != nil:
		default:
			authors[d.ID] = ed25519.PublicKey(d.Sign)
			devices = append(devices, d)
		}
	}
	trusted := func(id string) ed25519.PublicKey {
		if k := s.k.authors[id]; k != nil {
			return k
		}
		return authors[id]
	}

	keys := map[caseEpoch]*vault.CaseKey{}
	var wraps [][]byte
	for _, raw := range in.Wraps {
		w, err := vault.UnmarshalWrappedKey(raw)
		if err != nil {
			a.Refused = append(a.Refused, Refusal{Reason: "a key that could not be read"})
			continue
		}
		ce := caseEpoch{w.CaseID, w.Epoch}
		if w.Recipient != s.k.id.DeviceID() || s.k.keys[ce] != nil || keys[ce] != nil {
			continue // for another device, or held already
		}
		signer := trusted(w.Signer)
		if signer == nil || vault.VerifyWrap(w, signer) != nil {
			a.Refused = append(a.Refused, Refusal{CaseID: w.CaseID, Reason: "a key of this child's records signed by no device this device trusts"})
			continue
		}
		ck, err := s.k.id.UnwrapCaseKey(w)
		if err != nil || ck.CaseID != w.CaseID || ck.Epoch != w.Epoch {
			a.Refused = append(a.Refused, Refusal{CaseID: w.CaseID, Reason: "a key of this child's records that does not open"})
			continue
		}
		keys[ce] = ck
		wraps = append(wraps, raw)
	}
	keyFor := func(caseID string, epoch uint32) *vault.CaseKey {
		if k := s.k.keys[caseEpoch{caseID, epoch}]; k != nil {
			return k
		}
		return keys[caseEpoch{caseID, epoch}]
	}

	var vs []pulledVersion
	seen := map[string]bool{}
	for _, raw := range in.Versions {
		env, err := vault.UnmarshalEnvelope(raw)
		if err != nil {
			a.Refused = append(a.Refused, Refusal{Reason: "a version that could not be read"})
			continue
		}
		author := trusted(env.AuthorDevice)
		var tag []byte
		if author != nil {
			tag, err = vault.AttestVerified(env, author, s.k.id)
		}
		if author == nil || err != nil {
			a.Refused = append(a.Refused, Refusal{CaseID: env.CaseID, Reason: "a version from a device this device does not trust, or changed on the way"})
			continue
		}
		held, err := s.holds(env)
		if err != nil {
			return a, err
		}
		if held || seen[env.VersionID] {
			a.Duplicates++
			continue
		}
		if owner, err := s.caseOf(env.RecordID); err == nil && owner != env.CaseID {
			a.Refused = append(a.Refused, Refusal{CaseID: env.CaseID, Reason: "a version naming a record of another child"})
			continue
		} else if err != nil && !errors.Is(err, ErrNotFound) {
			return a, err
		}
		seen[env.VersionID] = true
		vs = append(vs, pulledVersion{env: env, raw: raw, tag: tag})
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
			ck := keyFor(caseID, v.env.KeyEpoch)
			if ck == nil {
				continue
			}
			r := sealedRow{versionID: v.env.VersionID, recordID: v.env.RecordID, caseID: caseID, raw: v.raw, attest: v.tag}
			opened, err := s.k.openWith(r, ck, trusted(v.env.AuthorDevice))
			if err != nil {
				a.Refused = append(a.Refused, Refusal{CaseID: caseID, Reason: "a version that does not open with its key"})
				continue
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
			summaryAfter(&sum.Case, records, e, was)
			records[v.env.RecordID] = e
		}
		sums[caseID] = sum
	}

	lg := s.ledger
	cursor := max(in.Cursor, s.cursorLocked())
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
