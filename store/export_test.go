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
