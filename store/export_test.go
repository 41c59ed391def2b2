package store

import "time"

// UnlockTimed is Unlock split into its two halves, for the benchmark that times
// the key derivation apart from opening and indexing.
func (s *Store) UnlockTimed(passphrase []byte) (kdf, index time.Duration, err error) {
	start := time.Now()
	gen := s.generation()
	id, err := s.unlockIdentity(passphrase)
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
