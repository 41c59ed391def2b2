package model

import (
	"fmt"
	"slices"
	"time"
)

// Level is a risk level a screening arrives at.
type Level string

// The levels, lowest first. LevelUnknown is a child never screened.
const (
	LevelUnknown Level = ""
	LevelNone    Level = "none"
	LevelLow     Level = "low"
	LevelMedium  Level = "medium"
	LevelHigh    Level = "high"
)

// Levels lists the levels a screening can choose, lowest first.
var Levels = []Level{LevelNone, LevelLow, LevelMedium, LevelHigh}

// Rank orders levels: unknown 0, no apparent risk 1 ... high 4.
func (l Level) Rank() int { return slices.Index(Levels, l) + 1 }

// Valid reports whether l is a level a screening can choose.
func (l Level) Valid() bool { return l.Rank() > 0 }

// Label is the level as a person reads it.
func (l Level) Label() string {
	switch l {
	case LevelNone:
		return "No apparent risk"
	case LevelLow:
		return "Low risk"
	case LevelMedium:
		return "Medium risk"
	case LevelHigh:
		return "High risk"
	}
	return "Not screened"
}

func atLeast(l, floor Level) Level {
	if l.Rank() < floor.Rank() {
		return floor
	}
	return l
}

// Recency is when an indicator was last present, as SERAF-style tools count it.
type Recency string

// The recencies.
const (
	RecencyCurrent  Recency = "current"  // now or within the last 6 months
	RecencyPrevious Recency = "previous" // 6 to 12 months ago
	RecencyBoth     Recency = "both"     // now, and also 6 to 12 months ago
	RecencyHistoric Recency = "historic" // more than 12 months ago
)

// Recencies lists the recencies in the order a person picks from.
var Recencies = []Recency{RecencyCurrent, RecencyPrevious, RecencyBoth, RecencyHistoric}

// Label is the recency as a person reads it.
func (r Recency) Label() string {
	switch r {
	case RecencyCurrent:
		return "Now or in the last 6 months"
	case RecencyPrevious:
		return "6 to 12 months ago"
	case RecencyBoth:
		return "Now, and 6 to 12 months ago"
	case RecencyHistoric:
		return "More than 12 months ago"
	}
	return string(r)
}

// RecencyOn is the recency, on day, of an indicator found at found: within 6
// months is current, within 12 months previous, and longer ago historic.
func RecencyOn(found, day time.Time) Recency {
	switch {
	case !dayBefore(found, day.AddDate(0, -6, 0)):
		return RecencyCurrent
	case !dayBefore(found, day.AddDate(-1, 0, 0)):
		return RecencyPrevious
	}
	return RecencyHistoric
}

// aged is the recency on day of an indicator that had recency r on from. The
// finding is taken to be as late as r allows (on from, for current), so an
// indicator carried over is never counted older than it may be.
func (r Recency) aged(from, day time.Time) Recency {
	switch r {
	case RecencyCurrent:
		return RecencyOn(from, day)
	case RecencyPrevious:
		return RecencyOn(from.AddDate(0, -6, 0), day)
	case RecencyBoth:
		return RecencyCurrent.aged(from, day).with(RecencyPrevious.aged(from, day))
	}
	return r
}

// with is the recency of an indicator found at both r and o: current and 6 to
// 12 months ago make both.
func (r Recency) with(o Recency) Recency {
	switch {
	case r == o:
		return r
	case r == RecencyBoth || o == RecencyBoth:
		return RecencyBoth
	case (r == RecencyCurrent && o == RecencyPrevious) || (r == RecencyPrevious && o == RecencyCurrent):
		return RecencyBoth
	case r == RecencyHistoric:
		return o
	}
	return r
}

// current reports whether the indicator is present now (within 6 months).
func (r Recency) current() bool { return r == RecencyCurrent || r == RecencyBoth }

// ScreeningModel is how a partnership turns indicators into a level.
type ScreeningModel string

// The models.
const (
	ModelPoints    ScreeningModel = "points"    // a SERAF-style score with overrides
	ModelMatrix    ScreeningModel = "matrix"    // a matrix of categories read by the practitioner, who sets the level and says why
	ModelJudgement ScreeningModel = "judgement" // professional judgement only: the practitioner sets the level and says why
)

// Judged reports whether the model leaves the level to the practitioner: no
// score is computed.
func (m ScreeningModel) Judged() bool { return m == ModelMatrix || m == ModelJudgement }

// Points is what each tier of indicator scores, by recency.
type Points struct {
	Vulnerability       int `json:"vulnerability"`        // each vulnerability, whenever
	ModerateRecent      int `json:"moderate_recent"`      // a moderate indicator now or within 6 months
	SignificantCurrent  int `json:"significant_current"`  // a significant indicator now or within 6 months only
	SignificantPrevious int `json:"significant_previous"` // 6 to 12 months ago only
	SignificantBoth     int `json:"significant_both"`     // both
}

// Band is where a level starts on the score.
type Band struct {
	Level Level `json:"level"`
	From  int   `json:"from"`
}

// ScreeningRules are a partnership's screening model, thresholds and due dates,
// as data (assets/definitions.json).
type ScreeningRules struct {
	Model                ScreeningModel `json:"model"`
	Points               Points         `json:"points"`
	Levels               []Band         `json:"levels"` // lowest first
	DisclosureIndicators []string       `json:"disclosure_indicators"`
	LearningDisability   string         `json:"learning_disability_indicator"`
	YoungAge             int            `json:"young_age"`     // a child this age or under with any indicator is never "no apparent risk"
	RescreenDays         map[Level]int  `json:"rescreen_days"` // how soon a re-screen falls due after a screening at each level
	RecentScreeningDays  int            `json:"recent_screening_days"`
	DueWorkingDays       int            `json:"due_working_days"`
	StrategyEpisodes     int            `json:"strategy_episodes"`
	StrategyDays         int            `json:"strategy_days"`
	HealthAgency         string         `json:"health_agency"`    // the agency a health review's concerns come from; empty to ask
	InterviewAgency      string         `json:"interview_agency"` // the agency that holds return home interviews; empty to ask
	PlanReviewDays       int            `json:"plan_review_days"` // how soon a plan review sets the next one, unless changed
}

// check reports rules that cannot work.
func (r *ScreeningRules) check(c *Catalogue) error {
	switch r.Model {
	case ModelPoints:
		if len(r.Levels) == 0 || r.Levels[0].From != 0 {
			return fmt.Errorf("model: catalogue: screening levels must start from 0")
		}
		for i, b := range r.Levels {
			if !b.Level.Valid() {
				return fmt.Errorf("model: catalogue: screening level %q is not none, low, medium or high", b.Level)
			}
			if i > 0 && (b.From <= r.Levels[i-1].From || b.Level.Rank() <= r.Levels[i-1].Level.Rank()) {
				return fmt.Errorf("model: catalogue: screening levels must rise, lowest first")
			}
		}
	case ModelMatrix, ModelJudgement:
	default:
		return fmt.Errorf("model: catalogue: screening model %q is not points, matrix or judgement", r.Model)
	}
	for _, id := range append(slices.Clone(r.DisclosureIndicators), r.LearningDisability) {
		if _, ok := c.Indicator(id); id != "" && !ok {
			return fmt.Errorf("model: catalogue: screening names indicator %q, which is not in the list", id)
		}
	}
	if r.DueWorkingDays <= 0 || r.RecentScreeningDays <= 0 || r.StrategyEpisodes <= 0 || r.StrategyDays <= 0 || r.PlanReviewDays <= 0 {
		return fmt.Errorf("model: catalogue: screening due dates, plan reviews and the strategy rule need numbers above 0")
	}
	if r.YoungAge < 0 || r.YoungAge > 18 {
		return fmt.Errorf("model: catalogue: screening young_age %d is not an age from 0 to 18", r.YoungAge)
	}
	for l, days := range r.RescreenDays {
		if !l.Valid() || days <= 0 {
			return fmt.Errorf("model: catalogue: screening rescreen_days needs a level (none, low, medium or high) and a number of days above 0, not %q: %d", l, days)
		}
	}
	for name, id := range map[string]string{"health_agency": r.HealthAgency, "interview_agency": r.InterviewAgency} {
		if id != "" && !has(c.Agencies, id) {
			return fmt.Errorf("model: catalogue: screening %s %q is not in the agencies", name, id)
		}
	}
	return nil
}

// ScoreInput is what a score is computed from.
type ScoreInput struct {
	Indicators         []ScreenedIndicator
	Age                int  // the child's age in whole years on the day of the screening; 0 when not known, which counts as young
	LearningDisability bool // known apart from the indicator
}

// Score is what the rules make of a screening's indicators.
type Score struct {
	Judgement bool     // the partnership uses judgement only: no points, no computed level
	Points    int      // the SERAF-style total
	Banded    Level    // the level the points alone reach
	Level     Level    // the level after the overrides
	Overrides []string // why the level is above Banded, in words
}

// ComputeScore applies the rules to in. It is a pure function: the same input
// gives the same score. An indicator the catalogue does not know scores nothing.
func ComputeScore(cat *Catalogue, in ScoreInput) Score {
	r := cat.Screening
	if r.Model.Judged() {
		return Score{Judgement: true}
	}
	var s Score
	// present is any indicator at all; other is one beside the learning
	// disability, which the learning disability rule asks for.
	var disclosure, currentSignificant, present, other bool
	ld := in.LearningDisability
	for _, si := range in.Indicators {
		ind, ok := cat.Indicator(si.Indicator)
		if !ok {
			continue
		}
		present = true
		if si.Indicator == r.LearningDisability && r.LearningDisability != "" {
			ld = true
		} else {
			other = true
		}
		if slices.Contains(r.DisclosureIndicators, si.Indicator) {
			disclosure = true
		}
		switch ind.Tier {
		case TierVulnerability:
			s.Points += r.Points.Vulnerability
		case TierModerate:
			if si.Recency.current() {
				s.Points += r.Points.ModerateRecent
			}
		case TierSignificant:
			switch si.Recency {
			case RecencyCurrent:
				s.Points += r.Points.SignificantCurrent
			case RecencyPrevious:
				s.Points += r.Points.SignificantPrevious
			case RecencyBoth:
				s.Points += r.Points.SignificantBoth
			}
			if si.Recency.current() {
				currentSignificant = true
			}
		}
	}
	for _, b := range r.Levels {
		if s.Points >= b.From {
			s.Banded = b.Level
		}
	}
	s.Level = s.Banded
	raise := func(floor Level, why string) {
		if s.Level.Rank() < floor.Rank() {
			s.Level = floor
			s.Overrides = append(s.Overrides, why)
		}
	}
	if currentSignificant {
		raise(LevelMedium, "A significant indicator is present now, so the level is at least medium.")
	}
	if present && in.Age <= r.YoungAge {
		raise(LevelLow, fmt.Sprintf("The child is %d or under and an indicator is present, so the level is never \"no apparent risk\".", r.YoungAge))
	}
	if other && ld {
		raise(LevelLow, "The child has a learning disability and an indicator is present, so the level is never \"no apparent risk\".")
	}
	if disclosure {
		raise(LevelHigh, "The child has disclosed abuse, so the level is high.")
	}
	return s
}
