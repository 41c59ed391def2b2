package store

import (
	"bytes"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"homeward/model"
	"homeward/vault"
)

// Labels of the summaries and of what is kept about them.
const (
	summarySeal  = "case-summary"
	summaryMark  = "case-summary-write"
	versionInSet = "version-in-case"
	versionWaits = "version-waiting"
	notesSeal    = "profile-notes"
	// summaryLayout 2 added where the case stands with its supervisor
	// (model.Oversight), 3 what falls due of its screenings and plans
	// (model.Practice), 4 the strategy discussions held and what a screening
	// saw on its own day, 5 when the child said they did not feel safe with
	// nothing yet done about it recorded, and screenings, health reviews,
	// information, plans and plan reviews among the work waiting for review,
	// 6 only the sign-offs and returns of supervisors' devices; a summary of
	// an older layout is made again from the case's versions at unlock, with
	// nothing to note.
	summaryLayout = 6
)

// summary is what this device keeps of a case so that unlock need not open its
// records: what lists need (model.Summary), and what the device knows of the
// case's versions, which unlock and opening the case check the file against.
// It is sealed for this identity alone and rewritten in the same transaction as
// every change to the case's versions.
type summary struct {
	Layout   int           `json:"layout"`
	Case     model.Summary `json:"case"`
	Versions int           `json:"versions"` // how many versions the case has
	Pending  int           `json:"pending"`  // how many of them wait in the outbox
	MaxSeq   int64         `json:"max_seq"`  // the newest version's place in the versions table
	Set      []byte        `json:"set"`      // the XOR of a keyed hash of every version ID (versionMark)
	Waiting  []byte        `json:"waiting"`  // the same of the versions waiting in the outbox (pendingMark)
	Notes    []string      `json:"notes,omitempty"`
	Gen      uint64        `json:"gen"`      // this write's place among every summary write of the profile
	Digest   []byte        `json:"digest"`   // the ledger's digest just after this write
	NotesAt  []byte        `json:"notes_at"` // the mark of the profile's notes when it was written (notesMark)

	name   string // the child's name as search compares it (foldName)
	folded string // the name that name was folded from
}

// The ledger finds a summary that was removed, or put back from an older copy
// of the file. Each summary write takes the next generation, and the digest is
// the XOR of a keyed mark of every case's summary generation; each summary
// carries the digest as it stood just after its own write. At unlock the
// newest summary's digest must be the XOR of the marks of the summaries found:
// one removed, or older than when the newest was written, changes it. What no
// ledger can find is the newest write itself undone, with everything it wrote,
// which is the file as it stood before that save (docs/security.md).
type ledger struct {
	digest [32]byte
	gen    uint64
	notes  []byte // the mark of the profile's notes as they stand
}

func (lg *ledger) mark(id *vault.Identity, sum *summary) {
	var g [8]byte
	binary.BigEndian.PutUint64(g[:], sum.Gen)
	xorInto(lg.digest[:], id.Vouch(summaryMark, []byte(sum.Case.ID), g[:]))
}

func newSummary(caseID string) *summary {
	return &summary{Layout: summaryLayout, Case: model.Summary{ID: caseID}, Set: make([]byte, 32), Waiting: make([]byte, 32)}
}

// clone returns a copy that can be changed without touching s.
func (s *summary) clone() *summary {
	c := *s
	c.Set = bytes.Clone(s.Set)
	c.Waiting = bytes.Clone(s.Waiting)
	c.Notes = append([]string(nil), s.Notes...)
	c.Case.Kinds = maps.Clone(s.Case.Kinds)
	c.Digest = bytes.Clone(s.Digest)
	c.NotesAt = bytes.Clone(s.NotesAt)
	return &c
}

// versionMark is a version's share of a case's set: a keyed hash, so that no
// one without the identity can make a set that matches other versions.
func versionMark(id *vault.Identity, versionID string) []byte {
	return id.Vouch(versionInSet, []byte(versionID))
}

// pendingMark is a waiting version's share of a case's outbox set, so that
// which versions wait, not only how many, is checked.
func pendingMark(id *vault.Identity, versionID string) []byte {
	return id.Vouch(versionWaits, []byte(versionID))
}

func xorInto(dst, src []byte) {
	for i := range dst {
		dst[i] ^= src[i]
	}
}

// note adds a finding to the summary once.
func (s *summary) note(text string) {
	for _, n := range s.Notes {
		if n == text {
			return
		}
	}
	s.Notes = append(s.Notes, text)
}

// seal encodes and seals s for id.
func (s *summary) seal(id *vault.Identity) ([]byte, error) {
	plain, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	s.fold()
	return id.SealPrivate(summarySeal, []byte(s.Case.ID), plain)
}

// fold sets the name search compares, once for each name.
func (s *summary) fold() {
	if n := s.Case.Child.Value.Name; n != s.folded || s.name == "" {
		s.name, s.folded = foldName(n), n
	}
}

// openSummary opens a stored summary of caseID.
func openSummary(id *vault.Identity, caseID string, sealed []byte) (*summary, error) {
	plain, err := id.OpenPrivate(summarySeal, []byte(caseID), sealed)
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	s := new(summary)
	if err := json.Unmarshal(plain, s); err != nil || s.Layout < 1 || s.Layout > summaryLayout || s.Case.ID != caseID || len(s.Set) != 32 || len(s.Waiting) != 32 {
		return nil, fmt.Errorf("summary: %w", vault.ErrMalformed)
	}
	s.fold()
	return s, nil
}

// caseFacts is what the versions table says of a case, read without opening
// an envelope.
type caseFacts struct {
	versions, pending int
	maxSeq            int64
	waiting           []byte // the outbox set of the versions waiting (pendingMark)
}

// loadSummaries opens every case's summary and checks each against the
// versions table: a case whose versions were added, removed or marked pushed
// behind this device's back, or whose summary is missing or does not open, has
// its summary built again from its versions, and what was found is noted in it
// so that it stays in sight. A digest that does not match the summaries means
// one was removed or put back from an older copy.
func (s *Store) loadSummaries(k *keyring, l *loaded, migrated bool, found []string) error {
	l.sums = map[string]*summary{}
	rows, err := s.db.Query(`SELECT coalesce(CAST(case_id AS TEXT), ''), CAST(sealed AS BLOB) FROM summaries`)
	if err != nil {
		return err
	}
	unreadable := map[string]bool{}
	var newest *summary
	for rows.Next() {
		var caseID string
		var sealed []byte
		if err := rows.Scan(&caseID, &sealed); err != nil {
			rows.Close()
			return err
		}
		sum, err := openSummary(k.id, caseID, sealed)
		if err != nil {
			unreadable[caseID] = true
			continue
		}
		l.sums[caseID] = sum
		l.ledger.mark(k.id, sum)
		if newest == nil || sum.Gen > newest.Gen {
			newest = sum
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if newest != nil {
		l.ledger.gen = newest.Gen
	}
	if err := s.settleNotes(k.id, l, newest, found); err != nil {
		return err
	}

	facts := map[string]caseFacts{}
	rows, err = s.db.Query(`SELECT coalesce(CAST(case_id AS TEXT), ''), count(*), sum(pushed IS NOT 1), max(seq) FROM versions GROUP BY case_id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var caseID string
		var f caseFacts
		if err := rows.Scan(&caseID, &f.versions, &f.pending, &f.maxSeq); err != nil {
			rows.Close()
			return err
		}
		facts[caseID] = f
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	stale := map[string]string{} // case ID -> what to note, "" for nothing
	for caseID, f := range facts {
		sum, ok := l.sums[caseID]
		switch {
		case unreadable[caseID]:
			stale[caseID] = "This child's summary on this device could not be opened, and was made again from their records."
		case !ok && !migrated:
			stale[caseID] = "This child's summary was missing from this device, and was made again from their records."
		case !ok:
			stale[caseID] = ""
		case sum.Layout < summaryLayout:
			stale[caseID] = "" // written by an older Homeward: made again with what it lacks
		case sum.Versions != f.versions || sum.MaxSeq != f.maxSeq:
			stale[caseID] = "Versions of this child's records were added or removed outside Homeward."
		case sum.Pending != f.pending:
			// Which versions wait is checked before any is sent (checkOutbox),
			// where it costs nothing at unlock.
			if err := s.sendAgain(k.id, &l.ledger, l.sums, caseID); err != nil {
				return err
			}
		}
	}
	for caseID, sum := range l.sums {
		if _, listed := stale[caseID]; !listed && sum.Layout < summaryLayout {
			stale[caseID] = ""
		}
		if _, ok := facts[caseID]; !ok && sum.Versions > 0 {
			stale[caseID] = "Every version of this child's records was removed outside Homeward."
		}
	}
	for caseID := range unreadable {
		if _, ok := facts[caseID]; !ok {
			stale[caseID] = "This child's summary on this device could not be opened."
		}
	}
	for caseID, why := range stale {
		cs, f, err := s.loadCase(k, caseID)
		if err != nil {
			return err
		}
		old := l.sums[caseID]
		sum := summarise(k.id, caseID, cs, f, old)
		if why != "" {
			sum.note(why)
		}
		if err := s.putSummary(k.id, &l.ledger, old, sum); err != nil {
			return err
		}
		l.sums[caseID] = sum
	}
	return nil
}

// summarise makes a case's summary from its opened records and the facts of
// its versions, keeping what old (if any) noted, and the child as old knew
// them if their record no longer opens.
func summarise(id *vault.Identity, caseID string, cs *caseState, f caseFacts, old *summary) *summary {
	sum := newSummary(caseID)
	sum.Case = summaryOf(caseID, cs.records)
	sum.Versions, sum.Pending, sum.MaxSeq, sum.Waiting = f.versions, f.pending, f.maxSeq, f.waiting
	for _, v := range cs.rows {
		xorInto(sum.Set, versionMark(id, v))
	}
	if old != nil {
		sum.Notes = append(sum.Notes, old.Notes...)
		if sum.Case.Child.RecordID == "" {
			sum.Case.Child = old.Case.Child
		}
	}
	return sum
}

// putSummary writes sum, which replaces old (nil for a new case), in one
// transaction, and then updates lg.
func (s *Store) putSummary(id *vault.Identity, lg *ledger, old, sum *summary) error {
	next := *lg
	err := inTx(s.db, func(tx *sql.Tx) error { return s.writeSummary(tx, id, &next, old, sum) })
	if err == nil {
		*lg = next
	}
	return err
}

// writeSummary writes sum, which replaces old (nil for a new case), in a
// transaction the caller holds, as the ledger's next write; lg moves on with
// it, so the caller keeps the ledger it started from until it commits.
func (s *Store) writeSummary(tx execer, id *vault.Identity, lg *ledger, old, sum *summary) error {
	if old != nil {
		lg.mark(id, old)
	}
	lg.gen++
	sum.Gen = lg.gen
	lg.mark(id, sum)
	sum.Digest = bytes.Clone(lg.digest[:])
	sum.NotesAt = bytes.Clone(lg.notes)
	sealed, err := sum.seal(id)
	if err != nil {
		return err
	}
	_, err = tx.Exec(putSummarySQL, sum.Case.ID, sealed)
	return err
}

// notesGoneNote is what notes that are not the ones the newest summary knew
// mean: what is said of them is lost, but not that it was.
const notesGoneNote = "Earlier findings about this device's file were removed outside Homeward."

func notesMark(id *vault.Identity, notes []string) []byte {
	plain, _ := json.Marshal(notes) // a list of strings always encodes
	return id.Vouch(notesSeal, plain)
}

// settleNotes reads the profile's notes, checks them and the ledger against
// the newest summary, and adds what unlock found (found, and what these checks
// find). The notes are shown as damage, for good. When they change, they are
// written with the newest summary written again, so that the newest summary
// always knows the notes and the digest as they now stand.
func (s *Store) settleNotes(id *vault.Identity, l *loaded, newest *summary, found []string) error {
	notes, err := s.profileNotes(id)
	if err != nil {
		return err
	}
	add := slices.Clone(found)
	if newest != nil && !bytes.Equal(newest.Digest, l.ledger.digest[:]) {
		add = append(add, digestNote)
	}
	if newest != nil && !bytes.Equal(newest.NotesAt, notesMark(id, notes)) {
		add = append(add, notesGoneNote)
	}
	changed := false
	for _, n := range add {
		if !slices.Contains(notes, n) {
			notes, changed = append(notes, n), true
		}
	}
	l.ledger.notes = notesMark(id, notes)
	for _, n := range notes {
		l.damage = append(l.damage, Damage{Err: fmt.Errorf("%w: %s", ErrChanged, n)})
	}
	if !changed && (newest == nil || len(add) == 0) {
		return nil
	}
	next := l.ledger
	var again *summary
	err = inTx(s.db, func(tx *sql.Tx) error {
		if err := s.putProfileNotes(tx, id, notes); err != nil {
			return err
		}
		if newest == nil {
			return nil
		}
		again = newest.clone()
		return s.writeSummary(tx, id, &next, newest, again)
	})
	if err == nil && again != nil {
		l.ledger, l.sums[again.Case.ID] = next, again
	}
	return err
}

// digestNote is what a digest that does not match the summaries means.
const digestNote = "The list of this device's children did not match what it last saved: a child's summary was removed, or put back from an older copy of the file."

// profileNotes are what unlock has found about the profile as a whole, sealed
// in meta so that they stay in sight.
func (s *Store) profileNotes(id *vault.Identity) ([]string, error) {
	raw, err := s.metaBytes("notes")
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	plain, err := id.OpenPrivate(notesSeal, nil, raw)
	var notes []string
	if err != nil || json.Unmarshal(plain, &notes) != nil {
		return []string{"This device's own notes about its file could not be opened."}, nil
	}
	return notes, nil
}

func (s *Store) putProfileNotes(tx *sql.Tx, id *vault.Identity, notes []string) error {
	plain, err := json.Marshal(notes)
	if err != nil {
		return err
	}
	sealed, err := id.SealPrivate(notesSeal, nil, plain)
	if err != nil {
		return err
	}
	return putMeta(tx, "notes", sealed)
}

// summaryOf is what lists need of a case's records. A case has one child
// record; the counts and the newest time are of every record, whatever the
// case holds.
func summaryOf(caseID string, records map[string]*entry) model.Summary {
	sum := buildCase(caseID, records).Summary()
	sum.Kinds, sum.Conflicts, sum.Latest = map[model.Kind]int{}, 0, time.Time{}
	for _, e := range records {
		sum.Kinds[e.kind()]++
		if len(e.heads) > 1 {
			sum.Conflicts++
		}
		if t := e.heads[0].Payload.SavedAt; t.After(sum.Latest) {
			sum.Latest = t
		}
	}
	return sum
}

// summaryAfter brings sum up to date with a save that made e the record's
// entry in place of was (nil for a new record), records being the case's
// records before it. It does what summaryOf would, in time that does not grow
// with the case, except for a save that can change what falls due, which
// looks at the case's episodes, interviews, screenings, health reviews and
// plans only.
func summaryAfter(sum *model.Summary, records map[string]*entry, idx *reviewIndex, e, was *entry) {
	if sum.Kinds == nil {
		sum.Kinds = map[model.Kind]int{}
	}
	if was == nil {
		sum.Kinds[e.kind()]++
	} else if len(was.heads) > 1 {
		sum.Conflicts--
	}
	if len(e.heads) > 1 {
		sum.Conflicts++
	}
	h := e.heads[0]
	if h.Payload.SavedAt.After(sum.Latest) {
		sum.Latest = h.Payload.SavedAt
	}
	switch {
	case model.Reviewable(h.Payload.Kind) && oversightAfter(&sum.Oversight, records, idx, e, was):
	case model.Reviewable(h.Payload.Kind) || oversees(h.Payload.Kind):
		// Where the case stands with its supervisor depends on the records it
		// is about and on every comment, return and sign-off of them.
		sum.Oversight = overseenOf(records, e).Oversight()
	}
	switch r := h.Payload.Record.(type) {
	case model.Child:
		if sum.Child.RecordID == "" || e.id <= sum.Child.RecordID { // as buildCase chooses
			sum.Child = item(e, h, r, len(e.heads) > 1)
		}
	case model.VoiceEntry:
		if r.Method == model.MethodNotSafe || was != nil && isNotSafe(was) {
			sum.NotSafe = notSafeAfter(records, e)
		}
	case model.MissingEpisode, model.ReturnInterview, model.Screening, model.HealthReview, model.Plan, model.PlanReview, model.Information:
		c := &model.Case{}
		for id, x := range records {
			if id == e.id {
				x = e
			}
			addDueItem(c, x)
		}
		if was == nil {
			addDueItem(c, e)
		}
		c.Sort() // which interview counts for an episode depends on their order
		sum.Open = c.OpenEpisodes()
		sum.Practice = c.Practice()
	}
}

// oversightAfter brings o up to date with a save that made e, a record a
// supervisor reviews, the entry of its record in place of was (nil for a new
// record), records being the case's records before it and idx, when not nil,
// their index of sign-offs, returns and child records. A new version is never
// signed off or returned yet, so the record now waits; what it did before is
// read from its own sign-offs and returns, from idx or else looking only at
// the kind of every other record. It reports false, having changed nothing,
// when the record was the one that had waited longest, whose successor only
// the whole case can tell.
func oversightAfter(o *model.Oversight, records map[string]*entry, idx *reviewIndex, e, was *entry) bool {
	if o.Oldest.RecordID == e.id {
		return false
	}
	// A record's first version is named by nothing yet, as a sign-off or a
	// return is made by someone who has read the record and so comes after
	// it: it simply waits, and only a child's details need the other records
	// looked at. Were a sign-off ever to come first, it is counted when the
	// summary is next made from the case's records; the case itself, built
	// from them, always counts it.
	var r reviewRefs
	switch {
	case was == nil && e.kind() != model.KindChild:
	case idx != nil:
		r = idx.of(e.id)
	default:
		r = reviewsIn(records).of(e.id)
	}
	if e.kind() == model.KindChild && r.lowerChild {
		return true // not the case's child, so not reviewed
	}
	if e.kind() == model.KindChild && r.otherChild {
		return false // it takes the place of the child counted until now
	}
	if was == nil || model.Standing(was.heads[0].ID, r.signed, r.back) != model.StandsWaiting {
		o.Waiting++
	}
	o.Returned = slices.DeleteFunc(o.Returned, func(x model.Returned) bool { return x.RecordID == e.id })
	a := headOf(e).Awaiting(r.signed)
	if a.Older(o.Oldest) {
		o.Oldest = a
	}
	return true
}

// reviewIndex is, of a case's records, the latest sign-off and return naming
// each record, and the IDs of its child records.
type reviewIndex struct {
	signed   map[string]*model.Item[model.SignOff]
	back     map[string]*model.Item[model.Return]
	children []string
}

// reviewRefs is what reviewIndex knows of one record: its latest sign-off
// and return, and whether the case has another child record, and one with a
// lower ID (a case's child is the one with the lowest, as buildCase chooses).
type reviewRefs struct {
	signed                 *model.Item[model.SignOff]
	back                   *model.Item[model.Return]
	otherChild, lowerChild bool
}

func reviewsIn(records map[string]*entry) *reviewIndex {
	idx := &reviewIndex{signed: map[string]*model.Item[model.SignOff]{}, back: map[string]*model.Item[model.Return]{}}
	for id, x := range records {
		h := x.heads[0]
		switch r := h.Payload.Record.(type) {
		case model.Child:
			idx.children = append(idx.children, id)
		case model.SignOff:
			if was := idx.signed[r.On.RecordID]; was == nil || h.Payload.SavedAt.After(was.SavedAt) {
				it := item(x, h, r, false)
				idx.signed[r.On.RecordID] = &it
			}
		case model.Return:
			if was := idx.back[r.On.RecordID]; was == nil || h.Payload.SavedAt.After(was.SavedAt) {
				it := item(x, h, r, false)
				idx.back[r.On.RecordID] = &it
			}
		}
	}
	return idx
}

func (idx *reviewIndex) of(recordID string) reviewRefs {
	r := reviewRefs{signed: idx.signed[recordID], back: idx.back[recordID]}
	for _, id := range idx.children {
		if id != recordID {
			r.otherChild = true
			r.lowerChild = r.lowerChild || id < recordID
		}
	}
	return r
}

// overseenOf is what a case's oversight is worked out from, its records
// being records with e in place of the entry of its record.
func overseenOf(records map[string]*entry, e *entry) model.Overseen {
	var o model.Overseen
	var child *entry // the case's child is the child record with the lowest ID (buildCase)
	add := func(x *entry) {
		h := x.heads[0]
		conflict := len(x.heads) > 1
		switch r := h.Payload.Record.(type) {
		case model.Child:
			if child == nil || x.id < child.id {
				child = x
			}
		case model.Comment:
			o.Comments = append(o.Comments, item(x, h, r, conflict))
		case model.Return:
			o.Returns = append(o.Returns, item(x, h, r, conflict))
		case model.SignOff:
			o.SignOffs = append(o.SignOffs, item(x, h, r, conflict))
		case model.Supervision:
			o.Supervisions = append(o.Supervisions, item(x, h, r, conflict))
		default:
			if model.Reviewable(h.Payload.Kind) {
				o.Heads = append(o.Heads, headOf(x))
			}
		}
	}
	for id, x := range records {
		if id == e.id {
			x = e
		}
		add(x)
	}
	if records[e.id] == nil {
		add(e)
	}
	if child != nil {
		o.Heads = append(o.Heads, headOf(child))
	}
	return o
}

// headOf is the current version of x as oversight reads it.
func headOf(x *entry) model.Head {
	h := x.heads[0]
	return model.Head{RecordID: x.id, VersionID: h.ID, Kind: h.Payload.Kind, SavedAt: h.Payload.SavedAt, SavedBy: h.Payload.SavedBy, Author: h.Author}
}

// oversees reports whether records of kind k are a supervisor's oversight of
// the case.
func oversees(k model.Kind) bool {
	switch k {
	case model.KindComment, model.KindReturn, model.KindSignOff, model.KindSupervision:
		return true
	}
	return false
}

// addDueItem adds x to c if it is a record that what falls due depends on.
// isNotSafe says whether x's head is a child's "I don't feel safe".
func isNotSafe(x *entry) bool {
	v, ok := x.heads[0].Payload.Record.(model.VoiceEntry)
	return ok && v.Method == model.MethodNotSafe
}

// notSafeAfter is when the child first pressed "I don't feel safe" with
// nothing done recorded, after a save made e its record's entry, records being
// the case's records before it: [model.Summary.NotSafe] from every such press
// of the case, which only a press or its answer changes.
func notSafeAfter(records map[string]*entry, e *entry) time.Time {
	c := &model.Case{}
	add := func(x *entry) {
		if isNotSafe(x) {
			h := x.heads[0]
			c.Voices = append(c.Voices, item(x, h, h.Payload.Record.(model.VoiceEntry), len(x.heads) > 1))
		}
	}
	for id, x := range records {
		if id != e.id {
			add(x)
		}
	}
	add(e)
	if open := c.NotSafeOpen(); len(open) > 0 {
		return open[0].Value.RecordedAt
	}
	return time.Time{}
}

func addDueItem(c *model.Case, x *entry) {
	h := x.heads[0]
	conflict := len(x.heads) > 1
	switch r := h.Payload.Record.(type) {
	case model.MissingEpisode:
		c.Episodes = append(c.Episodes, item(x, h, r, conflict))
	case model.ReturnInterview:
		c.Interviews = append(c.Interviews, item(x, h, r, conflict))
	case model.Screening:
		c.Screenings = append(c.Screenings, item(x, h, r, conflict))
	case model.HealthReview:
		c.HealthReviews = append(c.HealthReviews, item(x, h, r, conflict))
	case model.Plan:
		c.Plans = append(c.Plans, item(x, h, r, conflict))
	case model.PlanReview:
		c.PlanReviews = append(c.PlanReviews, item(x, h, r, conflict))
	case model.Information:
		c.Information = append(c.Information, item(x, h, r, conflict))
	}
}

// sendAgainNote is what a case whose outbox was changed behind this device's
// back means, and what was done about it.
const sendAgainNote = "Which of this child's records were sent to the central store was changed outside Homeward: they will all be sent again."

// sendAgain puts every version of a case back in the outbox, with its summary
// saying so, in one transaction. Whether a version reached the central store
// cannot be told from here, so all go again, which the central store answers
// as duplicates: none is left behind. The summary keeps the rest of what it
// knew, so that opening the case still checks its versions against it.
func (s *Store) sendAgain(id *vault.Identity, lg *ledger, sums map[string]*summary, caseID string) error {
	old := sums[caseID]
	sum := old.clone()
	sum.note(sendAgainNote)
	next := *lg
	err := inTx(s.db, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`UPDATE versions SET pushed = 0 WHERE case_id = ?`, caseID); err != nil {
			return err
		}
		rows, err := tx.Query(`SELECT coalesce(CAST(version_id AS TEXT), '') FROM versions WHERE case_id = ?`, caseID)
		if err != nil {
			return err
		}
		sum.Pending, sum.Waiting = 0, make([]byte, 32)
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return err
			}
			sum.Pending++
			xorInto(sum.Waiting, pendingMark(id, v))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		return s.writeSummary(tx, id, &next, old, sum)
	})
	if err == nil {
		*lg, sums[caseID] = next, sum
	}
	return err
}
