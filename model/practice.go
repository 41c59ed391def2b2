package model

import (
	"slices"
	"strings"
	"time"
)

// IsWorkingDay reports whether the calendar day of t is a working day: not a
// Saturday, a Sunday or a bank holiday of the catalogue.
func (c *Catalogue) IsWorkingDay(t time.Time) bool {
	switch t.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	return !c.holidays[t.Format(time.DateOnly)]
}

// AddWorkingDays returns the date, as midnight UTC, of the nth working day after
// the calendar day of t: 5 working days from a Friday is the Friday after, or
// later when a bank holiday falls between.
func (c *Catalogue) AddWorkingDays(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	for n > 0 {
		day = day.AddDate(0, 0, 1)
		if c.IsWorkingDay(day) {
			n--
		}
	}
	return day
}

// Practice is what the caseload needs of a child's screenings, health reviews
// and plans, without opening them: the facts, independent of the time and of
// the rules, that [Summary.PracticeDue] turns into what is due.
type Practice struct {
	Risk        Level       `json:"risk,omitempty"`         // the latest screening's chosen level
	Screened    time.Time   `json:"screened,omitzero"`      // the latest screening's date
	Trigger     time.Time   `json:"trigger,omitzero"`       // the first thing since then that calls for a screening
	TriggerKind Kind        `json:"trigger_kind,omitempty"` // the kind of record that was
	Went        []time.Time `json:"went,omitempty"`         // when the child went missing, newest first, the latest few
	Strategy    time.Time   `json:"strategy,omitzero"`      // the latest strategy discussion a screening records
	Unaddressed int         `json:"unaddressed,omitempty"`  // findings the agreed plan neither addresses nor says why not
	Unplanned   time.Time   `json:"unplanned,omitzero"`     // when the earliest of those was found
	ReviewDue   time.Time   `json:"review_due,omitzero"`    // when the plan is next reviewed
}

// keptEpisodes is how many of the latest episodes a summary keeps for the
// strategy rule: more than any partnership's count.
const keptEpisodes = 12

// LatestScreening returns the screening held last, if there is one.
func (c *Case) LatestScreening() (Item[Screening], bool) {
	var best Item[Screening]
	found := false
	for _, s := range c.Screenings {
		if !found || s.Value.HeldOn.After(best.Value.HeldOn) || (s.Value.HeldOn.Equal(best.Value.HeldOn) && s.SavedAt.After(best.SavedAt)) {
			best, found = s, true
		}
	}
	return best, found
}

// LatestPlan returns the plan saved last, if there is one.
func (c *Case) LatestPlan() (Item[Plan], bool) {
	var best Item[Plan]
	found := false
	for _, p := range c.Plans {
		if !found || p.SavedAt.After(best.SavedAt) {
			best, found = p, true
		}
	}
	return best, found
}

// Practice returns the practice facts of c.
func (c *Case) Practice() Practice {
	var p Practice
	last, screened := c.LatestScreening()
	if screened {
		p.Risk, p.Screened = last.Value.Chosen, last.Value.HeldOn
	}
	for _, s := range c.Screenings {
		if s.Value.StrategyHeld.After(p.Strategy) {
			p.Strategy = s.Value.StrategyHeld
		}
	}
	trigger := func(at time.Time, kind Kind, recordID string) {
		if at.IsZero() || (screened && saw(last, at, kind, recordID)) {
			return
		}
		if p.Trigger.IsZero() || at.Before(p.Trigger) {
			p.Trigger, p.TriggerKind = at, kind
		}
	}
	for _, r := range c.Interviews {
		if r.Value.Held && r.Value.RescreenTriggered() {
			trigger(r.Value.HeldAt, KindInterview, r.RecordID)
		}
	}
	for _, h := range c.HealthReviews {
		if len(h.Value.Concerns) > 0 {
			trigger(h.Value.HeldOn, KindHealth, h.RecordID)
		}
	}
	for _, i := range c.Information {
		trigger(i.Value.Received, KindInformation, i.RecordID)
	}
	// A new missing episode calls for a re-screen; before any screening, it is
	// the interview that finds whether one is needed.
	for _, e := range c.Episodes {
		p.Went = append(p.Went, e.Value.WentMissing)
		if screened {
			trigger(e.Value.WentMissing, KindEpisode, e.RecordID)
		}
	}
	slices.SortFunc(p.Went, func(a, b time.Time) int { return b.Compare(a) })
	if len(p.Went) > keptEpisodes {
		p.Went = p.Went[:keptEpisodes]
	}
	pl, ok := c.LatestPlan()
	if !ok || !pl.Value.Agreed {
		return p
	}
	// What was found since the plan was agreed reaches it too (audit F2).
	for _, cv := range pl.Value.Coverage(c.findings()) {
		if !cv.Addressed() {
			p.Unaddressed++
			if p.Unplanned.IsZero() || cv.Finding.At.Before(p.Unplanned) {
				p.Unplanned = cv.Finding.At
			}
		}
	}
	p.ReviewDue = pl.Value.ReviewBy
	var latest Item[PlanReview]
	for _, r := range c.PlanReviews {
		if r.Value.PlanID == pl.RecordID && !r.Value.HeldOn.Before(latest.Value.HeldOn) {
			latest = r
		}
	}
	if latest.RecordID != "" && !latest.Value.HeldOn.Before(pl.Value.AgreedOn) {
		p.ReviewDue = latest.Value.NextReview
	}
	return p
}

// saw reports whether screening s took account of what record recordID, of
// kind, found at at: everything before the screening's day; on its day, the
// interviews, health reviews and information it was started with, and a child
// going missing before it was saved.
func saw(s Item[Screening], at time.Time, kind Kind, recordID string) bool {
	switch {
	case dayBefore(at, s.Value.HeldOn):
		return true
	case dayBefore(s.Value.HeldOn, at):
		return false
	case kind == KindEpisode:
		return at.Before(s.SavedAt)
	}
	return slices.Contains(s.Value.Considered, recordID)
}

// DueKind is a kind of thing that falls due for a child.
type DueKind string

// The kinds of thing due, beside the return home interview clock ([Due]).
const (
	DueRHI        DueKind = "rhi"
	DueScreening  DueKind = "screening" // a first screening, or one after a long gap
	DueRescreen   DueKind = "rescreen"  // a re-screen, on a trigger or the schedule
	DuePlan       DueKind = "plan"      // a change to the agreed plan, for findings it does not address yet
	DuePlanReview DueKind = "plan_review"
	DueStrategy   DueKind = "strategy" // a prompt to hold a strategy discussion
)

// DueItem is one thing due for a child, by a date or a time.
type DueItem struct {
	Kind DueKind
	By   time.Time // a time for an interview; for the rest a date, due by the end of that day
	Why  string
}

// Overdue reports whether the item is past its time at now.
func (d DueItem) Overdue(now time.Time) bool {
	if d.Kind == DueRHI {
		return now.After(d.By)
	}
	return !dayBefore(now, d.By.AddDate(0, 0, 1))
}

// end is when the item stops being on time.
func (d DueItem) end() time.Time {
	if d.Kind == DueRHI {
		return d.By
	}
	return d.By.AddDate(0, 0, 1)
}

// Label names what is due.
func (k DueKind) Label() string {
	switch k {
	case DueRHI:
		return "Return home interview"
	case DueScreening:
		return "Screening"
	case DueRescreen:
		return "Re-screen"
	case DuePlan:
		return "Plan"
	case DuePlanReview:
		return "Plan review"
	case DueStrategy:
		return "Strategy discussion"
	}
	return string(k)
}

// Describe says what is due in words, relative to now: "Re-screen due by Tue 9
// Dec", "Plan review overdue since Mon 1 Dec".
func (d DueItem) Describe(now time.Time) string {
	if d.Kind == DueRHI {
		state := RHIDue
		if d.Overdue(now) {
			state = RHIOverdue
		}
		return Due{State: state, Deadline: d.By}.Describe(now)
	}
	if d.Kind == DueStrategy {
		return "Consider a strategy discussion: " + d.Why
	}
	day := d.By.Format("Mon 2 Jan")
	if d.Overdue(now) {
		return d.Kind.Label() + " overdue since " + day
	}
	return d.Kind.Label() + " due by " + day
}

// PracticeDue lists what is due for the child beside the interview clock, most
// pressing first: a screening or re-screen, a plan review and a prompt for a
// strategy discussion, by the rules of cat at now.
func (s Summary) PracticeDue(cat *Catalogue, now time.Time) []DueItem {
	p, r := s.Practice, cat.Screening
	var out []DueItem
	var screen []DueItem
	if !p.Trigger.IsZero() {
		kind := DueRescreen
		if p.Screened.IsZero() || p.Trigger.Sub(p.Screened) > time.Duration(r.RecentScreeningDays)*24*time.Hour {
			kind = DueScreening
		}
		screen = append(screen, DueItem{Kind: kind, By: cat.AddWorkingDays(p.Trigger, r.DueWorkingDays), Why: triggerWhy(p.TriggerKind)})
	}
	if days, ok := r.RescreenDays[p.Risk]; ok && !p.Screened.IsZero() {
		screen = append(screen, DueItem{Kind: DueRescreen, By: p.Screened.AddDate(0, 0, days), Why: "on the schedule for " + strings.ToLower(p.Risk.Label())})
	}
	if len(screen) > 0 {
		out = append(out, slices.MinFunc(screen, func(a, b DueItem) int { return a.By.Compare(b.By) }))
	}
	if p.Unaddressed > 0 {
		out = append(out, DueItem{Kind: DuePlan, By: cat.AddWorkingDays(p.Unplanned, r.DueWorkingDays),
			Why: plural(p.Unaddressed, "finding") + " not addressed by the plan yet"})
	}
	if !p.ReviewDue.IsZero() {
		out = append(out, DueItem{Kind: DuePlanReview, By: p.ReviewDue, Why: "as the plan set"})
	}
	// Only a strategy discussion held since the day the rule was met answers
	// the prompt: a plan agreed or reviewed is not one.
	if at, ok := StrategyPrompt(p.Went, r); ok && dayBefore(p.Strategy, at) {
		y, m, d := at.Date()
		out = append(out, DueItem{Kind: DueStrategy, By: time.Date(y, m, d, 0, 0, 0, 0, time.UTC),
			Why: plural(r.StrategyEpisodes, "missing episode") + " or more in " + plural(r.StrategyDays, "day")})
	}
	sortDue(out)
	return out
}

// AllDue lists everything due for the child, the interview clock included, most
// pressing first: an interview overdue, then anything else overdue, then what
// is due; among each, what fell due first.
func (s Summary) AllDue(cat *Catalogue, now time.Time) []DueItem {
	out := s.PracticeDue(cat, now)
	if d := s.NextDue(now); d.State == RHIDue || d.State == RHIOverdue {
		out = append(out, DueItem{Kind: DueRHI, By: d.Deadline})
	}
	slices.SortStableFunc(out, func(a, b DueItem) int {
		if ra, rb := a.rank(now), b.rank(now); ra != rb {
			return rb - ra
		}
		return a.end().Compare(b.end())
	})
	return out
}

// rank is how pressing an item is before its date counts: an interview past its
// 72 hours, while the child's return is fresh, before anything else overdue,
// and anything overdue before what is only due.
func (d DueItem) rank(now time.Time) int {
	switch {
	case !d.Overdue(now):
		return 0
	case d.Kind == DueRHI:
		return 2
	}
	return 1
}

func sortDue(out []DueItem) {
	slices.SortStableFunc(out, func(a, b DueItem) int { return a.end().Compare(b.end()) })
}

func triggerWhy(k Kind) string {
	switch k {
	case KindInterview:
		return "a return home interview recorded indicators"
	case KindHealth:
		return "a health review raised a concern"
	case KindEpisode:
		return "the child went missing again"
	case KindInformation:
		return "new information came in"
	}
	return "new information"
}

// StrategyPrompt reports whether the episodes (when the child went missing)
// meet the strategy rule: r.StrategyEpisodes or more within r.StrategyDays.
// It returns when the latest run that does began to meet it.
func StrategyPrompt(went []time.Time, r ScreeningRules) (time.Time, bool) {
	ts := slices.Clone(went)
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	window := time.Duration(r.StrategyDays) * 24 * time.Hour
	var at time.Time
	found := false
	for i := r.StrategyEpisodes - 1; i < len(ts); i++ {
		if ts[i].Sub(ts[i-r.StrategyEpisodes+1]) <= window {
			at, found = ts[i], true
		}
	}
	return at, found
}

// RiskPoint is the level a screening chose, on its date.
type RiskPoint struct {
	At       time.Time
	Level    Level
	RecordID string
}

// RiskHistory lists the level each screening chose, oldest first, for a chart
// of the child's risk over time. Of two on the same day, the one saved later
// comes later, as [Case.LatestScreening] takes it.
func (c *Case) RiskHistory() []RiskPoint {
	screenings := slices.Clone(c.Screenings)
	slices.SortStableFunc(screenings, func(a, b Item[Screening]) int {
		if n := a.Value.HeldOn.Compare(b.Value.HeldOn); n != 0 {
			return n
		}
		return a.SavedAt.Compare(b.SavedAt)
	})
	out := make([]RiskPoint, len(screenings))
	for i, s := range screenings {
		out[i] = RiskPoint{At: s.Value.HeldOn, Level: s.Value.Chosen, RecordID: s.RecordID}
	}
	return out
}

// NextScreening is a screening started for the child on day with what the
// records since the last one found already ticked, each with a link to where it
// came from (audit F1) and its recency on the day: the indicators of the
// interviews held, and the concerns of the health reviews, that the latest
// screening did not see; and, for a re-screen, the latest screening's
// indicators that are not yet found anew, with their recency aged to the day. The
// records it took findings from are kept as considered; the child's age is set
// for the day.
func (c *Case) NextScreening(cat *Catalogue, day time.Time) Screening {
	s := Screening{HeldOn: day, Age: AgeOn(c.Child.Value.DateOfBirth, day)}
	last, hasLast := c.LatestScreening()
	since := func(t time.Time, kind Kind, recordID string) bool { return !hasLast || !saw(last, t, kind, recordID) }
	tick := func(si ScreenedIndicator) {
		for i, x := range s.Indicators {
			if x.Indicator != si.Indicator {
				continue
			}
			switch {
			case si.SourceKind == KindScreening:
				// One carried over yields to what was found anew.
			case x.SourceKind == KindScreening:
				s.Indicators[i] = si
			default:
				// Found again: the later finding is the source, and the
				// recency covers both.
				si.Recency = x.Recency.with(si.Recency)
				s.Indicators[i] = si
			}
			return
		}
		s.Indicators = append(s.Indicators, si)
	}
	consider := func(recordID string) {
		if !slices.Contains(s.Considered, recordID) {
			s.Considered = append(s.Considered, recordID)
		}
	}
	interviews := slices.Clone(c.Interviews)
	slices.SortFunc(interviews, func(a, b Item[ReturnInterview]) int { return a.Value.HeldAt.Compare(b.Value.HeldAt) })
	for _, r := range interviews {
		if !r.Value.Held || !since(r.Value.HeldAt, KindInterview, r.RecordID) || dayBefore(day, r.Value.HeldAt) {
			continue
		}
		recency := RecencyOn(r.Value.HeldAt, day)
		for _, o := range r.Value.Indicators {
			consider(r.RecordID)
			tick(ScreenedIndicator{Indicator: o.Indicator, Recency: recency, Evidence: o.Evidence,
				Agency: cat.Screening.InterviewAgency, Source: r.RecordID, SourceKind: KindInterview, Note: o.Note})
		}
		if r.Value.HarmDisclosed {
			if id := firstOf(cat.Screening.DisclosureIndicators); id != "" {
				consider(r.RecordID)
				tick(ScreenedIndicator{Indicator: id, Recency: recency, Evidence: EvidenceReported,
					Agency: cat.Screening.InterviewAgency, Source: r.RecordID, SourceKind: KindInterview, Note: firstLine(r.Value.HarmDetails)})
			}
		}
	}
	for _, h := range c.HealthReviews {
		if !since(h.Value.HeldOn, KindHealth, h.RecordID) || dayBefore(day, h.Value.HeldOn) {
			continue
		}
		recency := RecencyOn(h.Value.HeldOn, day)
		for _, hc := range h.Value.Concerns {
			a, ok := cat.HealthArea(hc.Area)
			if !ok || a.Indicator == "" {
				continue
			}
			consider(h.RecordID)
			tick(ScreenedIndicator{Indicator: a.Indicator, Recency: recency, Evidence: EvidenceReported,
				Agency: cat.Screening.HealthAgency, Source: h.RecordID, SourceKind: KindHealth, Note: hc.Detail})
		}
	}
	// Information is not an indicator: the screening lists it to weigh, and
	// considers it.
	for _, i := range c.Information {
		if since(i.Value.Received, KindInformation, i.RecordID) && !dayBefore(day, i.Value.Received) {
			consider(i.RecordID)
		}
	}
	if hasLast {
		s.Rescreen = true
		s.LearningDisability = last.Value.LearningDisability
		for _, si := range last.Value.Indicators {
			si.Source, si.SourceKind = last.RecordID, KindScreening
			si.Recency = si.Recency.aged(last.Value.HeldOn, day)
			tick(si)
		}
	}
	return s
}
