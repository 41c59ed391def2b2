package model

import (
	"strings"
	"time"
)

// Information is something an agency told the team about the child outside an
// interview or a review: police intelligence, a school's worry, a call from a
// parent. It calls for a re-screen (domain.md 2.5: new information), and it is
// a finding the child's plan must address or say why it need not.
type Information struct {
	Received time.Time `json:"received"`
	Agency   string    `json:"agency"`         // the agency it came from
	From     string    `json:"from,omitempty"` // who gave it, where known
	What     string    `json:"what"`
}

// Kind implements Record.
func (Information) Kind() Kind { return KindInformation }

// Validate implements Record.
func (i Information) Validate(cat *Catalogue, now time.Time) error {
	var p Problems
	switch {
	case i.Received.IsZero():
		p.add("received", "Enter when the information came in.")
	case i.Received.After(now):
		p.add("received", "The time the information came in is in the future: check the date and time.")
	}
	if !has(cat.Agencies, i.Agency) {
		p.add("agency", "Choose the agency the information came from.")
	}
	if strings.TrimSpace(i.What) == "" {
		p.add("what", "Write what the information is.")
	}
	return p.err()
}
