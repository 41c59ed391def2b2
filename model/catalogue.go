package model

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"homeward/assets"
)

// Tier is how strongly an exploitation indicator points to harm, as the common
// screening tools grade them: background vulnerabilities, moderate indicators and
// significant ones.
type Tier string

// The tiers.
const (
	TierVulnerability Tier = "vulnerability"
	TierModerate      Tier = "moderate"
	TierSignificant   Tier = "significant"
)

// Option is one entry of a pick-list.
type Option struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// Indicator is an exploitation indicator. Its ID is shared by every record that can
// observe it (a return home interview now, screening later), so that what an
// interview finds can be carried into a screening.
type Indicator struct {
	ID       string `json:"id"`
	Category string `json:"category"`
	Tier     Tier   `json:"tier"`
	Label    string `json:"label"`
}

// Catalogue holds the pick-list definitions that records are checked against.
type Catalogue struct {
	Indicators  []Indicator  `json:"indicators"`
	PushFactors []Option     `json:"push_factors"`
	PullFactors []Option     `json:"pull_factors"`
	Feelings    []Option     `json:"feelings"`
	Agencies    []Option     `json:"agencies"`
	Placements  []Option     `json:"placements"`
	HealthAreas []HealthArea `json:"health_areas"`

	Screening    ScreeningRules `json:"screening"`
	BankHolidays []string       `json:"bank_holidays"` // dates, "2006-01-02", that are not working days

	ids      map[string]string // every ID to its label
	holidays map[string]bool
}

// HealthArea is an area of concern a looked-after child's health review covers.
// A concern in it arrives in the next screening as the indicator named, when
// there is one.
type HealthArea struct {
	ID        string `json:"id"`
	Label     string `json:"label"`
	Indicator string `json:"indicator,omitempty"`
}

// ParseCatalogue reads a catalogue from JSON and checks that no ID is used twice.
func ParseCatalogue(b []byte) (*Catalogue, error) {
	var c Catalogue
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("model: catalogue: %w", err)
	}
	c.ids = map[string]string{}
	add := func(id, label string) error {
		if id == "" {
			return fmt.Errorf("model: catalogue: an entry (labelled %q) has no ID", label)
		}
		if label == "" {
			return fmt.Errorf("model: catalogue: %q has no label", id)
		}
		if _, dup := c.ids[id]; dup {
			return fmt.Errorf("model: catalogue: %q defined twice", id)
		}
		c.ids[id] = label
		return nil
	}
	for _, in := range c.Indicators {
		switch in.Tier {
		case TierVulnerability, TierModerate, TierSignificant:
		default:
			return nil, fmt.Errorf("model: catalogue: indicator %q has unknown tier %q", in.ID, in.Tier)
		}
		if err := add(in.ID, in.Label); err != nil {
			return nil, err
		}
	}
	for _, list := range [][]Option{c.PushFactors, c.PullFactors, c.Feelings, c.Agencies, c.Placements} {
		for _, o := range list {
			if err := add(o.ID, o.Label); err != nil {
				return nil, err
			}
		}
	}
	for _, a := range c.HealthAreas {
		if err := add(a.ID, a.Label); err != nil {
			return nil, err
		}
		if _, ok := c.Indicator(a.Indicator); a.Indicator != "" && !ok {
			return nil, fmt.Errorf("model: catalogue: health area %q names indicator %q, which is not in the list", a.ID, a.Indicator)
		}
	}
	if err := c.Screening.check(&c); err != nil {
		return nil, err
	}
	c.holidays = map[string]bool{}
	for _, d := range c.BankHolidays {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return nil, fmt.Errorf("model: catalogue: bank holiday %q is not a date written 2006-01-02", d)
		}
		c.holidays[d] = true
	}
	return &c, nil
}

var (
	defaultOnce sync.Once
	defaultCat  *Catalogue
)

// DefaultCatalogue is the catalogue bundled with Homeward. It panics if the bundled
// definitions do not parse, which a test guards against.
func DefaultCatalogue() *Catalogue {
	defaultOnce.Do(func() {
		c, err := ParseCatalogue(assets.Definitions)
		if err != nil {
			panic(err)
		}
		defaultCat = c
	})
	return defaultCat
}

// Label returns the label for any ID in the catalogue, or the ID itself when the
// catalogue does not know it (a definition from a newer version, say).
func (c *Catalogue) Label(id string) string {
	if l, ok := c.ids[id]; ok {
		return l
	}
	return id
}

// Indicator returns the indicator with the given ID.
func (c *Catalogue) Indicator(id string) (Indicator, bool) {
	for _, in := range c.Indicators {
		if in.ID == id {
			return in, true
		}
	}
	return Indicator{}, false
}

// HealthArea returns the health area with the given ID.
func (c *Catalogue) HealthArea(id string) (HealthArea, bool) {
	for _, a := range c.HealthAreas {
		if a.ID == id {
			return a, true
		}
	}
	return HealthArea{}, false
}

func has(list []Option, id string) bool {
	for _, o := range list {
		if o.ID == id {
			return true
		}
	}
	return false
}
