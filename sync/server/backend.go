// Package server is the central store: the HTTP handlers of the sync protocol
// (homeward/sync/protocol), the rules of who may read and write what, and the
// Backend interface its data lives behind. It holds ciphertext only: it checks
// the signatures on what devices push and never has a key that opens a
// version.
//
// Backends: sync/server/sqlite (an embedded file, the default) and
// sync/server/postgres (several stateless server processes on one
// PostgreSQL). Both are the one SQL implementation in sync/server/sqldb and
// pass the one conformance suite in sync/server/servertest.
package server

import (
	"context"
	"errors"
	"time"

	"homeward/sync/protocol"
)

// Org is the organisation a central store serves.
type Org struct {
	Name string
	// The recovery key's public halves: every case key is wrapped to it too,
	// and its private half is kept offline (homeward-server init).
	RecoveryBox, RecoverySign []byte
	TokenKey                  []byte // the MAC key of login challenges and tokens, shared by every server process
}

// User is a person, with the role and team an admin enrolled them with.
type User struct {
	ID, Name, Role, Team string
}

// Device is one enrolled device of a user.
type Device struct {
	ID, UserID      string
	BoxPub, SignPub []byte
	Enrolled        time.Time
	Revoked         time.Time // zero while it may sync
}

// Enrolment is a one-time code's record: the hash of its secret, who it
// enrols, and until when.
type Enrolment struct {
	SecretHash []byte
	User       User
	Expires    time.Time
}

// Case is what the server knows of a case: its team and who is assigned.
type Case struct {
	ID, Team string
	Assigned []string // user IDs
}

// Version is a pushed version as the server keeps it: its IDs and its author,
// read from the envelope's clear header after its signature was checked, and
// the envelope's bytes.
type Version struct {
	ID, CaseID, Author string
	Epoch              uint32 // of the case key that sealed it
	Envelope           []byte
}

// Wrap is a case key wrapped to one device, signed by the device that made it.
type Wrap struct {
	ID, CaseID, Recipient, Signer string
	Epoch                         uint32
	Data                          []byte
}

// Backend keeps the central store's data. Every method is safe to call from
// many goroutines, and, for backends that say so, from many processes.
type Backend interface {
	// Init creates the organisation; it fails with ErrExists if there is one.
	Init(ctx context.Context, o Org) error
	// Org returns the organisation, or ErrNoOrg.
	Org(ctx context.Context) (Org, error)

	// AddUser adds a user, or updates their name, role and team.
	AddUser(ctx context.Context, u User) error
	User(ctx context.Context, id string) (User, error)
	Users(ctx context.Context) ([]User, error)
	// AddEnrolment keeps a one-time code for e.User, who must exist.
	AddEnrolment(ctx context.Context, e Enrolment) error
	// Enrol spends the code whose secret hashes to secretHash on d, in one
	// transaction: ErrBadCode if there is no such code or it has expired,
	// ErrUsedCode if it was used. It returns the user the device now
	// belongs to.
	Enrol(ctx context.Context, secretHash []byte, d Device, now time.Time) (User, error)
	Device(ctx context.Context, id string) (Device, error)
	Devices(ctx context.Context) ([]Device, error)
	// Revoke marks a device revoked; it can no longer log in or push.
	Revoke(ctx context.Context, deviceID string, at time.Time) error

	// Assign adds a practitioner to a case, making the case (in the user's
	// team) if the server does not know it yet.
	Assign(ctx context.Context, caseID, userID string) error
	// Unassign takes a practitioner off a case.
	Unassign(ctx context.Context, caseID, userID string) error
	// MoveCase moves a case to another team.
	//
	// Every change to who may read a case (Enrol, Revoke, Assign, Unassign,
	// MoveCase) adds, in the same transaction, a protocol.KindCase change
	// for each case it touches: its members as they are now, for the
	// devices that hold its keys to share them. One that takes someone off
	// a case (Revoke, Unassign, MoveCase) also sets the epoch the case's new
	// keys need (Epoch) one above every epoch made for it so far.
	MoveCase(ctx context.Context, caseID, team string) error
	// Case returns what the server knows of a case, or ErrNoCase.
	Case(ctx context.Context, caseID string) (Case, error)

	// SetTeam records the settings of u's team, sent to each of its members
	// as a change of kind KindTeam; the newest is what holds.
	SetTeam(ctx context.Context, u User, t protocol.TeamSettings) error
	// PutVersions stores versions pushed by u, in order, in one transaction.
	// A version of a case the server does not know makes the case, in u's
	// team, with u assigned. A version u may not write to is rejected, one
	// already held is a duplicate, one sealed under an older key epoch than
	// its case needs is stale; the others are accepted and given the next
	// sequence numbers. No pull ever sees a sequence number after one it
	// has not seen yet.
	PutVersions(ctx context.Context, u User, vs []Version) ([]protocol.ItemResult, error)
	// PutWraps stores case-key wraps; one already held is a duplicate. A
	// wrap is rejected unless u may read its case and its recipient is a
	// member's device (Members) or the recovery key, and unless its signer
	// made that epoch's key (the first device a wrap of it was taken from)
	// or was sent it: so no two devices ever start one epoch with two keys.
	PutWraps(ctx context.Context, u User, ws []Wrap) ([]protocol.ItemResult, error)
	// Pull returns, in order, up to limit changes after cursor that u may
	// see: versions of the cases u may read, wraps to u's devices, and the
	// organisation's devices.
	Pull(ctx context.Context, u User, cursor int64, limit int) (protocol.Pulled, error)
	// Waiting counts the versions after cursor that u may see.
	Waiting(ctx context.Context, u User, cursor int64) (int64, error)
	// Members returns the devices, not revoked, of the users a case key must
	// be wrapped to: the case's assigned practitioners and its team's
	// supervisors.
	Members(ctx context.Context, caseID string) ([]protocol.Member, error)
	// Epoch is the key epoch new versions of a case need: after someone was
	// taken off it, one above every epoch made for it before; 0 when no one
	// has been.
	Epoch(ctx context.Context, caseID string) (uint32, error)

	Close() error
}

// Errors a Backend returns.
var (
	ErrExists   = errors.New("server: the organisation already exists")
	ErrNoOrg    = errors.New("server: no organisation: run homeward-server init first")
	ErrNoUser   = errors.New("server: no such user")
	ErrNoDevice = errors.New("server: no such device")
	ErrNoCase   = errors.New("server: no such case")
	ErrBadCode  = errors.New("server: the enrolment code is not known, or has expired")
	ErrUsedCode = errors.New("server: the enrolment code has been used")
)

// CanRead reports whether u may read the case c: a practitioner the cases
// assigned to them, a supervisor every case of their team, an admin none.
func CanRead(u User, c Case) bool {
	switch u.Role {
	case protocol.RoleSupervisor:
		return c.Team == u.Team
	case protocol.RolePractitioner:
		for _, a := range c.Assigned {
			if a == u.ID {
				return true
			}
		}
	}
	return false
}
