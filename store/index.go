package store

import (
	"cmp"
	"crypto/ed25519"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"homeward/model"
	"homeward/vault"
)

// index is what unlock builds in memory: every record's heads, decoded. History
// stays on disk and is opened on demand.
type index struct {
	records map[string]*entry   // record ID -> entry
	cases   map[string][]*entry // case ID -> its records
	damaged map[string]damage   // record ID -> why its head could not be opened
}

// entry is one record in the index.
type entry struct {
	id     string
	caseID string
	heads  []Version // newest saved first
	name   string    // for a child, the name of the newest head as search compares it (foldName)
}

func (e *entry) kind() model.Kind { return e.heads[0].Payload.Kind }

func (e *entry) headIDs() []string {
	ids := make([]string, len(e.heads))
	for i, h := range e.heads {
		ids[i] = h.ID
	}
	return ids
}

func newIndex() *index {
	return &index{records: map[string]*entry{}, cases: map[string][]*entry{}, damaged: map[string]damage{}}
}

// put adds or replaces a record's heads.
func (ix *index) put(e *entry) {
	slices.SortFunc(e.heads, func(a, b Version) int {
		if c := b.Payload.SavedAt.Compare(a.Payload.SavedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	// Folded once here, not on every keystroke of a search.
	if c, ok := e.heads[0].Payload.Record.(model.Child); ok {
		e.name = foldName(c.Name)
	}
	if _, ok := ix.records[e.id]; !ok {
		ix.cases[e.caseID] = append(ix.cases[e.caseID], e)
	} else {
		list := ix.cases[e.caseID]
		for i, old := range list {
			if old.id == e.id {
				list[i] = e
			}
		}
	}
	ix.records[e.id] = e
}

// sealedRow is a version as it is stored.
type sealedRow struct {
	versionID, recordID, caseID string
	raw, attest                 []byte
}

// buildIndex opens every head version with k, on as many goroutines as there are
// cores. A head that cannot be opened does not stop the others: it is listed as
// damaged, and the record keeps the heads that did open.
func (s *Store) buildIndex(k *keyring) (*index, error) {
	rows, err := s.db.Query(`SELECT v.version_id, v.record_id, v.case_id, v.envelope, v.attest FROM versions v
		WHERE NOT EXISTS (SELECT 1 FROM parents p WHERE p.parent_id = v.version_id)`)
	if err != nil {
		return nil, err
	}
	var heads []sealedRow
	for rows.Next() {
		var r sealedRow
		if err := rows.Scan(&r.versionID, &r.recordID, &r.caseID, &r.raw, &r.attest); err != nil {
			rows.Close()
			return nil, err
		}
		heads = append(heads, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	opened := make([]Version, len(heads))
	errs := make([]error, len(heads))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(heads)))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(heads); i += workers {
				opened[i], errs[i] = k.open(heads[i], vault.OpenAttested)
			}
		})
	}
	wg.Wait()

	ix := newIndex()
	byRecord := map[string]*entry{}
	for i, r := range heads {
		if errs[i] != nil {
			ix.damaged[r.recordID] = damage{caseID: r.caseID, err: errs[i]}
			continue
		}
		e := byRecord[r.recordID]
		if e == nil {
			e = &entry{id: r.recordID, caseID: r.caseID}
			byRecord[r.recordID] = e
		}
		e.heads = append(e.heads, opened[i])
	}
	for _, e := range byRecord {
		ix.put(e)
	}
	return ix, nil
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
	ck := k.keys[caseEpoch{env.CaseID, env.KeyEpoch}]
	author := k.authors[env.AuthorDevice]
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

// Cases returns every case the index holds, as fresh copies with their records
// sorted newest first.
func (s *Store) Cases() []*model.Case {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.ix == nil {
		return nil
	}
	out := make([]*model.Case, 0, len(s.ix.cases))
	for id, entries := range s.ix.cases {
		out = append(out, buildCase(id, entries))
	}
	return out
}

// Case returns one case by ID.
func (s *Store) Case(id string) (*model.Case, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.ix == nil {
		return nil, false
	}
	entries, ok := s.ix.cases[id]
	if !ok {
		return nil, false
	}
	return buildCase(id, entries), true
}

// Search returns the cases whose child's name contains every word of q, compared
// the way a worker types on a tablet: case, accents, apostrophes and hyphens do
// not matter, so "obrien" finds "Niamh O’Brien" and "zoe" finds "Zoë" (see
// foldName). An empty q matches every case.
func (s *Store) Search(q string) []*model.Case {
	words := strings.Fields(foldName(q))
	if len(words) == 0 {
		return s.Cases()
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.ix == nil {
		return nil
	}
	var out []*model.Case
	for id, entries := range s.ix.cases {
		if containsAll(childName(entries), words) {
			out = append(out, buildCase(id, entries))
		}
	}
	return out
}

// childName is the folded name of a case's child, from the same record
// buildCase takes the child from, or "" while the case has none.
func childName(entries []*entry) string {
	name := ""
	for _, e := range entries {
		if e.kind() == model.KindChild {
			name = e.name
		}
	}
	return name
}

func containsAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// Heads returns the current versions of a record: one normally, more in conflict.
func (s *Store) Heads(recordID string) ([]Version, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.ix == nil {
		return nil, ErrLocked
	}
	e, ok := s.ix.records[recordID]
	if !ok {
		return nil, ErrNotFound
	}
	return slices.Clone(e.heads), nil
}

// Damaged lists records whose current version could not be opened, with why. They
// stay on disk untouched; the rest of the caseload is unaffected.
func (s *Store) Damaged() map[string]error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.ix == nil {
		return nil
	}
	out := make(map[string]error, len(s.ix.damaged))
	for k, v := range s.ix.damaged {
		out[k] = v.err
	}
	return out
}

// damage is why a record's current version could not be opened, and its case.
type damage struct {
	caseID string
	err    error
}

// DamagedCases counts, for each case with any, the records whose current version
// could not be opened: a case may have nothing else that opens, not even the
// child's details, and must still be found.
func (s *Store) DamagedCases() map[string]int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.ix == nil {
		return nil
	}
	out := map[string]int{}
	for _, d := range s.ix.damaged {
		out[d.caseID]++
	}
	return out
}

// Conflicts is how many records have more than one head.
func (s *Store) Conflicts() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.ix == nil {
		return 0
	}
	n := 0
	for _, e := range s.ix.records {
		if len(e.heads) > 1 {
			n++
		}
	}
	return n
}

func buildCase(id string, entries []*entry) *model.Case {
	c := &model.Case{ID: id}
	for _, e := range entries {
		h := e.heads[0]
		conflict := len(e.heads) > 1
		switch r := h.Payload.Record.(type) {
		case model.Child:
			c.Child = item(e, h, r, conflict)
		case model.MissingEpisode:
			c.Episodes = append(c.Episodes, item(e, h, r, conflict))
		case model.ReturnInterview:
			c.Interviews = append(c.Interviews, item(e, h, r, conflict))
		case model.VoiceEntry:
			c.Voices = append(c.Voices, item(e, h, r, conflict))
		}
	}
	c.Sort()
	return c
}

func item[T model.Record](e *entry, h Version, v T, conflict bool) model.Item[T] {
	return model.Item[T]{RecordID: e.id, VersionID: h.ID, SavedAt: h.Payload.SavedAt, SavedBy: h.Payload.SavedBy,
		Value: v, Conflict: conflict}
}
