package protocol

import (
	"errors"
	"time"
)

// Version is the protocol version this code speaks. It is the first element
// of every path, so that a later version can be served beside it.
const Version = 1

// The paths of version 1. Every request but Enrol and Challenge carries a
// bearer token from Login.
const (
	PathEnrol     = "/v1/enrol"
	PathChallenge = "/v1/challenge"
	PathLogin     = "/v1/login"
	PathPush      = "/v1/push"
	PathPull      = "/v1/pull"
	PathWraps     = "/v1/wraps"
	PathMembers   = "/v1/members"
	PathTeam      = "/v1/team"
)

// A pull that asks for it with the query parameter waiting=1 is answered
// with this header: how many versions after its cursor the user may see, for
// the progress of a long first sync.
const HeaderWaiting = "Homeward-Waiting"

// Roles a user can be enrolled with.
const (
	RolePractitioner = "practitioner"
	RoleSupervisor   = "supervisor"
	RoleAdmin        = "admin"
)

// ValidRole reports whether r is one of the roles.
func ValidRole(r string) bool {
	return r == RolePractitioner || r == RoleSupervisor || r == RoleAdmin
}

// EnrolRequest is a device registering its public keys with a one-time
// enrolment code.
type EnrolRequest struct {
	Secret  []byte `json:"secret"`   // the code's secret, not the whole code
	BoxPub  []byte `json:"box_pub"`  // X25519: case keys are wrapped to it
	SignPub []byte `json:"sign_pub"` // Ed25519: it signs versions, wraps and logins
}

// EnrolResponse is who the device now belongs to.
type EnrolResponse struct {
	UserID   string `json:"user_id"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	Team     string `json:"team"`
	DeviceID string `json:"device_id"`
	Recovery Member `json:"recovery"` // the organisation's recovery key: every case key is wrapped to it
}

// ChallengeRequest asks for a login challenge for one device.
type ChallengeRequest struct {
	DeviceID string `json:"device_id"`
}

// ChallengeResponse is a challenge the device signs to log in. It is
// self-contained (the server keeps no state for it) and expires quickly.
type ChallengeResponse struct {
	Challenge []byte `json:"challenge"`
}

// LoginRequest is a signed challenge.
type LoginRequest struct {
	DeviceID  string `json:"device_id"`
	Challenge []byte `json:"challenge"`
	Sig       []byte `json:"sig"` // vault.Identity.SignStatement(LoginLabel, Challenge)
}

// LoginLabel is the statement label a device signs a challenge under, so that
// a login signature can never be taken for any other signature of its key.
const LoginLabel = "homeward-login/v1"

// LoginResponse is a short-lived bearer token.
type LoginResponse struct {
	Token   string    `json:"token"`
	Expires time.Time `json:"expires"`
}

// Statuses of one pushed item. Stale answers a version sealed under an older
// key epoch than its case now needs (someone was taken off the case since):
// the device keeps it, gets or starts the new epoch, and sends it again sealed
// under that.
const (
	Accepted  = "accepted"
	Duplicate = "duplicate"
	Rejected  = "rejected"
	Stale     = "stale"
)

// ItemResult is the server's answer for one item of a pushed batch, in the
// batch's order.
type ItemResult struct {
	ID     string `json:"id"` // the version ID, or "" when the item could not be read
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"` // for Rejected and Stale: what is wrong and what to do
}

// PushResponse answers a push.
type PushResponse struct {
	Results []ItemResult `json:"results"`
}

// Member is a device a case key must be wrapped to.
type Member struct {
	DeviceID string `json:"device_id"`
	UserID   string `json:"user_id"`
	Role     string `json:"role,omitempty"` // the user's role, in the directory of devices (KindDevice)
	BoxPub   []byte `json:"box_pub"`
	SignPub  []byte `json:"sign_pub"`
}

// MembersResponse lists the devices a case key must be wrapped to: those of
// the practitioners assigned to the case and of its team's supervisors, not
// revoked; and the organisation's recovery key.
type MembersResponse struct {
	CaseID   string   `json:"case_id"`
	Members  []Member `json:"members"`
	Recovery Member   `json:"recovery"`
	// Epoch is the key epoch new versions of the case need: after someone
	// was taken off the case, one above every key they could hold. 0 when no
	// one has been.
	Epoch uint32 `json:"epoch"`
}

// TeamSettings are what a team shares: how often each child's case is to be
// supervised, in days, and when a supervisor chose that. A supervisor sets
// them for their own team; every device of the team is sent them (KindTeam),
// and keeps the one chosen last.
type TeamSettings struct {
	Team            string    `json:"team"`
	SupervisionDays int       `json:"supervision_days"`
	ChosenAt        time.Time `json:"chosen_at"`
}

// Supervision intervals a team may set, in days: one to twelve weeks.
const (
	MinSupervisionDays = 7
	MaxSupervisionDays = 84
)

// Error is the body of every refusal: a message safe to show a person, which
// says what to do, and a code a client can act on.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error codes.
const (
	CodeBadRequest   = "bad_request"
	CodeBadCode      = "bad_code"
	CodeUsedCode     = "used_code"
	CodeUnauthorised = "unauthorised"
	CodeRevoked      = "revoked"
	CodeForbidden    = "forbidden"
	CodeTooLarge     = "too_large"
	CodeTooMany      = "too_many_requests"
	CodeInternal     = "internal"
)

// ErrMalformed is wrapped by every decoding error of this package.
var ErrMalformed = errors.New("protocol: malformed")
