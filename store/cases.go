package store

import (
	"cmp"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"homeward/model"
	"homeward/vault"
)

// caseState is one case opened: every version's header checked, the version
// graph read from the authenticated parents inside them, and each record's
// heads decrypted. History stays on disk and is opened on demand.
type caseState struct {
	records    map[string]*entry // record ID -> its heads, opened
	versions   map[string]string // version ID -> record ID, for every version that checked out
	recordRows map[string]int    // record ID -> how many rows the file has for it, damaged or not
	rows       []string          // every version ID the file has for the case
	damage     []Damage
	reviews    *reviewIndex // made when a save first needs it (reviewsOf)
}

// reviewsOf is the index of the case's sign-offs, returns and child records,
// made when first needed: a save of a record a supervisor reviews then looks
// up its own sign-off and return rather than every record of the case.
func (cs *caseState) reviewsOf() *reviewIndex {
	if cs.reviews == nil {
		cs.reviews = reviewsIn(cs.records)
	}
	return cs.reviews
}

// entry is one record of an open case.
type entry struct {
	id     string
	caseID string
	heads  []Version // newest saved first
}

func (e *entry) kind() model.Kind { return e.heads[0].Payload.Kind }

// sortHeads puts the newest saved head first.
func (e *entry) sortHeads() {
	slices.SortFunc(e.heads, func(a, b Version) int {
		if c := b.Payload.SavedAt.Compare(a.Payload.SavedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
}

// sealedRow is a version as it is stored.
type sealedRow struct {
	versionID, recordID, caseID string
	raw, attest                 []byte
}

// caseCache keeps the cases opened most recently, and what opening each found
// that it could not verify, which stays known after the case itself is let go.
type caseCache struct {
	byID   map[string]*caseState
	order  []string // least recently used first
	damage map[string][]Damage
}

// openCases is how many opened cases are kept: enough for a worker moving
// between a few children, little enough for a tablet's memory.
const openCases = 8

func newCaseCache() *caseCache {
	return &caseCache{byID: map[string]*caseState{}, damage: map[string][]Damage{}}
}

func (c *caseCache) get(caseID string) *caseState {
	cs := c.byID[caseID]
	if cs != nil {
		c.order = append(slices.DeleteFunc(c.order, func(id string) bool { return id == caseID }), caseID)
	}
	return cs
}

func (c *caseCache) put(caseID string, cs *caseState) {
	if _, ok := c.byID[caseID]; !ok && len(c.order) >= openCases {
		delete(c.byID, c.order[0])
		c.order = c.order[1:]
	}
	c.byID[caseID] = cs
	c.get(caseID)
	c.damage[caseID] = cs.damage
}

// loadCase reads every version of a case, checks each header (this device's
// attestation, or a trusted device's signature), builds the version graph from
// the parents the checked headers name and opens each record's heads. A
// version that does not check out is damage for its record alone: it names no
// parents, and is no head. It also returns what the versions table says of the
// case, for its summary.
func (s *Store) loadCase(k *keyring, caseID string) (*caseState, caseFacts, error) {
	cs := &caseState{records: map[string]*entry{}, versions: map[string]string{}, recordRows: map[string]int{}}
	f := caseFacts{waiting: make([]byte, 32)}
	rows, err := s.db.Query(`SELECT seq, coalesce(CAST(version_id AS TEXT), ''), coalesce(CAST(record_id AS TEXT), ''), CAST(envelope AS BLOB), CAST(attest AS BLOB), pushed IS 1 FROM versions WHERE case_id = ? ORDER BY seq`, caseID)
	if err != nil {
		return nil, f, err
	}
	byRecord := map[string][]caseNode{}
	for rows.Next() {
		r := sealedRow{caseID: caseID}
		var seq int64
		var pushed bool
		if err := rows.Scan(&seq, &r.versionID, &r.recordID, &r.raw, &r.attest, &pushed); err != nil {
			rows.Close()
			return nil, f, err
		}
		f.versions++
		f.maxSeq = seq
		if !pushed {
			f.pending++
			xorInto(f.waiting, pendingMark(k.id, r.versionID))
		}
		cs.rows = append(cs.rows, r.versionID)
		cs.recordRows[r.recordID]++
		env, err := k.check(r)
		if err != nil {
			cs.damage = append(cs.damage, Damage{CaseID: caseID, RecordID: r.recordID, Err: fmt.Errorf("version %s: %w", r.versionID, err)})
			continue
		}
		cs.versions[r.versionID] = r.recordID
		byRecord[r.recordID] = append(byRecord[r.recordID], caseNode{r, env})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, f, err
	}
	for recordID, nodes := range byRecord {
		heads, errs := k.openHeads(nodes)
		if slices.ContainsFunc(heads, func(v Version) bool { return !k.mayHold(v) }) {
			// A sign-off or a return, which counts only from a supervisor's
			// hand: the versions of anyone else are left out and the heads
			// found again without them, so that one naming a supervisor's as
			// its parent cannot hide it.
			kept := slices.DeleteFunc(slices.Clone(nodes), func(n caseNode) bool { return !k.mayReview(n.env.AuthorDevice) })
			heads, errs = k.openHeads(kept)
			for range len(nodes) - len(kept) {
				errs = append(errs, ErrNotSupervisor)
			}
		}
		for _, err := range errs {
			cs.damage = append(cs.damage, Damage{CaseID: caseID, RecordID: recordID, Err: err})
		}
		if len(heads) > 0 {
			e := &entry{id: recordID, caseID: caseID, heads: heads}
			e.sortHeads()
			cs.records[recordID] = e
		}
	}
	return cs, f, nil
}

// caseNode is a stored version of a case, checked, with its header.
type caseNode struct {
	row sealedRow
	env *vault.Envelope
}

// openHeads opens the versions of one record that no other of them names as
// its parent, and says what would not open.
func (k *keyring) openHeads(nodes []caseNode) ([]Version, []error) {
	named := map[string]bool{}
	for _, n := range nodes {
		for _, p := range n.env.Parents {
			named[p] = true
		}
	}
	var heads []Version
	var errs []error
	for _, n := range nodes {
		if named[n.row.versionID] {
			continue
		}
		v, err := k.open(n.row, vault.OpenAttested)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		heads = append(heads, v)
	}
	return heads, errs
}

// check reads a stored version's header and checks that it is where it was
// found and authentic, without decrypting it.
func (k *keyring) check(r sealedRow) (*vault.Envelope, error) {
	env, err := vault.UnmarshalEnvelope(r.raw)
	if err != nil {
		return nil, err
	}
	if env.VersionID != r.versionID || env.RecordID != r.recordID || env.CaseID != r.caseID {
		return nil, vault.ErrMisplaced
	}
	if err := vault.CheckAttested(env, k.authors[env.AuthorDevice], k.id, r.attest); err != nil {
		return nil, fmt.Errorf("from a device this device does not trust, or changed: %w", err)
	}
	return env, nil
}

// opener is vault.OpenAttested for a version and vault.OpenDraft for a draft.
type opener func(*vault.Envelope, vault.Location, *vault.CaseKey, ed25519.PublicKey, *vault.Identity, []byte) ([]byte, error)

// open checks and decrypts one stored version or draft with how. A version's
// signature is verified unless this device attested it when it was stored; a
// version of its own that it has not signed has only that attestation to show.
func (k *keyring) open(r sealedRow, how opener) (Version, error) {
	env, err := vault.UnmarshalEnvelope(r.raw)
	if err != nil {
		return Version{}, err
	}
	if env.VersionID != r.versionID {
		return Version{}, fmt.Errorf("version %s: %w", r.versionID, vault.ErrMisplaced)
	}
	return k.openEnvelope(env, r, how, k.keys[caseEpoch{env.CaseID, env.KeyEpoch}], k.authors[env.AuthorDevice])
}

// openWith opens a version with a case key and an author's key that are not
// in the keyring yet: a pulled version, with what came in the same pull.
func (k *keyring) openWith(r sealedRow, ck *vault.CaseKey, author ed25519.PublicKey) (Version, error) {
	env, err := vault.UnmarshalEnvelope(r.raw)
	if err != nil {
		return Version{}, err
	}
	return k.openEnvelope(env, r, vault.OpenAttested, ck, author)
}

func (k *keyring) openEnvelope(env *vault.Envelope, r sealedRow, how opener, ck *vault.CaseKey, author ed25519.PublicKey) (Version, error) {
	if ck == nil {
		return Version{}, fmt.Errorf("version %s: no key for case epoch %d: %w", r.versionID, env.KeyEpoch, vault.ErrWrongKey)
	}
	if author == nil {
		return Version{}, fmt.Errorf("version %s: unknown author device: %w", r.versionID, vault.ErrBadSignature)
	}
	plain, err := how(env, vault.Location{RecordID: r.recordID, CaseID: r.caseID}, ck, author, k.id, r.attest)
	if err != nil {
		return Version{}, fmt.Errorf("version %s: %w", r.versionID, err)
	}
	p, err := model.Decode(plain)
	clear(plain)
	if err != nil {
		return Version{}, fmt.Errorf("version %s: %w", r.versionID, err)
	}
	return Version{ID: env.VersionID, RecordID: env.RecordID, CaseID: env.CaseID, Parents: env.Parents,
		Author: env.AuthorDevice, Payload: p}, nil
}

// openCase returns a case opened, from the cache or from disk. The caller
// holds mu, for reading at least. A case opened from disk is checked against
// its summary: versions that are not the ones the device recorded are noted
// in the summary, which is made again.
func (s *Store) openCase(caseID string) (*caseState, error) {
	s.casesMu.Lock()
	cs := s.cases.get(caseID)
	s.casesMu.Unlock()
	if cs != nil {
		return cs, nil
	}
	cs, f, err := s.loadCase(s.k, caseID)
	if err != nil {
		return nil, err
	}
	if sum := s.sums[caseID]; sum != nil && !sum.matches(s.k.id, cs, f) {
		cs.damage = append(cs.damage, Damage{CaseID: caseID, Err: fmt.Errorf("%w: %s", ErrChanged, setNote)})
	}
	s.casesMu.Lock()
	s.cases.put(caseID, cs)
	s.casesMu.Unlock()
	return cs, nil
}

// setNote is what a case whose versions are not the ones its summary counted
// means.
const setNote = "Versions of this child's records were replaced outside Homeward."

// matches reports whether the versions of an opened case are the ones the
// summary recorded.
func (sum *summary) matches(id *vault.Identity, cs *caseState, f caseFacts) bool {
	if sum.Versions != f.versions || sum.MaxSeq != f.maxSeq {
		return false
	}
	set := make([]byte, 32)
	for _, v := range cs.rows {
		xorInto(set, versionMark(id, v))
	}
	return string(set) == string(sum.Set)
}

// Cases returns every case's summary, which is what lists need; Case opens one.
// The summaries are shared: do not change them.
func (s *Store) Cases() []model.Summary {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil {
		return nil
	}
	out := make([]model.Summary, 0, len(s.sums))
	for _, sum := range s.sums {
		out = append(out, sum.Case)
	}
	return out
}

// Summary returns one case's summary.
func (s *Store) Summary(id string) (model.Summary, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	sum, ok := s.sums[id]
	if !ok || s.k == nil {
		return model.Summary{}, false
	}
	return sum.Case, true
}

// Case opens one case: every record's current version. It reports false for a
// case this device does not hold or cannot open at all.
func (s *Store) Case(id string) (*model.Case, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil {
		return nil, false
	}
	if _, ok := s.sums[id]; !ok {
		return nil, false
	}
	cs, err := s.openCase(id)
	if err != nil {
		return nil, false
	}
	return buildCase(id, cs.records), true
}

// searchResult is the last search: its folded query and the cases it found.
type searchResult struct {
	query string
	ids   []string
}

// Search returns the summaries of the cases whose child's name contains every
// word of q, compared the way a worker types on a tablet: case, accents,
// apostrophes and hyphens do not matter, so "obrien" finds "Niamh O’Brien" and
// "zoe" finds "Zoë" (see foldName). A q of digits alone finds the children
// whose NHS number holds them, however either is spaced: "943 476" finds
// 9434765919. An empty q matches every case. A query that only grows the last
// one (the next keystroke) filters the last result.
func (s *Store) Search(q string) []model.Summary {
	fq := foldName(q)
	words := strings.Fields(fq)
	if len(words) == 0 {
		return s.Cases()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.k == nil {
		return nil
	}
	if digits := strings.Join(words, ""); strings.Trim(digits, "0123456789") == "" {
		s.found = searchResult{}
		var out []model.Summary
		for _, sum := range s.sums {
			if strings.Contains(digitsOf(sum.Case.Child.Value.NHSNumber), digits) {
				out = append(out, sum.Case)
			}
		}
		return out
	}
	var ids []string
	if last := s.found; last.query != "" && strings.HasPrefix(fq, last.query) {
		ids = last.ids
	} else {
		ids = make([]string, 0, len(s.sums))
		for id := range s.sums {
			ids = append(ids, id)
		}
	}
	var kept []string
	out := make([]model.Summary, 0, len(ids))
	for _, id := range ids {
		if sum := s.sums[id]; sum != nil && containsAll(sum.name, words) {
			kept = append(kept, id)
			out = append(out, sum.Case)
		}
	}
	s.found = searchResult{query: fq, ids: kept}
	return out
}

// digitsOf is s with everything but its digits left out.
func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func containsAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// caseOf returns the case a record belongs to.
func (s *Store) caseOf(recordID string) (string, error) {
	s.casesMu.Lock()
	for id, cs := range s.cases.byID {
		if cs.recordRows[recordID] > 0 {
			s.casesMu.Unlock()
			return id, nil
		}
	}
	s.casesMu.Unlock()
	var caseID string
	err := s.db.QueryRow(`SELECT coalesce(CAST(case_id AS TEXT), '') FROM versions WHERE record_id = ? LIMIT 1`, recordID).Scan(&caseID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return caseID, err
}

// Heads returns the current versions of a record: one normally, more in conflict.
func (s *Store) Heads(recordID string) ([]Version, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil {
		return nil, ErrLocked
	}
	caseID, err := s.caseOf(recordID)
	if err != nil {
		return nil, err
	}
	cs, err := s.openCase(caseID)
	if err != nil {
		return nil, err
	}
	e, ok := cs.records[recordID]
	if !ok {
		return nil, ErrNotFound
	}
	return slices.Clone(e.heads), nil
}

// Damage lists what this device found in its file that it could not verify:
// at unlock (devices, keys, summaries), and in each case opened since. It stays
// on disk untouched; everything else works as usual.
func (s *Store) Damage() []Damage {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil {
		return nil
	}
	out := slices.Clone(s.damage)
	for _, sum := range s.sums {
		for _, n := range sum.Notes {
			out = append(out, Damage{CaseID: sum.Case.ID, Err: fmt.Errorf("%w: %s", ErrChanged, n)})
		}
	}
	s.casesMu.Lock()
	for _, d := range s.cases.damage {
		out = append(out, d...)
	}
	s.casesMu.Unlock()
	return out
}

// DamagedCases counts, for each case with any, what Damage lists of it: a case
// may have nothing else that opens, not even the child's details, and must
// still be found.
func (s *Store) DamagedCases() map[string]int {
	out := map[string]int{}
	for _, d := range s.Damage() {
		if d.CaseID != "" {
			out[d.CaseID]++
		}
	}
	return out
}

// Conflicts is how many records have more than one head.
func (s *Store) Conflicts() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := 0
	for _, sum := range s.sums {
		n += sum.Case.Conflicts
	}
	return n
}

func buildCase(id string, records map[string]*entry) *model.Case {
	c := &model.Case{ID: id}
	for _, e := range records {
		h := e.heads[0]
		conflict := len(e.heads) > 1
		switch r := h.Payload.Record.(type) {
		case model.Child:
			// A case has one child record; should two ever arrive, the one with the
			// lowest ID stands, whatever the order they are met in.
			if c.Child.RecordID == "" || e.id < c.Child.RecordID {
				c.Child = item(e, h, r, conflict)
			}
		case model.MissingEpisode:
			c.Episodes = append(c.Episodes, item(e, h, r, conflict))
		case model.ReturnInterview:
			c.Interviews = append(c.Interviews, item(e, h, r, conflict))
		case model.VoiceEntry:
			c.Voices = append(c.Voices, item(e, h, r, conflict))
		case model.Comment:
			c.Comments = append(c.Comments, item(e, h, r, conflict))
		case model.Return:
			c.Returns = append(c.Returns, item(e, h, r, conflict))
		case model.SignOff:
			c.SignOffs = append(c.SignOffs, item(e, h, r, conflict))
		case model.Supervision:
			c.Supervisions = append(c.Supervisions, item(e, h, r, conflict))
		case model.AccessEntry:
			c.Access = append(c.Access, item(e, h, r, conflict))
		case model.Screening:
			c.Screenings = append(c.Screenings, item(e, h, r, conflict))
		case model.HealthReview:
			c.HealthReviews = append(c.HealthReviews, item(e, h, r, conflict))
		case model.Plan:
			c.Plans = append(c.Plans, item(e, h, r, conflict))
		case model.PlanReview:
			c.PlanReviews = append(c.PlanReviews, item(e, h, r, conflict))
		case model.Information:
			c.Information = append(c.Information, item(e, h, r, conflict))
		}
	}
	c.Sort()
	return c
}

func item[T model.Record](e *entry, h Version, v T, conflict bool) model.Item[T] {
	return model.Item[T]{RecordID: e.id, VersionID: h.ID, SavedAt: h.Payload.SavedAt, SavedBy: h.Payload.SavedBy,
		Author: h.Author, Value: v, Conflict: conflict}
}
