// Package model is Homeward's domain: the kinds of record a case holds, their
// validation, and the rules that turn records into what a worker needs to see next,
// such as the 72-hour clock for a return home interview. It is pure Go with no I/O
// and no user interface; the definitions it checks pick-list answers against come
// as data from package assets.
//
// A record is saved as an immutable version (see package vault and store); the
// model only knows the plain values. Records refer to each other by record ID: an
// interview names the missing episode it follows, a voice entry may name its
// interview. Every record of a case belongs to one child.
package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Kind names a kind of record. It travels inside the sealed payload, never in the
// clear.
type Kind string

// The kinds of record this version of Homeward knows.
const (
	KindChild      Kind = "child"
	KindEpisode    Kind = "missing_episode"
	KindInterview  Kind = "return_interview"
	KindVoice      Kind = "voice_entry"
	KindScreening  Kind = "screening"
	KindHealth     Kind = "health_review"
	KindPlan       Kind = "plan"
	KindPlanReview Kind = "plan_review"
	// KindInformation is new information from an agency.
	KindInformation Kind = "information"
)

// Record is one kind of case record.
type Record interface {
	Kind() Kind
	// Validate reports every problem with the record as Problems, or nil.
	Validate(c *Catalogue, now time.Time) error
}

// Role is what a user of Homeward does, which decides what they can see and do.
type Role string

// The roles of DESIGN.md.
const (
	RolePractitioner Role = "practitioner"
	RoleSupervisor   Role = "supervisor"
	RoleAdmin        Role = "admin"
)

// Roles lists the roles in the order a person picks from.
var Roles = []Role{RolePractitioner, RoleSupervisor, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, k := range Roles {
		if r == k {
			return true
		}
	}
	return false
}

// SchemaVersion is the payload schema written by this version of Homeward.
const SchemaVersion uint16 = 1

// ErrUnknownKind is returned by Decode for a payload of a kind this version of
// Homeward does not know (written by a newer version, say).
var ErrUnknownKind = errors.New("model: unknown record kind")

// Payload is what a version seals: the record and who saved it when. Only its
// encoding ever reaches the vault, and only as ciphertext.
type Payload struct {
	Kind    Kind      `json:"kind"`
	SavedAt time.Time `json:"saved_at"`
	SavedBy string    `json:"saved_by"`
	Record  Record    `json:"-"`
}

// Encode returns the bytes of p to be sealed: JSON with the kind first, which
// Decode relies on to parse in one pass.
func Encode(p Payload) ([]byte, error) {
	if p.Record == nil {
		return nil, errors.New("model: encode: no record")
	}
	b, err := json.Marshal(struct {
		Kind    Kind      `json:"kind"`
		SavedAt time.Time `json:"saved_at"`
		SavedBy string    `json:"saved_by"`
		Data    Record    `json:"data"`
	}{p.Record.Kind(), p.SavedAt.UTC(), p.SavedBy, p.Record})
	if err != nil {
		return nil, fmt.Errorf("model: encode %s: %w", p.Record.Kind(), err)
	}
	return b, nil
}

// Decode parses bytes that Encode made.
func Decode(b []byte) (Payload, error) {
	kind, ok := leadingKind(b)
	if !ok {
		var w struct {
			Kind Kind `json:"kind"`
		}
		if err := json.Unmarshal(b, &w); err != nil {
			return Payload{}, fmt.Errorf("model: decode: %w", redact(err))
		}
		kind = w.Kind
	}
	switch kind {
	case KindChild:
		return decodeAs[Child](b, kind)
	case KindEpisode:
		return decodeAs[MissingEpisode](b, kind)
	case KindInterview:
		return decodeAs[ReturnInterview](b, kind)
	case KindVoice:
		return decodeAs[VoiceEntry](b, kind)
	case KindScreening:
		return decodeAs[Screening](b, kind)
	case KindHealth:
		return decodeAs[HealthReview](b, kind)
	case KindPlan:
		return decodeAs[Plan](b, kind)
	case KindPlanReview:
		return decodeAs[PlanReview](b, kind)
	case KindInformation:
		return decodeAs[Information](b, kind)
	case KindComment:
		return decodeAs[Comment](b, kind)
	case KindReturn:
		return decodeAs[Return](b, kind)
	case KindSignOff:
		return decodeAs[SignOff](b, kind)
	case KindSupervision:
		return decodeAs[Supervision](b, kind)
	case KindAccess:
		return decodeAs[AccessEntry](b, kind)
	}
	// Name the kind only when it looks like one (a newer version's, say):
	// anything else in that place could be text from a record.
	if len(kind) <= 32 && strings.Trim(string(kind), "abcdefghijklmnopqrstuvwxyz_") == "" {
		return Payload{}, fmt.Errorf("%w %q", ErrUnknownKind, kind)
	}
	return Payload{}, ErrUnknownKind
}

// leadingKind reads the kind from the start of a payload as Encode writes it, so
// that Decode can parse the whole payload in one pass.
func leadingKind(b []byte) (Kind, bool) {
	const prefix = `{"kind":"`
	if !bytes.HasPrefix(b, []byte(prefix)) {
		return "", false
	}
	rest := b[len(prefix):]
	end := bytes.IndexByte(rest, '"')
	if end < 0 || bytes.IndexByte(rest[:end], '\\') >= 0 {
		return "", false
	}
	return Kind(rest[:end]), true
}

// decodeAs parses a payload whose record is of type T.
func decodeAs[T Record](b []byte, kind Kind) (Payload, error) {
	var w struct {
		Kind    Kind      `json:"kind"`
		SavedAt time.Time `json:"saved_at"`
		SavedBy string    `json:"saved_by"`
		Data    *T        `json:"data"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return Payload{}, fmt.Errorf("model: decode %s: %w", kind, redact(err))
	}
	if w.Kind != kind || w.Data == nil {
		return Payload{}, fmt.Errorf("model: decode %s: the payload's kind or data is missing", kind)
	}
	return Payload{Kind: kind, SavedAt: w.SavedAt, SavedBy: w.SavedBy, Record: *w.Data}, nil
}

// redact returns a decoding error without the text of the payload in it, since
// that is case data and errors end up in logs. A type error names only the field
// and the types; a syntax error quotes the character it stopped at, and a time
// that does not parse quotes itself, so those two are rewritten.
func redact(err error) error {
	var pe *time.ParseError
	if errors.As(err, &pe) {
		return errors.New("a time is not in RFC 3339 form")
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("not valid JSON (at byte %d)", se.Offset)
	}
	// A type error quotes the value it could not store ("number 9434765919"):
	// keep only where and what was expected.
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("field %q holds a %s where a %s belongs", te.Field, valueKind(te.Value), te.Type)
	}
	return errors.New("not a payload Homeward can read")
}

// valueKind is the JSON kind of a value json reports, without the value.
func valueKind(v string) string {
	if kind, _, found := strings.Cut(v, " "); found {
		return kind
	}
	return v
}
