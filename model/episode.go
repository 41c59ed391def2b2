package model

import (
	"strings"
	"time"
)

// MissingEpisode is one time the child went missing, from when they went to when
// they came back or were found.
type MissingEpisode struct {
	WentMissing     time.Time `json:"went_missing"`
	Returned        time.Time `json:"returned,omitzero"` // zero while the child is still missing
	WhereFound      string    `json:"where_found,omitempty"`
	PoliceReference string    `json:"police_reference,omitempty"`
	Notes           string    `json:"notes,omitempty"`
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
	return p.err()
}
