package model

import (
	"strings"
	"time"
)

// Child is the profile of the child a case is about.
type Child struct {
	Name            string    `json:"name"`
	DateOfBirth     time.Time `json:"date_of_birth"` // a date: midnight UTC
	NHSNumber       string    `json:"nhs_number,omitempty"`
	Placement       string    `json:"placement"` // a placement ID from the catalogue
	PlacementDetail string    `json:"placement_detail,omitempty"`
	LookedAfter     bool      `json:"looked_after"`
	AllocatedWorker string    `json:"allocated_worker"`
}

// Kind implements Record.
func (Child) Kind() Kind { return KindChild }

// Validate implements Record.
func (c Child) Validate(cat *Catalogue, now time.Time) error {
	var p Problems
	if strings.TrimSpace(c.Name) == "" {
		p.add("name", "Enter the child's name.")
	}
	switch {
	case c.DateOfBirth.IsZero():
		p.add("date_of_birth", "Enter the child's date of birth.")
	case c.DateOfBirth.After(now):
		p.add("date_of_birth", "The date of birth is in the future: check the year.")
	case AgeOn(c.DateOfBirth, now) >= 25:
		p.add("date_of_birth", "This date of birth makes the child 25 or older: check the year.")
	}
	if c.NHSNumber != "" && !ValidNHSNumber(c.NHSNumber) {
		p.add("nhs_number", "This is not a valid NHS number: it has 10 digits and the last is a check digit. Check it, or leave it empty.")
	}
	if c.Placement == "" {
		p.add("placement", "Choose where the child lives.")
	} else if !has(cat.Placements, c.Placement) {
		p.add("placement", "Choose where the child lives from the list.")
	}
	if strings.TrimSpace(c.AllocatedWorker) == "" {
		p.add("allocated_worker", "Enter the allocated worker, so everyone knows who to contact.")
	}
	return p.err()
}

// LookedAfterSlip reports whether the child's details contradict each other:
// foster care and a children's home are placements made by the local authority,
// so a child living there is looked after. It is a warning, not a problem, as the
// worker may know better.
func (c Child) LookedAfterSlip() bool {
	return !c.LookedAfter && (c.Placement == "place.foster" || c.Placement == "place.residential")
}

// AgeOn returns the age in whole years on day now of someone born on dob.
func AgeOn(dob, now time.Time) int {
	y := now.Year() - dob.Year()
	if now.Month() < dob.Month() || (now.Month() == dob.Month() && now.Day() < dob.Day()) {
		y--
	}
	return y
}

// ValidNHSNumber reports whether s, ignoring spaces, is a 10-digit NHS number with a
// correct modulus 11 check digit.
func ValidNHSNumber(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	if len(s) != 10 {
		return false
	}
	sum := 0
	for i := 0; i < 10; i++ {
		d := int(s[i] - '0')
		if d < 0 || d > 9 {
			return false
		}
		if i < 9 {
			sum += d * (10 - i)
		}
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == int(s[9]-'0')
}
