package model

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Summary is what lists need of a case without opening its records: the child,
// the episodes whose return home interview clock still runs, and how many
// records of each kind there are. A device keeps one per case, sealed, and
// brings it up to date with each save; the caseload, search and the due dates
// run on summaries, and a case's records are opened only when it is.
type Summary struct {
	ID        string        `json:"id"`
	Child     Item[Child]   `json:"child"` // RecordID is "" while the case has no child record that opens
	Open      []OpenEpisode `json:"open,omitempty"`
	Kinds     map[Kind]int  `json:"kinds,omitempty"` // records of each kind
	Conflicts int           `json:"conflicts,omitempty"`
	Latest    time.Time     `json:"latest"` // when the newest current version was saved
	// NotSafe is when the child first pressed "I don't feel safe" with nothing
	// yet recorded about what was done; zero when nothing waits.
	NotSafe   time.Time `json:"not_safe,omitzero"`
	Practice  Practice  `json:"practice,omitzero"`
	Oversight Oversight `json:"oversight,omitzero"`
}

// OpenEpisode is a missing episode whose interview is still to be held: the
// child is missing now (Returned is zero), or came back and no interview has
// been held or decided against.
type OpenEpisode struct {
	RecordID    string    `json:"record_id"`
	WentMissing time.Time `json:"went_missing,omitzero"`
	Returned    time.Time `json:"returned"`
}

// Summary returns what lists need of c.
func (c *Case) Summary() Summary {
	s := Summary{ID: c.ID, Child: c.Child, Kinds: map[Kind]int{}}
	note := func(kind Kind, saved time.Time, conflict bool) {
		s.Kinds[kind]++
		if conflict {
			s.Conflicts++
		}
		if saved.After(s.Latest) {
			s.Latest = saved
		}
	}
	if c.Child.RecordID != "" {
		note(KindChild, c.Child.SavedAt, c.Child.Conflict)
	}
	for _, e := range c.Episodes {
		note(KindEpisode, e.SavedAt, e.Conflict)
	}
	s.Open = c.OpenEpisodes()
	for _, r := range c.Interviews {
		note(KindInterview, r.SavedAt, r.Conflict)
	}
	for _, v := range c.Voices {
		note(KindVoice, v.SavedAt, v.Conflict)
	}
	if open := c.NotSafeOpen(); len(open) > 0 {
		s.NotSafe = open[0].Value.RecordedAt
	}
	noteAll(c.Screenings, note)
	noteAll(c.HealthReviews, note)
	noteAll(c.Plans, note)
	noteAll(c.PlanReviews, note)
	noteAll(c.Information, note)
	s.Practice = c.Practice()
	noteAll(c.Comments, note)
	noteAll(c.Returns, note)
	noteAll(c.SignOffs, note)
	noteAll(c.Supervisions, note)
	noteAll(c.Access, note)
	s.Oversight = c.Oversight()
	return s
}

func noteAll[T Record](items []Item[T], note func(Kind, time.Time, bool)) {
	for _, it := range items {
		note(it.Value.Kind(), it.SavedAt, it.Conflict)
	}
}

// OpenEpisodes returns the episodes of c whose interview clock still runs, by
// record ID.
// Whether it does depends only on the episode and its interviews, not on the
// time: only due and overdue do, and [Summary.NextDue] tells those apart.
func (c *Case) OpenEpisodes() []OpenEpisode {
	var open []OpenEpisode
	for _, e := range c.Episodes {
		switch c.RHIStatusOf(e, time.Time{}).State {
		case RHIStillMissing, RHIDue, RHIOverdue:
			open = append(open, OpenEpisode{RecordID: e.RecordID, WentMissing: e.Value.WentMissing, Returned: e.Value.Returned})
		}
	}
	// In an order of their own, so that the same episodes make the same summary.
	slices.SortFunc(open, func(a, b OpenEpisode) int { return cmp.Compare(a.RecordID, b.RecordID) })
	return open
}

// Records is how many records the case has.
func (s Summary) Records() int {
	n := 0
	for _, k := range s.Kinds {
		n += k
	}
	return n
}

// NextDue is the most pressing thing due for the child: the child missing now
// first, then an overdue interview, then the interview whose 72 hours end
// soonest.
func (s Summary) NextDue(now time.Time) Due {
	best := Due{State: RHINotHeld}
	for _, e := range s.Open {
		d := Due{State: RHIStillMissing, EpisodeID: e.RecordID, Since: e.WentMissing}
		if !e.Returned.IsZero() {
			d.Deadline = e.Returned.Add(RHIWindow)
			d.State = RHIDue
			if now.After(d.Deadline) {
				d.State = RHIOverdue
			}
		}
		if moreUrgent(d, best) {
			best = d
		}
	}
	return best
}

// SortCaseload orders cases as the caseload shows them: children missing now at
// the top (longest missing first), then children who said in child mode that
// they do not feel safe with nothing yet done about it recorded (longest
// waiting first), then those with an interview overdue, then those with
// something else overdue (longest overdue first in each), then those with
// something due (soonest first), then everyone else by name, and children of
// one name by case ID, so the order never changes between refreshes. What is due is
// everything [Summary.AllDue] lists by the rules of cat: the return home
// interview, a screening or re-screen, a plan review, a strategy discussion.
func SortCaseload(cases []Summary, cat *Catalogue, now time.Time) {
	type keyed struct {
		rank int       // 5 missing now, 4 not safe, 3 an interview overdue, 2 something else overdue, 1 something due, 0 nothing
		at   time.Time // since when missing or not safe, or when the most pressing thing due ends
		name string
	}
	keys := make(map[string]keyed, len(cases))
	for _, c := range cases {
		k := keyed{name: strings.ToLower(c.Child.Value.Name)}
		if d := c.NextDue(now); d.State == RHIStillMissing {
			k.rank, k.at = 5, d.Since
		} else if !c.NotSafe.IsZero() {
			k.rank, k.at = 4, c.NotSafe
		} else if all := c.AllDue(cat, now); len(all) > 0 {
			k.rank, k.at = 1+all[0].rank(now), all[0].end()
		}
		keys[c.ID] = k
	}
	slices.SortFunc(cases, func(a, b Summary) int {
		ka, kb := keys[a.ID], keys[b.ID]
		if ka.rank != kb.rank {
			return kb.rank - ka.rank
		}
		if c := ka.at.Compare(kb.at); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(ka.name, kb.name), cmp.Compare(a.ID, b.ID))
	})
}
