package store

import (
	"errors"
	"fmt"
	"time"

	"homeward/model"
)

// LogAccess records that this profile opened the record of the child of
// caseID, how, and which record for a review: an access-log entry saved in the
// child's case, sealed and synced like its other records, so that whoever may
// read the case (the team's supervisors too) may read who opened it.
func (s *Store) LogAccess(caseID string, how model.AccessHow, recordID string) error {
	e := model.AccessEntry{At: time.Now().UTC(), Who: s.profile.Name, DeviceID: s.DeviceID(), How: how, RecordID: recordID}
	if en, err := s.Enrolment(); err == nil {
		e.UserID = en.UserID
	} else if !errors.Is(err, ErrNotEnrolled) {
		return fmt.Errorf("log access: %w", err)
	}
	if _, err := s.Save(caseID, s.NewRecordID(), nil, e); err != nil {
		return fmt.Errorf("log access: %w", err)
	}
	return nil
}
