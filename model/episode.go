package model

import (
	"slices"
	"strings"
	"time"
)

// MissingEpisode is one time the child went missing, from when they went to when
// they came back or were found.
type MissingEpisode struct {
	WentMissing     time.Time  `json:"went_missing"`
	Returned        time.Time  `json:"returned,omitzero"` // zero while the child is still missing
	WhereFound      string     `json:"where_found,omitempty"`
	ReportedBy      string     `json:"reported_by,omitempty"` // who told the police the child was missing
	PoliceReference string     `json:"police_reference,omitempty"`
	PoliceRisk      PoliceRisk `json:"police_risk,omitempty"` // the police's grade of the risk, "" when not given
	Notes           string     `json:"notes,omitempty"`
}

// PoliceRisk is the grade of risk the police gave a missing child, on the
// scale of the College of Policing's guidance on missing persons.
type PoliceRisk string

// The police's grades of risk.
const (
	PoliceRiskHigh     PoliceRisk = "high"
	PoliceRiskMedium   PoliceRisk = "medium"
	PoliceRiskLow      PoliceRisk = "low"
	PoliceRiskVeryLow  PoliceRisk = "very_low"
	PoliceRiskNotKnown PoliceRisk = "not_known"
)

// PoliceRisks lists the grades in the order a person picks from.
var PoliceRisks = []PoliceRisk{PoliceRiskHigh, PoliceRiskMedium, PoliceRiskLow, PoliceRiskVeryLow, PoliceRiskNotKnown}

// Label is the grade as a person reads it.
func (r PoliceRisk) Label() string {
	switch r {
	case PoliceRiskHigh:
		return "High"
	case PoliceRiskMedium:
		return "Medium"
	case PoliceRiskLow:
		return "Low"
	case PoliceRiskVeryLow:
		return "Very low or no apparent risk"
	case PoliceRiskNotKnown:
		return "Not known yet"
	}
	return string(r)
}

// Kind implements Record.
func (MissingEpisode) Kind() Kind { return KindEpisode }

// StillMissing reports whether the child has not yet returned.
func (e MissingEpisode) StillMissing() bool { return e.Returned.IsZero() }

// Validate implements Record.
func (e MissingEpisode) Validate(_ *Catalogue, now time.Time) error {
	var p Problems
	switch {
	case e.WentMissing.IsZero():
		p.add("went_missing", "Enter when the child went missing.")
	case e.WentMissing.After(now):
		p.add("went_missing", "The time the child went missing is in the future: check the date and time.")
	}
	if !e.Returned.IsZero() {
		switch {
		case e.Returned.After(now):
			p.add("returned", "The return time is in the future: check the date and time.")
		case !e.WentMissing.IsZero() && e.Returned.Before(e.WentMissing):
			p.add("returned", "The child cannot have returned before they went missing: check both times.")
		}
		if strings.TrimSpace(e.WhereFound) == "" {
			p.add("where_found", "Say where the child was found or how they came back. If nobody knows, write \"not known\".")
		}
	}
	if e.PoliceRisk != "" && !slices.Contains(PoliceRisks, e.PoliceRisk) {
		p.add("police_risk", "Choose the police's grade of risk from the list.")
	}
	return p.err()
}

// CheckAgainst reports problems with the episode's times against the child it
// belongs to, which Validate cannot see: a child goes missing after they were
// born, not before. The day counts by the calendar where the episode's time was
// entered, as a date of birth has no time of day.
func (e MissingEpisode) CheckAgainst(c Child) Problems {
	var p Problems
	if e.WentMissing.IsZero() || c.DateOfBirth.IsZero() {
		return p
	}
	if dayBefore(e.WentMissing, c.DateOfBirth) {
		p.add("went_missing", "The child cannot have gone missing before they were born: check the date, and the date of birth on their profile.")
	}
	return p
}

// CheckInterviews reports, on the return time, when the episode as it now reads
// contradicts an interview already recorded for it: the interview offered or held
// before the child came back, or the child shown as still missing.
func (e MissingEpisode) CheckInterviews(rs []ReturnInterview) Problems {
	var p Problems
	for _, r := range rs {
		if len(r.CheckAgainst(e)) == 0 {
			continue
		}
		if e.StillMissing() {
			p.add("returned", "An interview is recorded for this episode, so the child has come back: enter when.")
		} else {
			p.add("returned", "An interview for this episode was offered or held before this time: check when the child came back, or correct the interview.")
		}
		break
	}
	return p
}

// dayBefore reports whether the calendar day of t, where t was recorded, comes
// before the date day.
func dayBefore(t, day time.Time) bool {
	ty, tm, td := t.Date()
	dy, dm, dd := day.Date()
	return time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC).Before(time.Date(dy, dm, dd, 0, 0, 0, 0, time.UTC))
}
