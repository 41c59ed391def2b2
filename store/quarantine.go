package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Quarantined is one of this device's versions that the central store
// refused: it stays on the device, waiting in the outbox, but is not sent
// again until the worker asks, so that it never holds back the rest.
type Quarantined struct {
	VersionID, CaseID string
	Reason            string // the central store's, which says what to do
	At                time.Time
}

// quarantineSeal labels the sealed list of quarantined versions. A list that
// is removed or does not open is no list: its versions are sent again, which
// loses nothing.
const quarantineSeal = "quarantine"

func (s *Store) quarantineLocked() map[string]Quarantined {
	out := map[string]Quarantined{}
	sealed, err := s.metaBytes("quarantine")
	if err != nil {
		return out
	}
	plain, err := s.k.id.OpenPrivate(quarantineSeal, nil, sealed)
	if err != nil {
		return out
	}
	defer clear(plain)
	var list []Quarantined
	if json.Unmarshal(plain, &list) != nil {
		return out
	}
	for _, q := range list {
		out[q.VersionID] = q
	}
	return out
}

func (s *Store) putQuarantine(q map[string]Quarantined) error {
	list := make([]Quarantined, 0, len(q))
	for _, x := range q {
		list = append(list, x)
	}
	slices.SortFunc(list, func(a, b Quarantined) int { return a.At.Compare(b.At) })
	plain, err := json.Marshal(list)
	if err != nil {
		return err
	}
	defer clear(plain)
	sealed, err := s.k.id.SealPrivate(quarantineSeal, nil, plain)
	if err != nil {
		return err
	}
	return putMeta(s.db, "quarantine", sealed)
}

// Quarantine sets aside versions the central store refused, each with its
// reason. A version not waiting in the outbox is ignored.
func (s *Store) Quarantine(reasons map[string]string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.k == nil {
		return ErrLocked
	}
	q := s.quarantineLocked()
	now := time.Now().UTC()
	for id, reason := range reasons {
		var caseID string
		err := s.db.QueryRow(`SELECT coalesce(CAST(case_id AS TEXT), '') FROM versions WHERE version_id = ? AND pushed IS NOT 1`, id).Scan(&caseID)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("quarantine: %w", err)
		}
		q[id] = Quarantined{VersionID: id, CaseID: caseID, Reason: reason, At: now}
	}
	if err := s.putQuarantine(q); err != nil {
		return fmt.Errorf("quarantine: %w", err)
	}
	return nil
}

// QuarantinedVersions lists the versions set aside, oldest first.
func (s *Store) QuarantinedVersions() []Quarantined {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil {
		return nil
	}
	q := s.quarantineLocked()
	out := make([]Quarantined, 0, len(q))
	for _, x := range q {
		out = append(out, x)
	}
	slices.SortFunc(out, func(a, b Quarantined) int { return a.At.Compare(b.At) })
	return out
}

// SendAgain takes a version out of quarantine, so that the next sync sends it.
func (s *Store) SendAgain(versionID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.k == nil {
		return ErrLocked
	}
	q := s.quarantineLocked()
	delete(q, versionID)
	if err := s.putQuarantine(q); err != nil {
		return fmt.Errorf("send again: %w", err)
	}
	return nil
}
