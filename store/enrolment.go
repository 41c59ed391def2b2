package store

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Enrolment is what this device knows of the central store it is enrolled
// with: where it is, the certificate it pinned, and who the profile is there.
// It is kept sealed for this identity.
type Enrolment struct {
	Addr     string // host:port
	Pin      []byte // the start of the certificate's SHA-256, from the enrolment code
	UserID   string
	Name     string
	Role     string // as the central store enrolled the person: practitioner, supervisor or admin
	Team     string
	DeviceID string
}

const enrolmentSeal = "enrolment"

// ErrNotEnrolled is Enrolment's answer for a profile that has not joined a
// central store.
var ErrNotEnrolled = errors.New("store: this profile is not enrolled with a central store")

// SetEnrolment keeps the device's enrolment.
func (s *Store) SetEnrolment(e Enrolment) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.k == nil {
		return ErrLocked
	}
	plain, err := json.Marshal(e)
	if err != nil {
		return err
	}
	defer clear(plain)
	sealed, err := s.k.id.SealPrivate(enrolmentSeal, nil, plain)
	if err != nil {
		return fmt.Errorf("enrolment: %w", err)
	}
	return putMeta(s.db, "enrolment", sealed)
}

// Enrolment returns the device's enrolment, or ErrNotEnrolled. One that does
// not open is reported as a changed profile: the device must be enrolled
// again.
func (s *Store) Enrolment() (Enrolment, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.k == nil {
		return Enrolment{}, ErrLocked
	}
	sealed, err := s.metaBytes("enrolment")
	if err != nil {
		return Enrolment{}, ErrNotEnrolled
	}
	plain, err := s.k.id.OpenPrivate(enrolmentSeal, nil, sealed)
	if err != nil {
		return Enrolment{}, fmt.Errorf("enrolment: %w", ErrChanged)
	}
	defer clear(plain)
	var e Enrolment
	if err := json.Unmarshal(plain, &e); err != nil {
		return Enrolment{}, fmt.Errorf("enrolment: %w", ErrChanged)
	}
	return e, nil
}
