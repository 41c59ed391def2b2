package store

import (
	"database/sql"
	"slices"
	"time"

	"homeward/model"
)

// UnlockTimed is Unlock split into its two halves, for the benchmark that times
// the key derivation apart from opening and indexing.
func (s *Store) UnlockTimed(passphrase []byte) (kdf, index time.Duration, err error) {
	start := time.Now()
	gen := s.generation()
	id, _, err := s.unlockIdentity(passphrase)
	if err != nil {
		return 0, 0, err
	}
	mid := time.Now()
	err = s.open(id, gen)
	return mid.Sub(start), time.Since(mid), err
}

// FoldName is foldName, for its table test.
var FoldName = foldName

// DamagedRecords opens every case, as a worker going through the caseload
// would, and returns what Damage then says of each record.
func (s *Store) DamagedRecords() map[string]error {
	for _, c := range s.Cases() {
		s.Case(c.ID)
	}
	out := map[string]error{}
	for _, d := range s.Damage() {
		if d.RecordID != "" {
			out[d.RecordID] = d.Err
		}
	}
	return out
}

// SetSynchronous sets the store's connection's synchronous mode, for the
// benchmarks that compare a save with a plain write under NORMAL too, and for
// building large fixtures quickly.
func (s *Store) SetSynchronous(mode string) error {
	_, err := s.db.Exec("PRAGMA synchronous=" + mode)
	return err
}

// ForgetCases drops the cases opened so far, so that the next Case opens from
// disk, as the first visit to a child's page does.
func (s *Store) ForgetCases() {
	s.casesMu.Lock()
	s.cases = newCaseCache()
	s.casesMu.Unlock()
}

// ReadCaseRows reads every version row of a case and checks or opens nothing:
// the floor under opening a case.
func (s *Store) ReadCaseRows(caseID string) int {
	rows, err := s.db.Query(`SELECT seq, version_id, record_id, envelope, attest, pushed FROM versions WHERE case_id = ? ORDER BY seq`, caseID)
	if err != nil {
		return 0
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var seq int64
		var v, r string
		var env, att []byte
		var pushed bool
		rows.Scan(&seq, &v, &r, &env, &att, &pushed)
		n++
	}
	return n
}

// SummaryAfresh makes a case's summary from its versions on disk, as unlock
// does when one is missing, to compare with the one saves keep up to date.
func (s *Store) SummaryAfresh(caseID string) model.Summary {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cs, _, err := s.loadCase(s.k, caseID)
	if err != nil {
		return model.Summary{}
	}
	return summaryOf(caseID, cs.records)
}

// MakeReadOnly reopens the store's file read-only, as a full or write-protected
// disk would leave it.
func (s *Store) MakeReadOnly() error {
	s.direct.close(s.db)
	s.db.Close()
	db, err := sql.Open(driverName, "file:"+s.path+"?mode=ro")
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	s.db = db
	return nil
}

// WriteSummaryLayout1 writes a case's summary as Homeward wrote it before
// the summary said where the case stands with its supervisor.
func (s *Store) WriteSummaryLayout1(caseID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.sums[caseID]
	sum := old.clone()
	sum.Layout = 1
	sum.Case.Oversight = model.Oversight{}
	sum.Case.Practice, sum.Case.NotSafe = model.Practice{}, time.Time{}
	sum.Case.Open = slices.Clone(sum.Case.Open)
	for i := range sum.Case.Open {
		sum.Case.Open[i].WentMissing = time.Time{} // layout 1 knew only when the child came back
	}
	lg := s.ledger
	if err := s.putSummary(s.k.id, &lg, old, sum); err != nil {
		return err
	}
	s.sums[caseID], s.ledger = sum, lg
	return nil
}
