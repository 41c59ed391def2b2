package cases

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/app/page/pagetest"
	"homeward/model"
)

// TestReturnedWorkAtTheTopAndAnAnswer: work returned shows at the top of the
// practitioner's home and opens the record, where its comment is answered in
// the record's thread.
func TestReturnedWorkAtTheTopAndAnAnswer(t *testing.T) {
	h := pagetest.New(t, fyne.NewSize(1280, 800))
	st := h.Env.Store
	c := pagetest.AddChild(t, st, "Morgan Example")
	on := model.On{RecordID: c.Child.RecordID, VersionID: c.Child.VersionID, Number: 1}
	if _, err := st.Save(c.ID, st.NewRecordID(), nil, model.Return{On: on, MustChange: "Add the school's name"}); err != nil {
		t.Fatal(err)
	}
	q := st.NewRecordID()
	if _, err := st.Save(c.ID, q, nil, model.Comment{On: on, Text: "Which school?"}); err != nil {
		t.Fatal(err)
	}
	v := NewCaseload(h.Env, &page.Route{Kind: page.Caseload})
	h.Show(v)
	cl := v.Screen.(*Caseload)
	if cl.Feedback == nil || len(cl.Feedback.Lines) != 1 || !strings.Contains(cl.Feedback.Lines[0].Text, "Add the school's name") {
		t.Fatalf("the feedback: %+v", cl.Feedback)
	}
	test.Tap(cl.Feedback.Open[0])
	if len(h.Routes) != 1 || h.Routes[0].Kind != page.Record || h.Routes[0].RecordID != c.Child.RecordID {
		t.Fatalf("opening the returned work went to %+v", h.Routes)
	}

	rv := NewRecord(h.Env, c.ID, c.Child.RecordID)
	h.Show(rv)
	rs := rv.Screen.(*RecordScreen)
	if rs.Comment == nil {
		t.Fatal("no way to comment on the record")
	}
	answer := pagetest.FindButton(rv.Content, "Answer")
	if answer == nil {
		t.Fatal("the comment has no Answer button")
	}
	test.Tap(answer)
	top := h.Env.Win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog to answer in")
	}
	var text *kit.Entry
	pagetest.EachObject(top, func(o fyne.CanvasObject) {
		if e, ok := o.(*kit.Entry); ok && text == nil {
			text = e
		}
	})
	pagetest.Type(text, "Northfield Academy")
	pagetest.TapDialogButton(t, h.Env.Win, "Answer")
	got, _ := st.Case(c.ID)
	if len(got.Comments) != 2 || got.Comments[1].Value.ReplyTo != q || got.Comments[1].Value.Text != "Northfield Academy" {
		t.Fatalf("the thread: %+v", got.Comments)
	}

	// Changing the record answers the return.
	edit := c.Child.Value
	edit.PlacementDetail = "Northfield Academy nearby"
	if _, err := st.Save(c.ID, c.Child.RecordID, []string{c.Child.VersionID}, edit); err != nil {
		t.Fatal(err)
	}
	sum, _ := st.Summary(c.ID)
	if lines := feedbackLines([]model.Summary{sum}, st.DeviceID(), time.Now()); len(lines) != 0 {
		t.Fatalf("after the change the home still shows %+v", lines)
	}
}
