package cases

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/page"
	"homeward/app/page/pagetest"
)

// TestCaseRowFlagsOnANarrowScreen fills in a caseload row that a list has already
// sized while it was empty, as a list does: on a portrait tablet the flags must
// still have room beside what is due.
func TestCaseRowFlagsOnANarrowScreen(t *testing.T) {
	test.NewTempApp(t)
	o := newCaseRowObject()
	o.Resize(fyne.NewSize(760, o.MinSize().Height))
	updateCaseRowObject(o, Row{Name: "Quinn Example", Detail: "Age 14", DueText: "Return home interview overdue by 61 hours", Drafts: 1})
	flags := o.(*fyne.Container).Objects[4].(*widget.Label)
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
