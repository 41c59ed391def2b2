package store

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"homeward/model"
)

// LogAccess records that this profile opened the record of the child of
// caseID, how, and which record for a review. The log is the case's own,
// sealed and synced like its other records, so that whoever may read the case
// (the team's supervisors too) may read who opened it. Each device keeps one
// access-log record in each case and each opening is a new version of it, so
// that the log grows the record's history, not the records a case opens.
func (s *Store) LogAccess(caseID string, how model.AccessHow, recordID string) error {
	e := model.AccessEntry{At: time.Now().UTC(), Who: s.profile.Name, How: how, RecordID: recordID}
	en, err := s.Enrolment()
	switch {
	case err == nil:
		e.UserID = en.UserID
	case !errors.Is(err, ErrNotEnrolled):
		return fmt.Errorf("log access: %w", err)
	}
	s.mu.Lock()
	err = s.logAccessLocked(caseID, e)
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("log access: %w", err)
	}
	s.notify()
	return nil
}

func (s *Store) logAccessLocked(caseID string, e model.AccessEntry) error {
	if s.k == nil {
		return ErrLocked
	}
	if s.sums[caseID] == nil {
		return ErrNoCase
	}
	cs, err := s.openCase(caseID)
	if err != nil {
		return err
	}
	e.DeviceID = s.k.id.DeviceID()
	recordID, parents := "", []string(nil)
	for id, x := range cs.records {
		if x.kind() == model.KindAccess && x.heads[0].Author == e.DeviceID {
			recordID = id
			for _, h := range x.heads {
				parents = append(parents, h.ID)
			}
			break
		}
	}
	if recordID == "" {
		recordID = s.NewRecordID()
	}
	_, err = s.saveLocked(caseID, recordID, parents, e)
	return err
}

// AccessLog returns every opening of the child of caseID that this device
// holds, from every device that logged one, newest first.
func (s *Store) AccessLog(caseID string) ([]model.AccessEntry, error) {
	c, ok := s.Case(caseID)
	if !ok {
		return nil, ErrNoCase
	}
	var out []model.AccessEntry
	for _, a := range c.Access {
		history, err := s.History(a.RecordID)
		if err != nil {
			return nil, fmt.Errorf("access log: %w", err)
		}
		for _, v := range history {
			if e, ok := v.Payload.Record.(model.AccessEntry); ok {
				out = append(out, e)
			}
		}
	}
	slices.SortFunc(out, func(a, b model.AccessEntry) int { return b.At.Compare(a.At) })
	return out, nil
}
