package model

import (
	"cmp"
	"slices"
	"strconv"
	"time"
)

// Item is one record of a case as it stands now: the value of its current version
// and where that version came from. When the record has more than one head (two
// devices changed it apart), Conflict is set and Value is one of the heads.
type Item[T Record] struct {
	RecordID  string
	VersionID string
	SavedAt   time.Time
	SavedBy   string
	Author    string // the device that saved the current version
	Value     T
	Conflict  bool
}

// Case is everything known about one child: the unit that case keys protect.
type Case struct {
	ID         string
	Child      Item[Child]
	Episodes   []Item[MissingEpisode]
	Interviews []Item[ReturnInterview]
	Voices     []Item[VoiceEntry]

	Screenings    []Item[Screening]
	HealthReviews []Item[HealthReview]
	Plans         []Item[Plan]
	PlanReviews   []Item[PlanReview]
	Information   []Item[Information]
	Comments      []Item[Comment]
	Returns       []Item[Return]
	SignOffs      []Item[SignOff]
	Supervisions  []Item[Supervision]
	Access        []Item[AccessEntry]
}

// Sort puts each list in the order a person reads it: newest first. Records
// of the same moment keep one order: the one saved later first, then by
// record ID.
func (c *Case) Sort() {
	newestFirst(c.Episodes, func(i Item[MissingEpisode]) time.Time { return i.Value.WentMissing })
	newestFirst(c.Interviews, saved)
	newestFirst(c.Voices, func(i Item[VoiceEntry]) time.Time { return i.Value.RecordedAt })
	slices.SortFunc(c.Comments, func(a, b Item[Comment]) int { // a thread reads oldest first
		return cmp.Or(a.SavedAt.Compare(b.SavedAt), cmp.Compare(a.RecordID, b.RecordID))
	})
	newestFirst(c.Returns, saved)
	newestFirst(c.SignOffs, saved)
	newestFirst(c.Supervisions, func(i Item[Supervision]) time.Time { return i.Value.HeldAt })
	newestFirst(c.Access, func(i Item[AccessEntry]) time.Time { return i.Value.At })
	newestFirst(c.Screenings, func(i Item[Screening]) time.Time { return i.Value.HeldOn })
	newestFirst(c.HealthReviews, func(i Item[HealthReview]) time.Time { return i.Value.HeldOn })
	newestFirst(c.Plans, saved)
	newestFirst(c.PlanReviews, func(i Item[PlanReview]) time.Time { return i.Value.HeldOn })
	newestFirst(c.Information, func(i Item[Information]) time.Time { return i.Value.Received })
}

// saved is when an item's current version was saved.
func saved[T Record](i Item[T]) time.Time { return i.SavedAt }

// newestFirst sorts items newest first by when, then by when they were saved,
// then by record ID.
func newestFirst[T Record](items []Item[T], when func(Item[T]) time.Time) {
	slices.SortFunc(items, func(a, b Item[T]) int {
		return cmp.Or(when(b).Compare(when(a)), b.SavedAt.Compare(a.SavedAt), cmp.Compare(a.RecordID, b.RecordID))
	})
}

// Episode returns the missing episode with the given record ID.
func (c *Case) Episode(recordID string) (Item[MissingEpisode], bool) {
	for _, e := range c.Episodes {
		if e.RecordID == recordID {
			return e, true
		}
	}
	return Item[MissingEpisode]{}, false
}

// InterviewFor returns the interview recorded for an episode, if there is one.
// When more than one interview names the episode (one recorded as not held, then
// one held later, say), an interview that was held wins over one that was not, and
// of those held the earliest wins, since that is the one the 72-hour clock counts.
func (c *Case) InterviewFor(episodeID string) (Item[ReturnInterview], bool) {
	var best Item[ReturnInterview]
	found := false
	for _, r := range c.Interviews {
		if r.Value.EpisodeID != episodeID {
			continue
		}
		switch {
		case !found:
			best, found = r, true
		case r.Value.Held && !best.Value.Held:
			best = r
		case r.Value.Held && best.Value.Held && r.Value.HeldAt.Before(best.Value.HeldAt):
			best = r
		}
	}
	return best, found
}

// HasConflict reports whether any record of the case has more than one head.
func (c *Case) HasConflict() bool {
	if c.Child.Conflict {
		return true
	}
	for _, e := range c.Episodes {
		if e.Conflict {
			return true
		}
	}
	for _, r := range c.Interviews {
		if r.Conflict {
			return true
		}
	}
	for _, v := range c.Voices {
		if v.Conflict {
			return true
		}
	}
	for _, s := range c.Screenings {
		if s.Conflict {
			return true
		}
	}
	for _, h := range c.HealthReviews {
		if h.Conflict {
			return true
		}
	}
	for _, p := range c.Plans {
		if p.Conflict {
			return true
		}
	}
	for _, r := range c.PlanReviews {
		if r.Conflict {
			return true
		}
	}
	for _, i := range c.Information {
		if i.Conflict {
			return true
		}
	}
	return false
}

// RHIState is where a missing episode stands against the return home interview
// clock.
type RHIState int

// The states, in order of urgency (most urgent last).
const (
	RHINotHeld      RHIState = iota // recorded as not held, for a reason other than not reaching the child
	RHIHeld                         // held within 72 hours
	RHIHeldLate                     // held, after the 72 hours
	RHIStillMissing                 // the child has not returned: the clock has not started
	RHIDue                          // within the 72 hours, not yet held
	RHIOverdue                      // past the 72 hours, not held
)

// RHIStatus is an episode's position on the 72-hour clock.
type RHIStatus struct {
	State    RHIState
	Deadline time.Time // return plus 72 hours; zero while still missing
}

// RHIStatusOf returns where episode e of case c stands at time now.
func (c *Case) RHIStatusOf(e Item[MissingEpisode], now time.Time) RHIStatus {
	if e.Value.StillMissing() {
		return RHIStatus{State: RHIStillMissing}
	}
	s := RHIStatus{Deadline: e.Value.Returned.Add(RHIWindow)}
	r, ok := c.InterviewFor(e.RecordID)
	switch {
	case ok && r.Value.Held && r.Value.HeldAt.After(s.Deadline):
		s.State = RHIHeldLate
	case ok && r.Value.Held:
		s.State = RHIHeld
	case ok && r.Value.NotHeldReason != NotHeldNoContact:
		s.State = RHINotHeld
	// Not reaching the child yet is an attempt, not an outcome: the clock runs on.
	case now.After(s.Deadline):
		s.State = RHIOverdue
	default:
		s.State = RHIDue
	}
	return s
}

// Due is the next thing due for a child.
type Due struct {
	State     RHIState
	EpisodeID string
	Deadline  time.Time
	Since     time.Time // when a child missing now went missing, when known
}

// Pressing reports whether something is due at all.
func (d Due) Pressing() bool {
	return d.State == RHIDue || d.State == RHIOverdue || d.State == RHIStillMissing
}

// Describe says what is due in words, relative to now: "Return home interview
// overdue by 5 hours".
func (d Due) Describe(now time.Time) string {
	switch d.State {
	case RHIOverdue:
		return "Return home interview overdue by " + Span(Between(d.Deadline, now))
	case RHIDue:
		return "Return home interview due in " + Span(Between(now, d.Deadline))
	case RHIStillMissing:
		if d.Since.IsZero() {
			return "Missing now"
		}
		return "Missing for " + Span(Between(d.Since, now))
	}
	return "Nothing due"
}

// NextDue is the most pressing thing due for the child: see [Summary.NextDue].
func (c *Case) NextDue(now time.Time) Due {
	s := c.Summary()
	return s.NextDue(now)
}

func moreUrgent(a, b Due) bool {
	if a.State != b.State {
		return urgency(a.State) > urgency(b.State)
	}
	if a.State == RHIStillMissing {
		return !a.Since.IsZero() && (b.Since.IsZero() || a.Since.Before(b.Since))
	}
	return !a.Deadline.IsZero() && a.Deadline.Before(b.Deadline)
}

// urgency ranks states by how pressing they are: a child missing now before
// anything else, as nothing can be done about an interview until they are back.
func urgency(s RHIState) int {
	switch s {
	case RHIStillMissing:
		return 4
	case RHIOverdue:
		return 3
	case RHIDue:
		return 2
	}
	return 0
}

// Between is the time from a to b counted in whole minutes of the clock, as
// people count it: every screen that says how late or how soon agrees for the
// same minute, whatever the seconds.
func Between(a, b time.Time) time.Duration {
	return b.Truncate(time.Minute).Sub(a.Truncate(time.Minute))
}

// Span writes a duration the way a person says it: "3 days", "5 hours",
// "1 hour 20 minutes", "20 minutes", "less than a minute". It rounds down, and
// ignores the sign.
func Span(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch {
	case d >= RHIWindow:
		return plural(int(d/(24*time.Hour)), "day")
	case d >= 2*time.Hour:
		return plural(int(d/time.Hour), "hour")
	case d >= time.Hour:
		if m := int((d - time.Hour) / time.Minute); m > 0 {
			return "1 hour " + plural(m, "minute")
		}
		return "1 hour"
	case d >= time.Minute:
		return plural(int(d/time.Minute), "minute")
	default:
		return "less than a minute"
	}
}

func plural(n int, unit string) string {
	s := strconv.Itoa(n) + " " + unit
	if n != 1 {
		s += "s"
	}
	return s
}
