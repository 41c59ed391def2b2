package client_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"homeward/model"
	"homeward/sync/protocol"
)

// TestReturnAndSignOffReachTheOtherDevice is the supervision loop across two
// devices and the central store: a supervisor returns a practitioner's record,
// the practitioner sees it after sync, changes the record and answers; the
// supervisor signs off the new version, the practitioner sees the sign-off;
// the practitioner changes the record once more and on both devices the
// sign-off stands as "signed off version 2, changed since".
func TestReturnAndSignOffReachTheOtherDevice(t *testing.T) {
	o := newOrg(t)
	ann := o.device("Ann Worker", protocol.RolePractitioner, "North")
	sue := o.device("Sue Lead", protocol.RoleSupervisor, "North")

	caseID, _ := ann.s.NewCase()
	ann.s.Save(caseID, ann.s.NewRecordID(), nil, child("Riley Madeup"))
	voiceID := ann.s.NewRecordID()
	v1, err := ann.s.Save(caseID, voiceID, nil, model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodWords, Words: "I stayed at a friend's"})
	if err != nil {
		t.Fatal(err)
	}
	ann.sync(t)
	sue.sync(t)
	over := func(d *device) model.Oversight {
		t.Helper()
		sum, ok := d.s.Summary(caseID)
		if !ok {
			t.Fatal("the case is not on the device")
		}
		return sum.Oversight
	}
	if w := over(sue).Waiting; w != 2 {
		t.Fatalf("the supervisor sees %d records waiting, want the child and the voice entry", w)
	}

	// Sue returns the voice entry, and reads the child's page.
	if _, err := sue.s.Save(caseID, sue.s.NewRecordID(), nil, model.Return{On: model.On{RecordID: voiceID, VersionID: v1, Number: 1}, MustChange: "Say which friend, if she told you"}); err != nil {
		t.Fatal(err)
	}
	if err := sue.s.LogAccess(caseID, model.AccessReview, voiceID); err != nil {
		t.Fatal(err)
	}
	if r := sue.sync(t); r.Pushed != 2 {
		t.Fatalf("Sue's push: %+v", r)
	}
	ann.sync(t)
	ret := over(ann).Returned
	if len(ret) != 1 || ret[0].RecordID != voiceID || ret[0].By != "Sue Lead" {
		t.Fatalf("the return on Ann's device: %+v", ret)
	}

	// Sue's comment is new on Ann's device; Ann's answer is new on Sue's, and
	// the thread is the same on both.
	q := sue.s.NewRecordID()
	if _, err := sue.s.Save(caseID, q, nil, model.Comment{On: model.On{RecordID: voiceID, VersionID: v1, Number: 1}, Text: "Was Jo's mum at home?"}); err != nil {
		t.Fatal(err)
	}
	sue.sync(t)
	ann.sync(t)
	if cs := over(ann).Comments; len(cs) != 1 || cs[0].Author != sue.s.DeviceID() || cs[0].By != "Sue Lead" {
		t.Fatalf("the comment on Ann's device: %+v", cs)
	}
	if _, err := ann.s.Save(caseID, ann.s.NewRecordID(), nil, model.Comment{On: model.On{RecordID: voiceID, VersionID: v1, Number: 1}, ReplyTo: q, Text: "Yes, all evening"}); err != nil {
		t.Fatal(err)
	}
	ann.sync(t)
	sue.sync(t)
	if cs := over(sue).Comments; len(cs) != 1 || cs[0].Text != "Yes, all evening" || cs[0].Author != ann.s.DeviceID() {
		t.Fatalf("the answer on Sue's device: %+v", cs)
	}
	for _, d := range []*device{ann, sue} {
		c, _ := d.s.Case(caseID)
		if r := c.ReviewOf(model.Head{RecordID: voiceID, VersionID: v1}); len(r.Thread) != 2 || r.Thread[1].Value.ReplyTo != q {
			t.Fatalf("the thread on %s's device: %+v", d.s.Profile().Name, r.Thread)
		}
	}

	// Ann changes the record, which answers the return.
	v2, err := ann.s.Save(caseID, voiceID, []string{v1}, model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodWords, Words: "I stayed at Jo's"})
	if err != nil {
		t.Fatal(err)
	}
	if o := over(ann); len(o.Returned) != 0 {
		t.Fatalf("still returned after the change, offline: %+v", o.Returned)
	}
	ann.sync(t)
	sue.sync(t)
	if o := over(sue); len(o.Returned) != 0 || o.Waiting != 2 {
		t.Fatalf("Sue's view after the change: %+v", o)
	}

	// Sue signs off version 2.
	if _, err := sue.s.Save(caseID, sue.s.NewRecordID(), nil, model.SignOff{On: model.On{RecordID: voiceID, VersionID: v2, Number: 2}}); err != nil {
		t.Fatal(err)
	}
	sue.sync(t)
	ann.sync(t)
	c, _ := ann.s.Case(caseID)
	r := c.ReviewOf(model.Head{RecordID: voiceID, VersionID: v2})
	if !r.Current() || r.SignedOff.SavedBy != "Sue Lead" {
		t.Fatalf("the sign-off on Ann's device: %+v", r)
	}

	// A later version makes the sign-off stale on both devices.
	v3, _ := ann.s.Save(caseID, voiceID, []string{v2}, model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodWords, Words: "I stayed at Jo's, near the park"})
	ann.sync(t)
	sue.sync(t)
	for _, d := range []*device{ann, sue} {
		c, _ := d.s.Case(caseID)
		r := c.ReviewOf(model.Head{RecordID: voiceID, VersionID: v3})
		if r.Current() || !r.Stale || r.SignedOff.Value.On.Number != 2 {
			t.Fatalf("the sign-off after a change: %+v", r)
		}
		found := false
		for _, w := range c.Awaiting() {
			found = found || w.RecordID == voiceID && w.Signed == 2
		}
		if !found || over(d).Waiting != 2 {
			t.Fatalf("the changed record does not wait for review as signed off version 2: %+v", c.Awaiting())
		}
	}

	// The access log holds Sue's opening, on Ann's device too.
	log, err := ann.s.AccessLog(caseID)
	if err != nil || len(log) != 1 || log[0].Who != "Sue Lead" || log[0].How != model.AccessReview || log[0].RecordID != voiceID {
		t.Fatalf("the access log on Ann's device: %+v (%v)", log, err)
	}
	if log[0].UserID != "u-sue" || log[0].DeviceID != sue.s.DeviceID() {
		t.Fatalf("the entry does not say who and from which device: %+v", log[0])
	}
}

// TestWhoSeesWhichCases: a supervisor sees every case of their team and no
// other; a practitioner their own.
func TestWhoSeesWhichCases(t *testing.T) {
	o := newOrg(t)
	ann := o.device("Ann Worker", protocol.RolePractitioner, "North")
	ben := o.device("Ben Worker", protocol.RolePractitioner, "North")
	sue := o.device("Sue Lead", protocol.RoleSupervisor, "North")
	sid := o.device("Sid Lead", protocol.RoleSupervisor, "South")
	cal := o.device("Cal Worker", protocol.RolePractitioner, "South")

	mine := map[*device]string{}
	for _, d := range []*device{ann, ben, cal} {
		id, _ := d.s.NewCase()
		d.s.Save(id, d.s.NewRecordID(), nil, child("Child of "+d.s.Profile().Name))
		if err := d.s.LogAccess(id, model.AccessPage, ""); err != nil {
			t.Fatal(err)
		}
		d.sync(t)
		mine[d] = id
	}
	for _, d := range []*device{ann, ben, sue, sid, cal} {
		d.sync(t)
	}
	want := map[*device][]string{
		ann: {mine[ann]},
		ben: {mine[ben]},
		cal: {mine[cal]},
		sue: {mine[ann], mine[ben]},
		sid: {mine[cal]},
	}
	for d, ids := range want {
		got := map[string]bool{}
		for _, c := range d.s.Cases() {
			got[c.ID] = true
		}
		if len(got) != len(ids) {
			t.Errorf("%s holds %d cases, want %d", d.s.Profile().Name, len(got), len(ids))
		}
		for _, id := range ids {
			if !got[id] {
				t.Errorf("%s does not hold a case they should see", d.s.Profile().Name)
			}
		}
	}
	// The team's supervisor reads the practitioners' access logs.
	if log, err := sue.s.AccessLog(mine[ben]); err != nil || len(log) != 1 || log[0].Who != "Ben Worker" {
		t.Fatalf("Sue reads Ben's case's access log as %+v (%v)", log, err)
	}
}

// TestTeamSupervisionInterval: the interval a supervisor sets reaches every
// device of the team at its next sync; of two supervisors' choices the one
// made last holds everywhere, whichever device syncs first; and a
// practitioner's device cannot set the team's.
func TestTeamSupervisionInterval(t *testing.T) {
	o := newOrg(t)
	ann := o.device("Ann Worker", protocol.RolePractitioner, "North")
	sue := o.device("Sue Lead", protocol.RoleSupervisor, "North")
	sam := o.device("Sam Lead", protocol.RoleSupervisor, "North")
	sid := o.device("Sid Lead", protocol.RoleSupervisor, "South")
	weeks := func(n int) time.Duration { return time.Duration(n) * 7 * 24 * time.Hour }
	every := func(ds ...*device) []time.Duration {
		var out []time.Duration
		for _, d := range ds {
			d.sync(t)
			out = append(out, d.s.SupervisionInterval())
		}
		return out
	}

	if err := sue.s.SetSupervisionInterval(weeks(2)); err != nil {
		t.Fatal(err)
	}
	sue.sync(t)
	if got := every(ann, sam, sid); got[0] != weeks(2) || got[1] != weeks(2) || got[2] != model.DefaultSupervisionInterval {
		t.Fatalf("after Sue set 2 weeks: Ann, Sam and Sid (South) supervise every %v", got)
	}

	// Sue sets 3 weeks: her sync pulls the 2 weeks she chose before, which
	// does not undo her later choice.
	sue.s.SetSupervisionInterval(weeks(3))
	if got := every(sue, ann); got[0] != weeks(3) || got[1] != weeks(3) {
		t.Fatalf("after Sue set 3 weeks: Sue and Ann supervise every %v", got)
	}
	// Sam, offline, then sets 6: his choice is the later, and holds over
	// Sue's when he pulls it.
	sam.s.SetSupervisionInterval(weeks(6))
	if got := every(sam, ann, sue); got[0] != weeks(6) || got[1] != weeks(6) || got[2] != weeks(6) {
		t.Fatalf("after Sam's later choice: Sam, Ann and Sue supervise every %v", got)
	}
	// Sam sets 5 weeks offline, then Sue 4: Sue's is the later, even with
	// Sam syncing last.
	sam.s.SetSupervisionInterval(weeks(5))
	sue.s.SetSupervisionInterval(weeks(4))
	sue.sync(t)
	if got := every(sam, ann, sue); got[0] != weeks(4) || got[1] != weeks(4) || got[2] != weeks(4) {
		t.Fatalf("after Sue's later choice: Sam, Ann and Sue supervise every %v", got)
	}

	// A practitioner's device is refused: its choice stays its own.
	ann.s.SetSupervisionInterval(weeks(1))
	ann.sync(t)
	if _, _, waiting := ann.s.SupervisionToSend(); waiting {
		t.Error("a refused choice is still waiting to be sent")
	}
	if got := every(sue); got[0] != weeks(4) {
		t.Fatalf("a practitioner changed the team's interval: %v", got)
	}
}

// TestSignOffCountsOnlyFromASupervisor: the central store cannot tell a
// sign-off from any other version, so each device checks it: one made on a
// practitioner's device, of their own work, is not counted on the
// supervisor's device nor on a colleague's, and is listed as what could not
// be used; the supervisor's own counts everywhere.
func TestSignOffCountsOnlyFromASupervisor(t *testing.T) {
	o := newOrg(t)
	ann := o.device("Ann Worker", protocol.RolePractitioner, "North")
	ben := o.device("Ben Worker", protocol.RolePractitioner, "North")
	sue := o.device("Sue Lead", protocol.RoleSupervisor, "North")
	caseID, _ := ann.s.NewCase()
	ann.s.Save(caseID, ann.s.NewRecordID(), nil, child("Riley Madeup"))
	voiceID := ann.s.NewRecordID()
	v1, _ := ann.s.Save(caseID, voiceID, nil, model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodWords, Words: "I stayed at a friend's"})
	if _, err := ann.s.Save(caseID, ann.s.NewRecordID(), nil, model.SignOff{On: model.On{RecordID: voiceID, VersionID: v1, Number: 1}}); err != nil {
		t.Fatal(err)
	}
	ann.sync(t)
	if err := o.b.Assign(context.Background(), caseID, "u-ben"); err != nil {
		t.Fatal(err)
	}
	ann.sync(t)
	signed := func(d *device) bool {
		t.Helper()
		c, ok := d.s.Case(caseID)
		if !ok {
			t.Fatal("the case is not on the device")
		}
		return c.ReviewOf(model.Head{RecordID: voiceID, VersionID: v1}).Current()
	}
	for name, d := range map[string]*device{"Sue": sue, "Ben": ben} {
		d.sync(t)
		if signed(d) {
			t.Errorf("%s counts a sign-off made on a practitioner's device", name)
		}
		sum, _ := d.s.Summary(caseID)
		if sum.Oversight.Waiting != 2 {
			t.Errorf("%s sees %d records waiting for review, want 2", name, sum.Oversight.Waiting)
		}
		found := false
		for _, dm := range d.s.Damage() {
			found = found || dm.CaseID == caseID && strings.Contains(dm.Err.Error(), "not counted")
		}
		if !found {
			t.Errorf("%s is not told of the sign-off not counted: %v", name, d.s.Damage())
		}
	}

	sueSigns := sue.s.NewRecordID()
	sv, err := sue.s.Save(caseID, sueSigns, nil, model.SignOff{On: model.On{RecordID: voiceID, VersionID: v1, Number: 1}})
	if err != nil {
		t.Fatal(err)
	}
	sue.sync(t)
	for name, d := range map[string]*device{"Sue": sue, "Ben": ben, "Ann": ann} {
		d.sync(t)
		if !signed(d) {
			t.Errorf("%s does not count the supervisor's sign-off", name)
		}
	}
	// A version of Sue's sign-off made on Ann's device, naming Sue's as its
	// parent, is not counted, and does not hide Sue's.
	if _, err := ann.s.Save(caseID, sueSigns, []string{sv}, model.SignOff{On: model.On{RecordID: voiceID, VersionID: v1, Number: 1}, Note: "Changed on a practitioner's device"}); err != nil {
		t.Fatal(err)
	}
	ann.sync(t)
	for name, d := range map[string]*device{"Sue": sue, "Ben": ben} {
		d.sync(t)
		c, _ := d.s.Case(caseID)
		if !signed(d) || len(c.SignOffs) != 1 || c.SignOffs[0].VersionID != sv {
			t.Errorf("%s, after Ann changed Sue's sign-off: signed %v, %+v", name, signed(d), c.SignOffs)
		}
	}
	// The roles are kept, sealed, in the file: unlocked again, Ben still
	// counts Sue's and not Ann's.
	ben.s.Lock()
	if err := ben.s.Unlock([]byte("a made-up passphrase")); err != nil {
		t.Fatal(err)
	}
	if c, _ := ben.s.Case(caseID); len(c.SignOffs) != 1 || !signed(ben) {
		t.Errorf("after unlocking again Ben counts %d sign-offs", len(c.SignOffs))
	}
}
