package cases

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
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
