package model

import (
	"strings"
	"time"
)

// RHIWindow is the time from a child's return within which a return home interview
// should be held, in the statutory guidance.
const RHIWindow = 72 * time.Hour

// Evidence says how an indicator came to be known, so that evidence is kept apart
// from a worker's concern.
type Evidence string

// The kinds of evidence.
const (
	EvidenceObserved Evidence = "observed" // the worker saw it
	EvidenceReported Evidence = "reported" // the child or someone else told the worker
	EvidenceConcern  Evidence = "concern"  // a worry without evidence yet
)

// Evidences lists the kinds of evidence in the order a person picks from.
var Evidences = []Evidence{EvidenceObserved, EvidenceReported, EvidenceConcern}

// Observation is an exploitation indicator seen or heard in a record.
type Observation struct {
	Indicator string   `json:"indicator"` // an indicator ID from the catalogue
	Evidence  Evidence `json:"evidence"`
	Note      string   `json:"note,omitempty"`
}

// Referral is a referral or signposting made after the interview.
type Referral struct {
	To     string `json:"to"`
	Reason string `json:"reason,omitempty"`
}

// Attempt is one attempt to hold an interview: a visit, call or message.
type Attempt struct {
	At      time.Time `json:"at"`
	How     string    `json:"how"` // visit, phone, message, through carer...
	Outcome string    `json:"outcome,omitempty"`
}

// NotHeldReason says why an interview did not take place.
type NotHeldReason string

// The reasons an interview may not take place.
const (
	NotHeldRefused      NotHeldReason = "refused"
	NotHeldNoContact    NotHeldReason = "no_contact"
	NotHeldMissingAgain NotHeldReason = "missing_again"
	NotHeldDecision     NotHeldReason = "decision"
	NotHeldOther        NotHeldReason = "other"
)

// NotHeldReasons lists the reasons in the order a person picks from.
var NotHeldReasons = []NotHeldReason{NotHeldRefused, NotHeldNoContact, NotHeldMissingAgain, NotHeldDecision, NotHeldOther}

// Label is the reason as a person reads it.
func (r NotHeldReason) Label() string {
	switch r {
	case NotHeldRefused:
		return "The child did not want an interview"
	case NotHeldNoContact:
		return "Could not reach the child"
	case NotHeldMissingAgain:
		return "The child went missing again"
	case NotHeldDecision:
		return "Decided not to interview (reason recorded)"
	case NotHeldOther:
		return "Another reason"
	}
	return string(r)
}

// ReturnInterview is a return home interview after a missing episode, following
// the content of the statutory guidance and local templates (domain.md 1.2, 1.4).
// When it did not take place, Held is false and the attempts and reason say why.
type ReturnInterview struct {
	EpisodeID string    `json:"episode_id"` // record ID of the missing episode
	OfferedAt time.Time `json:"offered_at"` // may be zero when it was not held for a reason other than a refusal
	Held      bool      `json:"held"`
	HeldAt    time.Time `json:"held_at,omitzero"`

	Interviewer          string `json:"interviewer"`
	InterviewerRole      string `json:"interviewer_role,omitempty"`
	Independent          *bool  `json:"independent"` // nil until the worker answers
	NotIndependentReason string `json:"not_independent_reason,omitempty"`
	Venue                string `json:"venue,omitempty"`
	PresentWith          string `json:"present_with,omitempty"` // who the child chose to have with them

	PushFactors []string `json:"push_factors,omitempty"` // catalogue IDs
	PullFactors []string `json:"pull_factors,omitempty"`
	Before      string   `json:"before,omitempty"` // what was happening before they went

	WhereStayed  string `json:"where_stayed,omitempty"`
	WhoWith      string `json:"who_with,omitempty"`
	HowTravelled string `json:"how_travelled,omitempty"`
	HowReturned  string `json:"how_returned,omitempty"`

	HarmDisclosed bool          `json:"harm_disclosed"`
	HarmDetails   string        `json:"harm_details,omitempty"`
	ActionTaken   string        `json:"action_taken,omitempty"`
	Indicators    []Observation `json:"indicators,omitempty"`

	FeelsNow      string `json:"feels_now,omitempty"`
	WhatWouldHelp string `json:"what_would_help,omitempty"`

	ShareAgreed string     `json:"share_agreed,omitempty"` // what the child agreed may be shared, or why it is shared without their agreement
	ShareWith   []string   `json:"share_with,omitempty"`   // agency IDs
	Referrals   []Referral `json:"referrals,omitempty"`

	LateReason string `json:"late_reason,omitempty"` // why an interview was held after the 72 hours

	Attempts      []Attempt     `json:"attempts,omitempty"`
	NotHeldReason NotHeldReason `json:"not_held_reason,omitempty"`
	NotHeldNotes  string        `json:"not_held_notes,omitempty"`
}

// Kind implements Record.
func (ReturnInterview) Kind() Kind { return KindInterview }

// Answer is a yes or no given, for a question that may not be answered yet.
func Answer(yes bool) *bool { return &yes }

// RescreenTriggered reports whether the interview found anything that should bring
// a screening forward: an exploitation indicator or harm disclosed.
func (r ReturnInterview) RescreenTriggered() bool {
	return r.HarmDisclosed || len(r.Indicators) > 0
}

// Validate implements Record.
func (r ReturnInterview) Validate(cat *Catalogue, now time.Time) error {
	var p Problems
	if r.EpisodeID == "" {
		p.add("episode_id", "Choose the missing episode this interview follows.")
	}
	// An interview held was offered, and so was one the child turned down; a
	// child nobody could reach may never have had an offer, so then the time is
	// only checked when it is given.
	switch {
	case r.OfferedAt.IsZero() && r.Held:
		p.add("offered_at", "Enter when the interview was offered.")
	case r.OfferedAt.IsZero() && r.NotHeldReason == NotHeldRefused:
		p.add("offered_at", "Enter when the interview the child turned down was offered.")
	case r.OfferedAt.After(now):
		p.add("offered_at", "The offer time is in the future: check the date and time.")
	}
	if strings.TrimSpace(r.Interviewer) == "" {
		p.add("interviewer", "Enter who held, or tried to hold, the interview.")
	}
	switch {
	case r.Independent == nil:
		p.add("independent", "Say whether the interviewer is independent of the child's care.")
	case !*r.Independent && strings.TrimSpace(r.NotIndependentReason) == "":
		p.add("not_independent_reason", "Say why the interviewer is not independent: the guidance expects an independent person unless the child prefers someone they know.")
	}
	if r.Held {
		switch {
		case r.HeldAt.IsZero():
			p.add("held_at", "Enter when the interview was held.")
		case r.HeldAt.After(now):
			p.add("held_at", "The interview time is in the future: check the date and time.")
		case !r.OfferedAt.IsZero() && r.HeldAt.Before(r.OfferedAt):
			p.add("held_at", "The interview cannot come before it was offered: check both times.")
		}
		if r.HarmDisclosed && strings.TrimSpace(r.ActionTaken) == "" {
			p.add("action_taken", "Harm was disclosed: record the action taken to keep the child safe.")
		}
	} else {
		switch {
		case r.NotHeldReason == "":
			p.add("not_held_reason", "Say why the interview did not take place.")
		case !validNotHeldReason(r.NotHeldReason):
			p.add("not_held_reason", "Choose why the interview did not take place from the list.")
		case (r.NotHeldReason == NotHeldDecision || r.NotHeldReason == NotHeldOther) && strings.TrimSpace(r.NotHeldNotes) == "":
			p.add("not_held_notes", "Write the reason the interview did not take place, so the decision is on the child's record.")
		}
		if len(r.Attempts) == 0 {
			p.add("attempts", "Record at least one attempt to hold the interview.")
		}
	}
	for i, a := range r.Attempts {
		if a.At.IsZero() {
			p.add(ItemField("attempts", i, "at"), "Enter when this attempt was made.")
		}
		if strings.TrimSpace(a.How) == "" {
			p.add(ItemField("attempts", i, "how"), "Say how this attempt was made: a visit, a call or a message.")
		}
	}
	checkIDs(&p, "push_factors", r.PushFactors, cat.PushFactors, "a push factor")
	checkIDs(&p, "pull_factors", r.PullFactors, cat.PullFactors, "a pull factor")
	checkIDs(&p, "share_with", r.ShareWith, cat.Agencies, "an agency")
	seen := map[string]bool{}
	for _, o := range r.Indicators {
		if _, ok := cat.Indicator(o.Indicator); !ok {
			p.add("indicators", "An indicator is not in the list: choose it again from the list.")
			break
		}
		if seen[o.Indicator] {
			p.add("indicators", "An indicator is recorded twice: keep one and put both notes in it.")
			break
		}
		seen[o.Indicator] = true
		if !validEvidence(o.Evidence) {
			p.add(IndicatorField(o.Indicator), "Say whether this was observed, reported to you or is a concern.")
		}
	}
	if len(r.ShareWith) > 0 && strings.TrimSpace(r.ShareAgreed) == "" {
		p.add("share_agreed", "Write what the child agreed may be shared with the agencies you chose, or, if you are sharing without their agreement, why.")
	}
	for i, ref := range r.Referrals {
		if strings.TrimSpace(ref.To) == "" {
			p.add(ItemField("referrals", i, "to"), "Enter who the referral was made to.")
		}
	}
	return p.err()
}

// IndicatorField names the field of one indicator in an interview's problems.
func IndicatorField(id string) string { return "indicators." + id }

func validEvidence(e Evidence) bool {
	for _, k := range Evidences {
		if e == k {
			return true
		}
	}
	return false
}

func validNotHeldReason(r NotHeldReason) bool {
	for _, k := range NotHeldReasons {
		if r == k {
			return true
		}
	}
	return false
}

// checkIDs adds a problem for field when ids holds an ID that is not in list, or
// one ID twice. what names one entry of the list, with its article: "an agency".
func checkIDs(p *Problems, field string, ids []string, list []Option, what string) {
	seen := map[string]bool{}
	for _, id := range ids {
		if !has(list, id) {
			p.add(field, capitalise(what)+" is not in the list: choose it again from the list.")
			return
		}
		if seen[id] {
			p.add(field, capitalise(what)+" is chosen twice: keep one.")
			return
		}
		seen[id] = true
	}
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// CheckAgainst reports problems with the interview's times against the episode
// it follows, which Validate cannot see: an interview is offered and held after
// the child came back, not before.
func (r ReturnInterview) CheckAgainst(e MissingEpisode) Problems {
	var p Problems
	if e.StillMissing() {
		p.add("episode_id", "The child has not come back from this episode yet: record their return first.")
		return p
	}
	if !r.OfferedAt.IsZero() && r.OfferedAt.Before(e.Returned) {
		p.add("offered_at", "This is before the child came back, and an interview is offered after they return. Check the date and time.")
	}
	if r.Held && !r.HeldAt.IsZero() && r.HeldAt.Before(e.Returned) {
		p.add("held_at", "This is before the child came back, and an interview is held after they return. Check the date and time.")
	}
	if r.HeldLate(e) && strings.TrimSpace(r.LateReason) == "" {
		p.add("late_reason", "It was held more than 72 hours after the child came back: say why it was late.")
	}
	return p
}

// HeldLate reports whether the interview was held after the 72 hours from the
// child's return from episode e.
func (r ReturnInterview) HeldLate(e MissingEpisode) bool {
	return r.Held && !e.StillMissing() && r.HeldAt.After(e.Returned.Add(RHIWindow))
}
