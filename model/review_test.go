package model_test

import (
	"testing"
	"time"

	"homeward/model"
)

func TestOversightRecordsSayWhatIsMissing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		r     model.Record
		field string
	}{
		{"a comment with no text", model.Comment{On: on(), Text: "  "}, "text"},
		{"a comment on no version", model.Comment{Text: "Who is Jo?"}, "on"},
		{"a return that says nothing", model.Return{On: on()}, "must_change"},
		{"a sign-off of no version", model.SignOff{}, "on"},
		{"a supervision with no discussion", model.Supervision{HeldAt: now}, "discussion"},
		{"a supervision in the future", model.Supervision{HeldAt: now.Add(time.Hour), Discussion: "x"}, "held_at"},
		{"an action with no owner", model.Supervision{HeldAt: now, Discussion: "x", Actions: []model.Action{{What: "Call", Due: now}}}, "actions"},
		{"a next supervision before this one", model.Supervision{HeldAt: now, Discussion: "x", Next: now.Add(-time.Hour)}, "next"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.r.Validate(cat(), now)
			p, ok := err.(model.Problems)
			if !ok || p.For(tc.field) == "" {
				t.Fatalf("Validate = %v, want a problem with %s", err, tc.field)
			}
		})
	}
}

// TestOversightOfACase: the oldest record waiting, a return that stands
// until the record changes, a sign-off that goes stale, and an action that is
// overdue once its day is over.
func TestOversightOfACase(t *testing.T) {
	item := func(id string, saved time.Time) model.Item[model.VoiceEntry] {
		return model.Item[model.VoiceEntry]{RecordID: id, VersionID: id + "-v1", SavedAt: saved, Value: model.VoiceEntry{Method: model.MethodWords}}
	}
	c := &model.Case{Voices: []model.Item[model.VoiceEntry]{item("b", now.Add(-time.Hour)), item("a", now.Add(-3*time.Hour)), item("c", now)}}
	if o := c.Oversight(); o.Waiting != 3 || o.Oldest.RecordID != "a" {
		t.Fatalf("oversight %+v", o)
	}
	c.Returns = []model.Item[model.Return]{{RecordID: "ret", SavedAt: now, Value: model.Return{On: model.On{RecordID: "a", VersionID: "a-v1", Number: 1}, MustChange: "More"}}}
	c.SignOffs = []model.Item[model.SignOff]{{RecordID: "s", SavedAt: now, Value: model.SignOff{On: model.On{RecordID: "b", VersionID: "b-v0", Number: 1}}}}
	o := c.Oversight()
	if o.Waiting != 2 || o.Oldest.RecordID != "b" || o.Oldest.Signed != 1 || len(o.Returned) != 1 || o.Returned[0].RecordID != "a" {
		t.Fatalf("after a return of a and a stale sign-off of b: %+v", o)
	}
	due := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	o = model.Oversight{Actions: []model.Action{{What: "Call", Owner: "Ann", Due: due}}}
	if len(o.OverdueActions(due.Add(23*time.Hour))) != 0 || len(o.OverdueActions(due.Add(24*time.Hour))) != 1 {
		t.Fatal("an action is overdue before its day is over, or not after")
	}
}
