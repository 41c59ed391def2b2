package model

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Finding is one thing a return home interview, a health review or a screening
// found, which a plan must address or say why it need not (audit F2). Its ID is
// the record's ID and what was found in it, so that it stays the same from one
// version of the record to the next.
type Finding struct {
	ID        string
	Kind      Kind   // the kind of record it came from
	RecordID  string // that record
	At        time.Time
	Indicator string // the indicator it carries into a screening, if any
	Label     string
	Detail    string
	what      string // the indicator, the health area, "harm" or "information"
	agency    string // for information, the agency it came from
}

// FindingID is the ID of what was found in a record: an indicator or a health
// area ID, or "harm" for harm disclosed in an interview.
func FindingID(recordID, what string) string { return recordID + "/" + what }

// Findings lists every finding of the case, newest first: each indicator and
// any harm disclosed in an interview that was held, each concern of a health
// review, each piece of information from an agency, and each indicator a
// screening ticked that did not come from one of those.
func (c *Case) Findings(cat *Catalogue) []Finding {
	out := c.findings()
	for i, f := range out {
		switch {
		case f.Kind == KindInterview && f.what == "harm":
			out[i].Indicator, out[i].Label = firstOf(cat.Screening.DisclosureIndicators), "Harm disclosed in a return home interview"
		case f.Kind == KindHealth:
			a, _ := cat.HealthArea(f.what)
			out[i].Indicator, out[i].Label = a.Indicator, "Health review: "+cat.Label(f.what)
		case f.Kind == KindInformation:
			out[i].Label = "Information from " + cat.Label(f.agency)
		default:
			out[i].Indicator, out[i].Label = f.what, cat.Label(f.what)
		}
	}
	return out
}

// findings are the case's findings without what the catalogue gives them: their
// labels, and the indicator of harm disclosed or of a health concern.
func (c *Case) findings() []Finding {
	var out []Finding
	add := func(kind Kind, recordID, what string, at time.Time, detail string) {
		out = append(out, Finding{ID: FindingID(recordID, what), Kind: kind, RecordID: recordID, At: at, Detail: firstLine(detail), what: what})
	}
	for _, i := range c.Information {
		add(KindInformation, i.RecordID, "information", i.Value.Received, i.Value.What)
		out[len(out)-1].agency = i.Value.Agency
	}
	for _, r := range c.Interviews {
		v := r.Value
		if !v.Held {
			continue
		}
		if v.HarmDisclosed {
			add(KindInterview, r.RecordID, "harm", v.HeldAt, v.HarmDetails)
		}
		for _, o := range v.Indicators {
			add(KindInterview, r.RecordID, o.Indicator, v.HeldAt, o.Note)
		}
	}
	for _, h := range c.HealthReviews {
		for _, hc := range h.Value.Concerns {
			add(KindHealth, h.RecordID, hc.Area, h.Value.HeldOn, hc.Detail)
		}
	}
	for _, s := range c.Screenings {
		for _, si := range s.Value.Indicators {
			if si.Source != "" {
				continue // the finding is the record it came from
			}
			add(KindScreening, s.RecordID, si.Indicator, s.Value.HeldOn, si.Note)
		}
	}
	slices.SortStableFunc(out, func(a, b Finding) int { return b.At.Compare(a.At) })
	return out
}

func firstOf(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return ids[0]
}

// PlanAction is one thing a plan says will be done.
type PlanAction struct {
	ID        string    `json:"id"` // unique within the plan, so reviews can name it
	What      string    `json:"what"`
	Agency    string    `json:"agency"`           // the owning agency's ID
	Person    string    `json:"person,omitempty"` // a named person, where known
	Due       time.Time `json:"due"`              // a date: midnight UTC
	Addresses []string  `json:"addresses,omitempty"`
}

// NoAction records why a finding needs no action.
type NoAction struct {
	Finding string `json:"finding"`
	Reason  string `json:"reason"`
}

// ClosedFinding records that the plan no longer needs a finding: what was
// found has ended or was looked into and ruled out, and how that is known. A
// closed finding is kept, with its reason, and can be opened again.
type ClosedFinding struct {
	Finding string    `json:"finding"`
	On      time.Time `json:"on"` // a date: midnight UTC
	Reason  string    `json:"reason"`
}

// problem is what is wrong with c on day now, or "".
func (c ClosedFinding) problem(now time.Time) string {
	switch {
	case strings.TrimSpace(c.Reason) == "":
		return "Write why a finding is closed, or open it again."
	case c.On.IsZero():
		return "Enter when a finding was closed."
	case dayBefore(now, c.On):
		return "A finding is closed on a date in the future: check it."
	}
	return ""
}

// Plan is the child's plan: actions that address what the interviews, health
// reviews and screenings found, and for a finding no action addresses, why none
// is needed; and the findings it no longer needs. It is a living record: each
// change is a new version.
type Plan struct {
	Agreed   bool            `json:"agreed"`
	AgreedOn time.Time       `json:"agreed_on,omitzero"`
	ReviewBy time.Time       `json:"review_by,omitzero"` // when the plan is next reviewed
	Actions  []PlanAction    `json:"actions,omitempty"`
	NoAction []NoAction      `json:"no_action,omitempty"`
	Closed   []ClosedFinding `json:"closed,omitempty"`
}

// Kind implements Record.
func (Plan) Kind() Kind { return KindPlan }

// Validate implements Record.
func (p Plan) Validate(cat *Catalogue, now time.Time) error {
	var ps Problems
	ids := map[string]bool{}
	for i, a := range p.Actions {
		n := "Action " + strconv.Itoa(i+1)
		switch {
		case a.ID == "" || ids[a.ID]:
			ps.add("actions", n+" has no identity of its own: remove it and add it again.")
		case strings.TrimSpace(a.What) == "":
			ps.add("actions", n+": write what will be done.")
		case !has(cat.Agencies, a.Agency):
			ps.add("actions", n+": choose the agency that owns it.")
		case a.Due.IsZero():
			ps.add("actions", n+": enter when it is due.")
		}
		ids[a.ID] = true
	}
	for _, n := range p.NoAction {
		if strings.TrimSpace(n.Reason) == "" {
			ps.add("no_action", "Write why a finding needs no action, or address it with an action.")
			break
		}
	}
	for _, c := range p.Closed {
		if problem := c.problem(now); problem != "" {
			ps.add("closed", problem)
			break
		}
	}
	if p.Agreed {
		switch {
		case p.AgreedOn.IsZero():
			ps.add("agreed_on", "Enter the date the plan was agreed.")
		case dayBefore(now, p.AgreedOn):
			ps.add("agreed_on", "The date the plan was agreed is in the future: check it.")
		}
		switch {
		case p.ReviewBy.IsZero():
			ps.add("review_by", "Enter when the plan will be reviewed.")
		case !p.AgreedOn.IsZero() && p.ReviewBy.Before(p.AgreedOn):
			ps.add("review_by", "The review cannot come before the plan was agreed: check both dates.")
		}
		if len(p.Actions) == 0 {
			ps.add("actions", "An agreed plan needs at least one action.")
		}
	}
	return ps.err()
}

// Cover is how a plan answers one finding.
type Cover struct {
	Finding Finding
	Actions []PlanAction   // the actions that address it
	Reason  string         // why no action is needed, if recorded
	Closed  *ClosedFinding // set when the plan no longer needs it
}

// Addressed reports whether an action addresses the finding, a reason says
// why none is needed, or it is closed.
func (c Cover) Addressed() bool {
	return len(c.Actions) > 0 || strings.TrimSpace(c.Reason) != "" || c.Closed != nil
}

// Coverage lists every finding with the actions of p that address it, any
// reason recorded why none is needed and whether p closed it, in the order of
// findings.
func (p Plan) Coverage(findings []Finding) []Cover {
	out := make([]Cover, len(findings))
	for i, f := range findings {
		out[i].Finding = f
		for _, a := range p.Actions {
			if slices.Contains(a.Addresses, f.ID) {
				out[i].Actions = append(out[i].Actions, a)
			}
		}
		for _, n := range p.NoAction {
			if n.Finding == f.ID {
				out[i].Reason = n.Reason
			}
		}
		for j, c := range p.Closed {
			if c.Finding == f.ID {
				out[i].Closed = &p.Closed[j]
			}
		}
	}
	return out
}

// Unaddressed is how many findings neither an action of p addresses nor a
// reason answers.
func (p Plan) Unaddressed(findings []Finding) int {
	n := 0
	for _, c := range p.Coverage(findings) {
		if !c.Addressed() {
			n++
		}
	}
	return n
}

// CheckAgainst reports what Validate cannot see: a plan marked agreed while a
// finding of the case is not addressed and no reason says why (audit F2).
func (p Plan) CheckAgainst(findings []Finding) Problems {
	var ps Problems
	if n := p.Unaddressed(findings); p.Agreed && n > 0 {
		ps.add("agreed", plural(n, "finding")+" not addressed yet: add an action for each, or write why none is needed, before the plan is agreed.")
	}
	return ps
}

// Progress is how an action of a plan stands at a review.
type Progress string

// The states of progress.
const (
	ProgressNotStarted Progress = "not_started"
	ProgressUnderway   Progress = "underway"
	ProgressDone       Progress = "done"
	ProgressStuck      Progress = "stuck"
)

// Progresses lists the states in the order a person picks from.
var Progresses = []Progress{ProgressNotStarted, ProgressUnderway, ProgressDone, ProgressStuck}

// Label is the progress as a person reads it.
func (p Progress) Label() string {
	switch p {
	case ProgressNotStarted:
		return "Not started"
	case ProgressUnderway:
		return "Under way"
	case ProgressDone:
		return "Done"
	case ProgressStuck:
		return "Stuck: needs help"
	}
	return string(p)
}

// ActionProgress is the progress of one action at a review.
type ActionProgress struct {
	Action string   `json:"action"` // the action's ID in the plan
	Status Progress `json:"status"`
	Note   string   `json:"note,omitempty"`
}

// PlanReview is a review of a plan: progress on each action, the screening that
// stood at the time, the child's view, and when the plan is next reviewed.
type PlanReview struct {
	PlanID     string           `json:"plan_id"`
	HeldOn     time.Time        `json:"held_on"` // a date: midnight UTC
	Progress   []ActionProgress `json:"progress,omitempty"`
	Screening  string           `json:"screening,omitempty"` // record ID of the latest screening
	Level      Level            `json:"level,omitempty"`     // that screening's chosen level
	ChildView  string           `json:"child_view"`
	NextReview time.Time        `json:"next_review"`
}

// Kind implements Record.
func (PlanReview) Kind() Kind { return KindPlanReview }

// Validate implements Record.
func (r PlanReview) Validate(_ *Catalogue, now time.Time) error {
	var p Problems
	if r.PlanID == "" {
		p.add("plan_id", "Choose the plan this review is of.")
	}
	switch {
	case r.HeldOn.IsZero():
		p.add("held_on", "Enter the date of the review.")
	case dayBefore(now, r.HeldOn):
		p.add("held_on", "The review date is in the future: check the date.")
	}
	for _, a := range r.Progress {
		if !slices.Contains(Progresses, a.Status) {
			p.add("progress", "Choose how each action stands: not started, under way, done or stuck.")
			break
		}
	}
	if strings.TrimSpace(r.ChildView) == "" {
		p.add("child_view", "Write the child's view of the plan, in their words where you can. If they did not want to give one, say so.")
	}
	switch {
	case r.NextReview.IsZero():
		p.add("next_review", "Enter when the plan will next be reviewed.")
	case !r.HeldOn.IsZero() && !r.NextReview.After(r.HeldOn):
		p.add("next_review", "The next review must come after this one: check the date.")
	}
	return p.err()
}

// CheckAgainst reports what Validate cannot see: an action of the plan with no
// progress recorded.
func (r PlanReview) CheckAgainst(p Plan) Problems {
	var ps Problems
	for _, a := range p.Actions {
		if !slices.ContainsFunc(r.Progress, func(x ActionProgress) bool { return x.Action == a.ID }) {
			ps.add("progress", "Record how every action of the plan stands, including \""+firstLine(a.What)+"\".")
			break
		}
	}
	return ps
}
