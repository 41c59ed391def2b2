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

// Reviewed lists the current version of every record a supervisor reviews:
// the child's details, episodes, interviews and voice entries.
func (c *Case) Reviewed() []Head {
	var out []Head
	if c.Child.RecordID != "" {
		out = append(out, headOf(c.Child))
	}
	for _, e := range c.Episodes {
		out = append(out, headOf(e))
	}
	for _, r := range c.Interviews {
		out = append(out, headOf(r))
	}
	for _, v := range c.Voices {
		out = append(out, headOf(v))
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
// that a supervisor's home and a practitioner's need not open every case.
type Oversight struct {
	Waiting  []Awaiting `json:"waiting,omitempty"`  // records waiting for review, oldest first
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

// Oversight works out where c stands with its supervisor.
func (c *Case) Oversight() Oversight {
	var o Oversight
	kinds := map[string]Kind{}
	for _, h := range c.Reviewed() {
		kinds[h.RecordID] = h.Kind
		r := c.ReviewOf(h)
		switch {
		case r.Returned != nil:
			o.Returned = append(o.Returned, Returned{RecordID: h.RecordID, Kind: h.Kind, MustChange: r.Returned.Value.MustChange,
				At: r.Returned.SavedAt, By: r.Returned.SavedBy})
		case !r.Current():
			a := Awaiting{RecordID: h.RecordID, VersionID: h.VersionID, Kind: h.Kind, Saved: h.SavedAt, By: h.SavedBy}
			if r.SignedOff != nil {
				a.Signed = r.SignedOff.Value.On.Number
			}
			o.Waiting = append(o.Waiting, a)
		}
	}
	slices.SortFunc(o.Waiting, func(a, b Awaiting) int {
		return cmp.Or(a.Saved.Compare(b.Saved), cmp.Compare(a.RecordID, b.RecordID))
	})
	answered := map[string]bool{}
	for _, cm := range c.Comments {
		answered[cm.Value.ReplyTo] = true
	}
	for _, cm := range c.Comments {
		if !answered[cm.RecordID] {
			o.Comments = append(o.Comments, Remark{CommentID: cm.RecordID, RecordID: cm.Value.On.RecordID, Kind: kinds[cm.Value.On.RecordID],
				Text: cm.Value.Text, At: cm.SavedAt, By: cm.SavedBy, Author: cm.Author})
		}
	}
	if len(c.SignOffs) > 0 {
		s := c.SignOffs[0]
		o.SignedOff, o.SignedOffBy = s.SavedAt, s.SavedBy
		if !s.Value.On.Saved.IsZero() {
			o.Waited = max(0, s.SavedAt.Sub(s.Value.On.Saved))
		}
	}
	if len(c.Supervisions) > 0 {
		s := c.Supervisions[0]
		o.Supervised, o.SupervisedBy, o.NextSet = s.Value.HeldAt, s.SavedBy, s.Value.Next
	}
	for _, s := range c.Supervisions {
		for _, a := range s.Value.Actions {
			if !a.Done {
				o.Actions = append(o.Actions, a)
			}
		}
	}
	slices.SortStableFunc(o.Actions, func(a, b Action) int { return a.Due.Compare(b.Due) })
	return o
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
