package model

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Event is one entry on a child's timeline.
type Event struct {
	At       time.Time
	Kind     Kind
	RecordID string
	Title    string
	Detail   string
	Conflict bool
	DateOnly bool      // At is a day, not a time: a screening, a health review, a plan or a plan review
	saved    time.Time // when it was saved: of two in the same minute, the later saved comes first
}

// Timeline lists the case's episodes, interviews, voice entries and case
// supervisions, newest first, each dated by when it happened rather than when
// it was typed.
func (c *Case) Timeline(cat *Catalogue) []Event {
	var out []Event
	for _, e := range c.Episodes {
		ev := Event{At: e.Value.WentMissing, Kind: KindEpisode, RecordID: e.RecordID, Conflict: e.Conflict, saved: e.SavedAt, Title: "Went missing"}
		if e.Value.StillMissing() {
			ev.Detail = "Not yet returned"
		} else {
			ev.Detail = "Returned after " + Span(e.Value.Returned.Sub(e.Value.WentMissing))
			if e.Value.WhereFound != "" {
				ev.Detail += ": " + firstLine(e.Value.WhereFound)
			}
		}
		out = append(out, ev)
	}
	for _, r := range c.Interviews {
		ev := Event{Kind: KindInterview, RecordID: r.RecordID, Conflict: r.Conflict, saved: r.SavedAt}
		if r.Value.Held {
			ev.At, ev.Title = r.Value.HeldAt, "Return home interview"
			ev.Detail = "With " + r.Value.Interviewer
			if n := len(r.Value.Indicators); n > 0 {
				ev.Detail += "; " + plural(n, "exploitation indicator") + " recorded"
			}
		} else {
			ev.At, ev.Title = r.Value.notHeldAt(), "Return home interview not held"
			ev.Detail = r.Value.NotHeldReason.Label()
		}
		out = append(out, ev)
	}
	for _, v := range c.Voices {
		out = append(out, Event{At: v.Value.RecordedAt, Kind: KindVoice, RecordID: v.RecordID, Conflict: v.Conflict, saved: v.SavedAt,
			Title: "Child's voice: " + v.Value.Method.Label(), Detail: v.Value.Summary(cat)})
	}
	for _, x := range c.Screenings {
		title := "Screening"
		if x.Value.Rescreen {
			title = "Re-screen"
		}
		detail := x.Value.Chosen.Label() + "; " + strconv.Itoa(len(x.Value.Agencies())) + " agencies"
		if x.Value.SingleAgency() {
			detail = x.Value.Chosen.Label() + "; one agency only"
		}
		out = append(out, Event{At: x.Value.HeldOn, DateOnly: true, Kind: KindScreening, RecordID: x.RecordID, Conflict: x.Conflict, saved: x.SavedAt,
			Title: title, Detail: detail})
	}
	for _, x := range c.HealthReviews {
		out = append(out, Event{At: x.Value.HeldOn, DateOnly: true, Kind: KindHealth, RecordID: x.RecordID, Conflict: x.Conflict, saved: x.SavedAt,
			Title: "Health review", Detail: "With " + x.Value.HeldBy + "; " + plural(len(x.Value.Concerns), "concern")})
	}
	for _, x := range c.Plans {
		ev := Event{At: x.SavedAt, Kind: KindPlan, RecordID: x.RecordID, Conflict: x.Conflict, saved: x.SavedAt,
			Title: "Plan, not agreed yet", Detail: plural(len(x.Value.Actions), "action")}
		if x.Value.Agreed {
			ev.At, ev.DateOnly, ev.Title = x.Value.AgreedOn, true, "Plan agreed"
		}
		out = append(out, ev)
	}
	for _, x := range c.PlanReviews {
		out = append(out, Event{At: x.Value.HeldOn, DateOnly: true, Kind: KindPlanReview, RecordID: x.RecordID, Conflict: x.Conflict, saved: x.SavedAt,
			Title: "Plan review", Detail: "Next review " + x.Value.NextReview.Format("2 Jan 2006")})
	}
	for _, x := range c.Information {
		out = append(out, Event{At: x.Value.Received, Kind: KindInformation, RecordID: x.RecordID, Conflict: x.Conflict, saved: x.SavedAt,
			Title: "Information from " + cat.Label(x.Value.Agency), Detail: firstLine(x.Value.What)})
	}
	for _, s := range c.Supervisions {
		ev := Event{At: s.Value.HeldAt, Kind: KindSupervision, RecordID: s.RecordID, Conflict: s.Conflict, saved: s.SavedAt,
			Title: "Case supervision", Detail: firstLine(s.Value.Decisions)}
		if ev.Detail == "" {
			ev.Detail = firstLine(s.Value.Discussion)
		}
		if n := len(s.Value.Actions); n > 0 {
			ev.Detail = plural(n, "action") + "; " + ev.Detail
		}
		out = append(out, ev)
	}
	slices.SortFunc(out, func(a, b Event) int {
		if c := b.At.Compare(a.At); c != 0 {
			return c
		}
		if c := b.saved.Compare(a.saved); c != 0 {
			return c
		}
		return strings.Compare(a.RecordID, b.RecordID)
	})
	return out
}

// notHeldAt is when an interview that did not take place stands on the timeline:
// when it was offered or, with no offer recorded, the last attempt to hold it.
func (r ReturnInterview) notHeldAt() time.Time {
	if !r.OfferedAt.IsZero() {
		return r.OfferedAt
	}
	var last time.Time
	for _, a := range r.Attempts {
		if a.At.After(last) {
			last = a.At
		}
	}
	return last
}
