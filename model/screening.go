package model

import (
	"slices"
	"strings"
	"time"
)

// ScreenedIndicator is one indicator ticked in a screening: when it was present,
// how it is known, which agency contributed it and which record it came from.
type ScreenedIndicator struct {
	Indicator  string   `json:"indicator"` // an indicator ID from the catalogue
	Recency    Recency  `json:"recency"`
	Evidence   Evidence `json:"evidence"`
	Agency     string   `json:"agency"`                // the agency ID that contributed it
	Source     string   `json:"source,omitempty"`      // record ID of the interview, health review or screening it came from
	SourceKind Kind     `json:"source_kind,omitempty"` // that record's kind
	Note       string   `json:"note,omitempty"`
}

// Contribution is what one agency brought to a screening.
type Contribution struct {
	Agency string `json:"agency"` // an agency ID
	What   string `json:"what"`
}

// Screening is a CSE screening, or a re-screen: the indicators ticked, what each
// agency contributed, the level the rules computed and the level the
// practitioner chose, with the reason when they differ (domain.md 2.5).
type Screening struct {
	HeldOn             time.Time           `json:"held_on"` // a date: midnight UTC
	HeldBy             string              `json:"held_by"`
	Rescreen           bool                `json:"rescreen"`
	Age                int                 `json:"age"` // the child's age on the day, which the score uses
	LearningDisability bool                `json:"learning_disability"`
	Indicators         []ScreenedIndicator `json:"indicators,omitempty"`
	Contributions      []Contribution      `json:"contributions,omitempty"`
	// Considered are the interviews and health reviews whose findings arrived
	// ticked in the screening when it was started: it saw them, ticked or not,
	// even when they were held the same day.
	Considered []string `json:"considered,omitempty"`
	// StrategyHeld is the day a strategy discussion about the child was held,
	// when the screening records one: it answers the prompt for one.
	StrategyHeld time.Time `json:"strategy_held,omitzero"`

	Judgement bool   `json:"judgement"` // made under a judgement-only model: no points
	Points    int    `json:"points"`
	Computed  Level  `json:"computed,omitempty"` // what the rules gave; empty under judgement
	Chosen    Level  `json:"chosen"`
	Reason    string `json:"reason,omitempty"` // why Chosen differs from Computed, or the judgement's reasons
}

// Kind implements Record.
func (Screening) Kind() Kind { return KindScreening }

// Input is what the screening's score is computed from.
func (s Screening) Input() ScoreInput {
	return ScoreInput{Indicators: s.Indicators, Age: s.Age, LearningDisability: s.LearningDisability}
}

// Agencies returns the agency IDs that contributed to the screening, from its
// contributions and its indicators, in the order first met.
func (s Screening) Agencies() []string {
	var out []string
	for _, c := range s.Contributions {
		if c.Agency != "" && !slices.Contains(out, c.Agency) {
			out = append(out, c.Agency)
		}
	}
	for _, si := range s.Indicators {
		if si.Agency != "" && !slices.Contains(out, si.Agency) {
			out = append(out, si.Agency)
		}
	}
	return out
}

// SingleAgency reports whether no more than one agency contributed: the audit
// asks that re-screening be done by agencies together (F3).
func (s Screening) SingleAgency() bool { return len(s.Agencies()) <= 1 }

// Validate implements Record.
func (s Screening) Validate(cat *Catalogue, now time.Time) error {
	var p Problems
	switch {
	case s.HeldOn.IsZero():
		p.add("held_on", "Enter the date of the screening.")
	case dayBefore(now, s.HeldOn):
		p.add("held_on", "The screening date is in the future: check the date.")
	}
	if dayBefore(now, s.StrategyHeld) {
		p.add("strategy_held", "The strategy discussion's date is in the future: enter it once it has been held.")
	}
	if strings.TrimSpace(s.HeldBy) == "" {
		p.add("held_by", "Enter who led the screening.")
	}
	if s.Age < 0 || s.Age > 25 {
		p.add("age", "The child's age is not right: check the date of birth on their profile.")
	}
	seen := map[string]bool{}
	for _, si := range s.Indicators {
		label := cat.Label(si.Indicator)
		switch {
		case !knownIndicator(cat, si.Indicator):
			p.add("indicators", "An indicator is not in the list: choose it again from the list.")
		case seen[si.Indicator]:
			p.add("indicators", "\""+label+"\" is ticked twice: keep one and put both notes in it.")
		case !slices.Contains(Recencies, si.Recency):
			p.add("indicators", "Say when \""+label+"\" was present: now, 6 to 12 months ago, both, or longer ago.")
		case !validEvidence(si.Evidence):
			p.add("indicators", "Say whether \""+label+"\" was observed, reported or is a concern without evidence yet.")
		case !has(cat.Agencies, si.Agency):
			p.add("indicators", "Choose which agency contributed \""+label+"\".")
		}
		seen[si.Indicator] = true
	}
	for _, c := range s.Contributions {
		if !has(cat.Agencies, c.Agency) {
			p.add("contributions", "Choose each contributing agency from the list.")
			break
		}
		if strings.TrimSpace(c.What) == "" {
			p.add("contributions", "Write what "+cat.Label(c.Agency)+" contributed, or take it off the list.")
			break
		}
	}
	score := ComputeScore(cat, s.Input())
	switch {
	case s.Judgement != score.Judgement || s.Points != score.Points || s.Computed != score.Level:
		p.add("computed", "The computed level is out of date with the indicators: open the screening again so it is worked out afresh.")
	case !s.Chosen.Valid():
		p.add("chosen", "Choose the risk level: confirm the computed one or set another.")
	case s.Judgement && strings.TrimSpace(s.Reason) == "":
		p.add("reason", "Write the reasons for the level you chose: your partnership's model asks for a judgement.")
	case s.Chosen != s.Computed && strings.TrimSpace(s.Reason) == "":
		p.add("reason", "You chose "+strings.ToLower(s.Chosen.Label())+" where the score gives "+strings.ToLower(s.Computed.Label())+": write why.")
	}
	return p.err()
}

func knownIndicator(cat *Catalogue, id string) bool {
	_, ok := cat.Indicator(id)
	return ok
}
