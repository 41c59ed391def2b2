package model

import (
	"strings"
	"time"
)

// HealthConcern is one concern a health review raised, in an area of the
// catalogue. Each is a finding that a plan must address.
type HealthConcern struct {
	Area   string `json:"area"` // a health area ID
	Detail string `json:"detail"`
}

// SDQMax is the highest total difficulties score of the strengths and
// difficulties questionnaire.
const SDQMax = 40

// HealthReview is the summary of a looked-after child's health review: when it
// was held, who held it, the concerns it raised and the strengths and
// difficulties questionnaire score.
type HealthReview struct {
	HeldOn   time.Time       `json:"held_on"` // a date: midnight UTC
	HeldBy   string          `json:"held_by"`
	Concerns []HealthConcern `json:"concerns,omitempty"`
	SDQ      *int            `json:"sdq,omitempty"` // nil when no questionnaire was done
	Notes    string          `json:"notes,omitempty"`
}

// Kind implements Record.
func (HealthReview) Kind() Kind { return KindHealth }

// Validate implements Record.
func (h HealthReview) Validate(cat *Catalogue, now time.Time) error {
	var p Problems
	switch {
	case h.HeldOn.IsZero():
		p.add("held_on", "Enter the date of the health review.")
	case dayBefore(now, h.HeldOn):
		p.add("held_on", "The review date is in the future: check the date.")
	}
	if strings.TrimSpace(h.HeldBy) == "" {
		p.add("held_by", "Enter who held the review (a name or a role, such as the looked-after children's nurse).")
	}
	seen := map[string]bool{}
	for _, c := range h.Concerns {
		a, ok := cat.HealthArea(c.Area)
		switch {
		case !ok:
			p.add("concerns", "A concern's area is not in the list: choose it again.")
		case seen[c.Area]:
			p.add("concerns", "There are two concerns about "+strings.ToLower(a.Label)+": put them in one.")
		case strings.TrimSpace(c.Detail) == "":
			p.add("concerns", "Write what the concern about "+strings.ToLower(a.Label)+" is.")
		}
		seen[c.Area] = true
	}
	if h.SDQ != nil && (*h.SDQ < 0 || *h.SDQ > SDQMax) {
		p.add("sdq", "The questionnaire's total difficulties score runs from 0 to 40: check it, or leave it empty.")
	}
	return p.err()
}
