package model

import (
	"cmp"
	"slices"
	"time"
)

// Head is the current version of one record of a case, of any kind.
type Head struct {
	RecordID  string
	VersionID string
	Kind      Kind
	SavedAt   time.Time
	SavedBy   string
	Author    string
}

func headOf[T Record](it Item[T]) Head {
	return Head{RecordID: it.RecordID, VersionID: it.VersionID, Kind: it.Value.Kind(), SavedAt: it.SavedAt, SavedBy: it.SavedBy, Author: it.Author}
}

// Reviewed lists the current version of every record a supervisor reviews
// (see [Reviewable]): the child's details, episodes, interviews, voice
// entries, screenings, health reviews, information, plans and plan reviews.
func (c *Case) Reviewed() []Head {
	var out []Head
	if c.Child.RecordID != "" {
		out = append(out, headOf(c.Child))
	}
	out = headsOf(out, c.Episodes)
	out = headsOf(out, c.Interviews)
	out = headsOf(out, c.Voices)
	out = headsOf(out, c.Screenings)
	out = headsOf(out, c.HealthReviews)
	out = headsOf(out, c.Information)
	out = headsOf(out, c.Plans)
	return headsOf(out, c.PlanReviews)
}

func headsOf[T Record](out []Head, items []Item[T]) []Head {
	for _, it := range items {
		out = append(out, headOf(it))
	}
	return out
}

// Review is where one record stands with its supervisor.
type Review struct {
	// SignedOff is the latest sign-off of the record, if any; Stale when the
	// record has a later version than the one signed.
	SignedOff *Item[SignOff]
	Stale     bool
	// Returned is the latest return of the current version, if it has not been
	// signed off since: the record waits on the practitioner.
	Returned *Item[Return]
	// Thread is every comment on the record, oldest first.
	Thread []Item[Comment]
}

// Current reports whether the current version is signed off.
func (r Review) Current() bool { return r.SignedOff != nil && !r.Stale }

// ReviewOf returns where the record with head h stands.
func (c *Case) ReviewOf(h Head) Review {
	var r Review
	for i, s := range c.SignOffs { // newest first
		if s.Value.On.RecordID == h.RecordID {
			r.SignedOff = &c.SignOffs[i]
			r.Stale = s.Value.On.VersionID != h.VersionID
			break
		}
	}
	for i, ret := range c.Returns { // newest first
		if ret.Value.On.RecordID != h.RecordID {
			continue
		}
		if ret.Value.On.VersionID == h.VersionID && (r.SignedOff == nil || r.SignedOff.SavedAt.Before(ret.SavedAt)) {
			r.Returned = &c.Returns[i]
		}
		break
	}
	for _, cm := range c.Comments {
		if cm.Value.On.RecordID == h.RecordID {
			r.Thread = append(r.Thread, cm)
		}
	}
	return r
}

// Oversight is where a case stands with its supervisor, kept in its summary so
// that a supervisor's home and a practitioner's need not open every case. It
// stays small whatever the size of the case: how many records wait and the
// one that has waited longest, not every record waiting ([Case.Awaiting]).
type Oversight struct {
	Waiting  int        `json:"waiting,omitempty"`  // records waiting for review
	Oldest   Awaiting   `json:"oldest,omitzero"`    // the one that has waited longest
	Returned []Returned `json:"returned,omitempty"` // records returned and not changed since
	Comments []Remark   `json:"comments,omitempty"` // comments no one has answered yet

	SignedOff   time.Time     `json:"signed_off,omitzero"` // the latest sign-off
	SignedOffBy string        `json:"signed_off_by,omitempty"`
	Waited      time.Duration `json:"waited,omitempty"` // how long the version it signed had waited

	Supervised   time.Time `json:"supervised,omitzero"` // the latest case supervision
	SupervisedBy string    `json:"supervised_by,omitempty"`
	NextSet      time.Time `json:"next_set,omitzero"` // the next supervision as that record set it, if it did
	Actions      []Action  `json:"actions,omitempty"` // actions agreed and not done, soonest due first
}

// Awaiting is a record's version waiting for a supervisor's review.
type Awaiting struct {
	RecordID  string    `json:"record_id"`
	VersionID string    `json:"version_id"`
	Kind      Kind      `json:"kind"`
	Saved     time.Time `json:"saved"`
	By        string    `json:"by,omitempty"`
	Signed    int       `json:"signed,omitempty"` // the version signed off before it changed, or 0
}

// Returned is a record sent back to the practitioner.
type Returned struct {
	RecordID   string    `json:"record_id"`
	Kind       Kind      `json:"kind"`
	MustChange string    `json:"must_change"`
	At         time.Time `json:"at"`
	By         string    `json:"by,omitempty"`
}

// Remark is a comment nobody has answered yet.
type Remark struct {
	CommentID string    `json:"comment_id"`
	RecordID  string    `json:"record_id"` // the record it is on
	Kind      Kind      `json:"kind"`      // of that record
	Text      string    `json:"text"`
	At        time.Time `json:"at"`
	By        string    `json:"by,omitempty"`
	Author    string    `json:"author,omitempty"` // the device it was written on
}

// Overseen is what a case's oversight is worked out from: the current version
// of each record a supervisor reviews, and the comments, returns, sign-offs
// and supervisions, in any order.
type Overseen struct {
	Heads        []Head
	Comments     []Item[Comment]
	Returns      []Item[Return]
	SignOffs     []Item[SignOff]
	Supervisions []Item[Supervision]
}

// Overseen is what c's oversight is worked out from.
func (c *Case) Overseen() Overseen {
	return Overseen{Heads: c.Reviewed(), Comments: c.Comments, Returns: c.Returns, SignOffs: c.SignOffs, Supervisions: c.Supervisions}
}

// Oversight works out where c stands with its supervisor.
func (c *Case) Oversight() Oversight { return c.Overseen().Oversight() }

// Awaiting lists every record of c waiting for review, oldest first.
func (c *Case) Awaiting() []Awaiting {
	var out []Awaiting
	c.Overseen().each(func(a Awaiting) { out = append(out, a) }, func(Returned) {})
	slices.SortFunc(out, func(a, b Awaiting) int { return cmp.Or(a.Saved.Compare(b.Saved), cmp.Compare(a.RecordID, b.RecordID)) })
	return out
}

// each calls waiting for every head waiting for review and returned for every
// head returned, in time that grows with the records once, not with their
// product.
func (o Overseen) each(waiting func(Awaiting), returned func(Returned)) {
	signed := map[string]*Item[SignOff]{}
	for i, s := range o.SignOffs {
		if was := signed[s.Value.On.RecordID]; was == nil || s.SavedAt.After(was.SavedAt) {
			signed[s.Value.On.RecordID] = &o.SignOffs[i]
		}
	}
	back := map[string]*Item[Return]{}
	for i, r := range o.Returns {
		if was := back[r.Value.On.RecordID]; was == nil || r.SavedAt.After(was.SavedAt) {
			back[r.Value.On.RecordID] = &o.Returns[i]
		}
	}
	for _, h := range o.Heads {
		s, r := signed[h.RecordID], back[h.RecordID]
		switch Standing(h.VersionID, s, r) {
		case StandsReturned:
			returned(Returned{RecordID: h.RecordID, Kind: h.Kind, MustChange: r.Value.MustChange, At: r.SavedAt, By: r.SavedBy})
		case StandsWaiting:
			waiting(h.Awaiting(s))
		}
	}
}

// Stands is where one version of a record stands with its supervisor.
type Stands int

// Where a version stands.
const (
	StandsWaiting   Stands = iota // waiting for review
	StandsReturned                // returned to the practitioner
	StandsSignedOff               // signed off
)

// Standing is where version versionID of a record stands, given the
// record's latest sign-off and latest return (nil for none).
func Standing(versionID string, s *Item[SignOff], r *Item[Return]) Stands {
	switch {
	case r != nil && r.Value.On.VersionID == versionID && (s == nil || s.SavedAt.Before(r.SavedAt)):
		return StandsReturned
	case s != nil && s.Value.On.VersionID == versionID:
		return StandsSignedOff
	}
	return StandsWaiting
}

// Awaiting is h waiting for review, after the record's latest sign-off s (nil
// for none).
func (h Head) Awaiting(s *Item[SignOff]) Awaiting {
	a := Awaiting{RecordID: h.RecordID, VersionID: h.VersionID, Kind: h.Kind, Saved: h.SavedAt, By: h.SavedBy}
	if s != nil {
		a.Signed = s.Value.On.Number
	}
	return a
}

// Older reports whether a has waited longer than b; an empty b has waited
// least.
func (a Awaiting) Older(b Awaiting) bool {
	return b.RecordID == "" || a.Saved.Before(b.Saved) || a.Saved.Equal(b.Saved) && a.RecordID < b.RecordID
}

// Oversight works out where the case stands with its supervisor.
func (o Overseen) Oversight() Oversight {
	var out Oversight
	o.each(func(a Awaiting) {
		out.Waiting++
		if a.Older(out.Oldest) {
			out.Oldest = a
		}
	}, func(r Returned) { out.Returned = append(out.Returned, r) })
	slices.SortFunc(out.Returned, func(a, b Returned) int { return cmp.Or(b.At.Compare(a.At), cmp.Compare(a.RecordID, b.RecordID)) })
	kinds := make(map[string]Kind, len(o.Heads))
	for _, h := range o.Heads {
		kinds[h.RecordID] = h.Kind
	}
	answered := map[string]bool{}
	for _, cm := range o.Comments {
		answered[cm.Value.ReplyTo] = true
	}
	for _, cm := range o.Comments {
		if !answered[cm.RecordID] {
			out.Comments = append(out.Comments, Remark{CommentID: cm.RecordID, RecordID: cm.Value.On.RecordID, Kind: kinds[cm.Value.On.RecordID],
				Text: cm.Value.Text, At: cm.SavedAt, By: cm.SavedBy, Author: cm.Author})
		}
	}
	slices.SortFunc(out.Comments, func(a, b Remark) int { return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.CommentID, b.CommentID)) })
	for _, s := range o.SignOffs {
		if s.SavedAt.After(out.SignedOff) {
			out.SignedOff, out.SignedOffBy, out.Waited = s.SavedAt, s.SavedBy, 0
			if !s.Value.On.Saved.IsZero() {
				out.Waited = max(0, s.SavedAt.Sub(s.Value.On.Saved))
			}
		}
	}
	for _, s := range o.Supervisions {
		if !s.Value.HeldAt.Before(out.Supervised) {
			out.Supervised, out.SupervisedBy, out.NextSet = s.Value.HeldAt, s.SavedBy, s.Value.Next
		}
		for _, a := range s.Value.Actions {
			if !a.Done {
				out.Actions = append(out.Actions, a)
			}
		}
	}
	slices.SortStableFunc(out.Actions, func(a, b Action) int { return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.What, b.What)) })
	return out
}

// SupervisionDue is when the case is next to be supervised, with interval the
// team's: the date the last supervision set, or interval after it. A case never
// supervised is due now (zero).
func (o Oversight) SupervisionDue(interval time.Duration) time.Time {
	if o.Supervised.IsZero() {
		return time.Time{}
	}
	return Supervision{HeldAt: o.Supervised, Next: o.NextSet}.NextDue(interval)
}

// SupervisionOverdue reports whether the case has no supervision recorded
// within interval at now.
func (o Oversight) SupervisionOverdue(interval time.Duration, now time.Time) bool {
	due := o.SupervisionDue(interval)
	return due.IsZero() || now.After(due)
}

// OverdueActions are the open actions whose day is over at now.
func (o Oversight) OverdueActions(now time.Time) []Action {
	var out []Action
	for _, a := range o.Actions {
		if !now.Before(a.Due.Add(24 * time.Hour)) {
			out = append(out, a)
		}
	}
	return out
}
