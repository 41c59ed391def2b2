package client

import (
	"context"
	"fmt"

	"homeward/store"
	"homeward/sync/protocol"
)

// Join enrols the profile s with the central store its enrolment code (as a
// person typed it) names, and keeps the enrolment in the profile. The error
// says what to do: a code mistyped, not known, used, or a server that is not
// the one the code names.
func Join(ctx context.Context, code string, s *store.Store) (store.Enrolment, error) {
	c, err := protocol.ParseCode(code)
	if err != nil {
		return store.Enrolment{}, err
	}
	conn := Dial(c, s)
	defer conn.Close()
	who, err := conn.Enrol(ctx, c)
	if err != nil {
		return store.Enrolment{}, err
	}
	e := store.Enrolment{Addr: c.Addr, Pin: c.Fingerprint[:], UserID: who.UserID, Name: who.Name, Role: who.Role, Team: who.Team, DeviceID: who.DeviceID}
	if err := s.SetEnrolment(e); err != nil {
		return store.Enrolment{}, err
	}
	return e, nil
}

// Connect makes the sync engine of an enrolled profile.
func Connect(s *store.Store) (*Engine, error) {
	e, err := s.Enrolment()
	if err != nil {
		return nil, err
	}
	var c protocol.Code
	if len(e.Pin) != len(c.Fingerprint) {
		return nil, fmt.Errorf("client: the enrolment kept in this profile is damaged: enrol again")
	}
	c.Addr = e.Addr
	copy(c.Fingerprint[:], e.Pin)
	return &Engine{Conn: Dial(c, s), Store: s}, nil
}
