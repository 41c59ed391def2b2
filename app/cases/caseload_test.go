package cases

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/app/page/pagetest"
	"homeward/model"
)

// TestCaseRowFlagsOnANarrowScreen fills in a caseload row that a list has already
// sized while it was empty, as a list does: on a portrait tablet the flags must
// still have room beside what is due.
func TestCaseRowFlagsOnANarrowScreen(t *testing.T) {
	test.NewTempApp(t)
	o := newCaseRowObject()
	o.Resize(fyne.NewSize(760, o.MinSize().Height))
	updateCaseRowObject(o, Row{Name: "Quinn Example", Detail: "Age 14", DueText: "Return home interview overdue by 61 hours", Drafts: 1})
	flags := o.(*fyne.Container).Objects[1].(*fyne.Container).Objects[4].(*widget.Label)
	if flags.Text != "1 unsaved draft" || flags.Size().Width < fyne.MeasureText(flags.Text, theme.TextSize(), flags.TextStyle).Width {
		t.Fatalf("the flags %q are %v wide on a narrow row", flags.Text, flags.Size().Width)
	}
}

// TestSearchCaseload finds a child by part of their name and opens their page.
func TestSearchCaseload(t *testing.T) {
	h := pagetest.New(t, fyne.NewSize(1280, 800))
	pagetest.AddChild(t, h.Env.Store, "Morgan Example")
	taylor := pagetest.AddChild(t, h.Env.Store, "Taylor Sample")
	v := NewCaseload(h.Env, &page.Route{Kind: page.Caseload})
	h.Show(v)
	cl := v.Screen.(*Caseload)
	if n := len(cl.Rows); n != 2 {
		t.Fatalf("%d rows, want 2", n)
	}
	pagetest.Type(cl.Search, "sample")
	if rows := cl.Rows; len(rows) != 1 || rows[0].Name != "Taylor Sample" {
		t.Fatalf("search found %+v", rows)
	}
	cl.List.Select(0)
	if len(h.Routes) != 1 || h.Routes[0].Kind != page.Child || h.Routes[0].CaseID != taylor.ID {
		t.Fatalf("choosing a child went to %+v", h.Routes)
	}
	child := NewChild(h.Env, h.Routes[0].CaseID)
	h.Show(child)
	if _, ok := child.Screen.(*ChildPage); !ok || h.Env.Win.Content() == nil {
		t.Fatal("choosing a child did not open their page")
	}
}

// A child missing now heads the caseload, in red, saying for how long; the
// caseload shows only the children missing now, overdue, due or with drafts
// when asked, and finds a child by NHS number (issue 11, the caseload).
func TestCaseloadMissingFirstFiltersAndNHSNumber(t *testing.T) {
	h := pagetest.New(t, fyne.NewSize(1280, 800))
	st, now := h.Env.Store, h.Env.Now()
	episode := func(name string, went, back time.Time) *model.Case {
		c := pagetest.AddChild(t, st, name)
		if _, err := st.Save(c.ID, st.NewRecordID(), nil, model.MissingEpisode{WentMissing: went, Returned: back, WhereFound: "At a friend's"}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	episode("Olly Overdue", now.Add(-90*time.Hour), now.Add(-80*time.Hour))
	episode("Dana Due", now.Add(-12*time.Hour), now.Add(-10*time.Hour))
	missing := episode("Mo Missing", now.Add(-5*time.Hour), time.Time{})
	drafted := pagetest.AddChild(t, st, "Dee Drafted")
	if err := st.SaveDraft(drafted.ID, st.NewRecordID(), model.MissingEpisode{WentMissing: now.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	withNHS := pagetest.AddChild(t, st, "Nia Numbered")
	child := withNHS.Child.Value
	child.NHSNumber = "943 476 5919"
	if _, err := st.Save(withNHS.ID, withNHS.Child.RecordID, []string{withNHS.Child.VersionID}, child); err != nil {
		t.Fatal(err)
	}

	r := &page.Route{Kind: page.Caseload}
	v := NewCaseload(h.Env, r)
	h.Show(v)
	cl := v.Screen.(*Caseload)
	if top := cl.Rows[0]; top.CaseID != missing.ID || top.DueText != "Missing for 5 hours" {
		t.Fatalf("the top row is %q, %q", top.Name, top.DueText)
	}
	if imp := kit.DueImportance(cl.Rows[0].Due); imp != widget.DangerImportance {
		t.Errorf("a child missing now is shown with importance %v, not in red", imp)
	}
	// A shade sets the row of a child missing now apart from an overdue one,
	// which is red too.
	shaded := func(r Row) bool {
		o := newCaseRowObject()
		updateCaseRowObject(o, r)
		_, _, _, a := missingShade(o).FillColor.RGBA()
		return a > 0
	}
	for _, r := range cl.Rows {
		if want := r.CaseID == missing.ID; shaded(r) != want {
			t.Errorf("%s (%s): shaded %v, want %v", r.Name, r.DueText, !want, want)
		}
	}
	names := func() []string {
		var out []string
		for _, row := range cl.Rows {
			out = append(out, row.Name)
		}
		return out
	}
	for filter, want := range map[string][]string{
		ShowMissing: {"Mo Missing"},
		ShowOverdue: {"Olly Overdue"},
		ShowDue:     {"Dana Due"},
		ShowDrafts:  {"Dee Drafted"},
	} {
		cl.Filter.SetSelected(filter)
		if got := names(); !slices.Equal(got, want) {
			t.Errorf("%s shows %q, want %q", filter, got, want)
		}
	}
	if r.Filter != cl.Filter.Selected {
		t.Errorf("the route keeps the filter %q, not %q", r.Filter, cl.Filter.Selected)
	}
	cl.Filter.SetSelected(ShowEveryone)
	if n := len(cl.Rows); n != 5 {
		t.Errorf("everyone is %d rows, want 5", n)
	}
	pagetest.Type(cl.Search, "4765919")
	if got := names(); !slices.Equal(got, []string{"Nia Numbered"}) {
		t.Errorf("searching an NHS number found %q", got)
	}
}

// TestCaseloadShowsPracticeOverdue: an interview due does not hide a re-screen
// overdue. The row says the overdue one first and that more is due, sorts
// above children with only an interview due, and shows under its filter.
func TestCaseloadShowsPracticeOverdue(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	cat := model.DefaultCatalogue()
	mk := func(id, name string) *model.Case {
		c := &model.Case{ID: id}
		c.Child = model.Item[model.Child]{RecordID: "child-" + id, Value: model.Child{Name: name, DateOfBirth: time.Date(2011, 4, 3, 0, 0, 0, 0, time.UTC), Placement: "place.foster"}}
		c.Episodes = []model.Item[model.MissingEpisode]{{RecordID: "ep-" + id, Value: model.MissingEpisode{
			WentMissing: now.Add(-30 * time.Hour), Returned: now.Add(-20 * time.Hour), WhereFound: "Town centre"}}}
		return c
	}
	both := mk("both", "Wren Example")
	both.Screenings = []model.Item[model.Screening]{{RecordID: "scr", Value: model.Screening{HeldOn: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Chosen: model.LevelHigh}}}
	interview := mk("rhi", "Abel Example")
	rows := caseRows([]model.Summary{interview.Summary(), both.Summary()}, nil, nil, cat, now)
	if rows[0].CaseID != "both" || !rows[0].Overdue || !rows[0].PracticeOverdue {
		t.Fatalf("first row %+v, want the child with a re-screen overdue, flagged", rows[0])
	}
	if want := "Re-screen overdue since Thu 29 Oct"; rows[0].DueText != want {
		t.Errorf("row says %q, want %q", rows[0].DueText, want)
	}

	// With the interview overdue too, it comes first, and the filter still
	// finds the re-screen overdue.
	late := caseRows([]model.Summary{both.Summary()}, nil, nil, cat, now.Add(60*time.Hour))
	if !strings.HasPrefix(late[0].DueText, "Return home interview overdue") || len(shown(late, ShowPractice)) != 1 {
		t.Errorf("interview and re-screen overdue: %q, practice overdue %v", late[0].DueText, late[0].PracticeOverdue)
	}
	if rows[1].PracticeOverdue || rows[1].DueText != "Return home interview due in 52 hours" {
		t.Errorf("the child with only an interview due: %+v", rows[1])
	}
	if got := shown(rows, ShowPractice); len(got) != 1 || got[0].CaseID != "both" {
		t.Errorf("the filter shows %d rows", len(got))
	}
	if s, want := caseloadSummary(rows), "2 children · 2 interviews due · 1 with a screening or plan overdue"; s != want {
		t.Errorf("summary %q, want %q", s, want)
	}
}
