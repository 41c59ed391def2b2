package model

import (
	"strconv"
	"strings"
	"time"
)

// The kinds of record a supervisor's oversight is made of, and the access log.
// Each is a record of the child's case like any other, sealed under the case key
// and synced with it, so what a supervisor says reaches the practitioner's
// device and stays with the child's records.
const (
	KindComment     Kind = "comment"
	KindReturn      Kind = "returned_work"
	KindSignOff     Kind = "sign_off"
	KindSupervision Kind = "case_supervision"
	KindAccess      Kind = "access_entry"
)

// DefaultSupervisionInterval is how often a child's case is supervised when
// the team has not set its own interval: every four weeks.
const DefaultSupervisionInterval = 28 * 24 * time.Hour

// Reviewable reports whether records of kind k are the work a supervisor
// reviews and signs off: what practitioners record of the child, and the
// screenings, health reviews, information, plans and plan reviews that decide
// what is done for them.
func Reviewable(k Kind) bool {
	switch k {
	case KindChild, KindEpisode, KindInterview, KindVoice,
		KindScreening, KindHealth, KindInformation, KindPlan, KindPlanReview:
		return true
	}
	return false
}

// On names the exact version of a record that a comment, a return or a
// sign-off is about. Number is which version of the record it was, counted from
// 1 on the device it was written on, so that "version 3" reads the same on every
// device.
type On struct {
	RecordID  string    `json:"record_id"`
	VersionID string    `json:"version_id"`
	Number    int       `json:"number"`
	Saved     time.Time `json:"saved"` // when that version was saved, for how long it waited
}

func (o On) check(p *Problems) {
	if o.RecordID == "" || o.VersionID == "" || o.Number < 1 {
		p.add("on", "Say which version of which record this is about: open the record and try again from there.")
	}
}

// Comment is a remark on one version of a record, or an answer to another
// comment. The comments on a record are its thread.
type Comment struct {
	On      On     `json:"on"`
	ReplyTo string `json:"reply_to,omitempty"` // the record ID of the comment it answers
	Text    string `json:"text"`
}

// Kind implements Record.
func (Comment) Kind() Kind { return KindComment }

// Validate implements Record.
func (c Comment) Validate(*Catalogue, time.Time) error {
	var p Problems
	c.On.check(&p)
	if strings.TrimSpace(c.Text) == "" {
		p.add("text", "Write the comment first.")
	}
	return p.err()
}

// Return sends a record back to the practitioner, saying what must change.
// It stands until the record has a later version than the one returned.
type Return struct {
	On         On     `json:"on"`
	MustChange string `json:"must_change"`
}

// Kind implements Record.
func (Return) Kind() Kind { return KindReturn }

// Validate implements Record.
func (r Return) Validate(*Catalogue, time.Time) error {
	var p Problems
	r.On.check(&p)
	if strings.TrimSpace(r.MustChange) == "" {
		p.add("must_change", "Say what must change, so the practitioner knows what to do.")
	}
	return p.err()
}

// SignOff is a supervisor's sign-off of one exact version of a record. When
// the record has a later version, the sign-off is stale: "signed off version 3,
// changed since".
type SignOff struct {
	On   On     `json:"on"`
	Note string `json:"note,omitempty"`
}

// Kind implements Record.
func (SignOff) Kind() Kind { return KindSignOff }

// Validate implements Record.
func (s SignOff) Validate(*Catalogue, time.Time) error {
	var p Problems
	s.On.check(&p)
	return p.err()
}

// Supervision is a record of a case supervision: what was discussed, what
// was decided, the actions agreed and when the case is next supervised.
type Supervision struct {
	HeldAt     time.Time `json:"held_at"`
	Discussion string    `json:"discussion"`
	Decisions  string    `json:"decisions,omitempty"`
	Actions    []Action  `json:"actions,omitempty"`
	Next       time.Time `json:"next,omitzero"` // the next supervision; zero for the team's interval from HeldAt
}

// Action is something agreed in supervision: what, who does it, by when.
type Action struct {
	What  string    `json:"what"`
	Owner string    `json:"owner"`
	Due   time.Time `json:"due"` // the day it is due by, at its start; it is overdue once that day is over
	Done  bool      `json:"done,omitempty"`
}

// Kind implements Record.
func (Supervision) Kind() Kind { return KindSupervision }

// Validate implements Record.
func (s Supervision) Validate(_ *Catalogue, now time.Time) error {
	var p Problems
	switch {
	case s.HeldAt.IsZero():
		p.add("held_at", "Enter when the supervision was held.")
	case s.HeldAt.After(now):
		p.add("held_at", "The supervision time is in the future: check the date and time.")
	}
	if strings.TrimSpace(s.Discussion) == "" {
		p.add("discussion", "Write what was discussed.")
	}
	for i, a := range s.Actions {
		const field = "actions"
		switch {
		case strings.TrimSpace(a.What) == "":
			p.add(field, "Say what action "+strconv.Itoa(i+1)+" is, or remove it.")
		case strings.TrimSpace(a.Owner) == "":
			p.add(field, "Say who does action "+strconv.Itoa(i+1)+".")
		case a.Due.IsZero():
			p.add(field, "Give action "+strconv.Itoa(i+1)+" a date it is due by.")
		}
	}
	if !s.Next.IsZero() && !s.HeldAt.IsZero() && !s.Next.After(s.HeldAt) {
		p.add("next", "The next supervision must be after this one: check the date.")
	}
	return p.err()
}

// NextDue is when the case is next to be supervised after s: the date agreed,
// or the interval after it was held.
func (s Supervision) NextDue(interval time.Duration) time.Time {
	if !s.Next.IsZero() {
		return s.Next
	}
	return s.HeldAt.Add(interval)
}

// AccessHow is how a child's record was opened.
type AccessHow string

// The ways a child's record is opened.
const (
	AccessPage      AccessHow = "page"       // their page, from the caseload
	AccessChildMode AccessHow = "child_mode" // child mode, handed to the child
	AccessReview    AccessHow = "review"     // a supervisor's review of a record
)

// Label is how the record was opened, as a person reads it.
func (h AccessHow) Label() string {
	switch h {
	case AccessPage:
		return "Opened their page"
	case AccessChildMode:
		return "Child mode"
	case AccessReview:
		return "Supervisor's review"
	}
	return string(h)
}

// AccessEntry records one opening of a child's record: who, when, from which
// device and how. The case it is saved in is which child. Each device keeps
// one access-log record in a case and every opening is a new version of it, so
// the log is the case's own, sealed and synced like its records and readable by
// whoever may read the case, the team's supervisors among them.
type AccessEntry struct {
	At       time.Time `json:"at"`
	Who      string    `json:"who"`
	UserID   string    `json:"user_id,omitempty"` // as the central store knows them, once enrolled
	DeviceID string    `json:"device_id"`
	How      AccessHow `json:"how"`
	RecordID string    `json:"record_id,omitempty"` // the record opened, for a review
}

// Kind implements Record.
func (AccessEntry) Kind() Kind { return KindAccess }

// Validate implements Record.
func (a AccessEntry) Validate(*Catalogue, time.Time) error {
	var p Problems
	if a.At.IsZero() || a.Who == "" || a.DeviceID == "" {
		p.add("at", "An access entry needs who, when and which device.")
	}
	return p.err()
}
