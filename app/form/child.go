package form

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
)

// ChildFields are the inputs of the child form, kept for tests.
type ChildFields struct {
	Name, nhs, detail, Worker *kit.Entry
	DOB                       *DateField
	Placement                 *SelectField
	Looked                    *widget.Check
	LookedNote                *widget.Label // a warning when the placement says looked after and the box does not, a hint otherwise
}

// AddChild opens the form for a new child.
func AddChild(env page.Env) {
	fs := &page.Edit{Kind: model.KindChild, RecordID: env.Store.NewRecordID(), Initial: model.Child{AllocatedWorker: env.Store.Profile().Name}}
	env.Go(page.Route{Kind: page.Form, Edit: fs})
}

// EditChild opens the form for the details of the child of case caseID.
// Details in conflict open side by side instead, to be merged.
func EditChild(env page.Env, caseID string) {
	c := caseOf(env, caseID)
	if len(headIDs(env, c.Child.RecordID)) > 1 {
		env.Go(page.Route{Kind: page.Record, CaseID: c.ID, RecordID: c.Child.RecordID})
		return
	}
	fs := &page.Edit{Kind: model.KindChild, CaseID: c.ID, RecordID: c.Child.RecordID, Parents: []string{c.Child.VersionID}, From: c.Child.VersionID}
	OpenForm(env, fs)
}

func childForm(env page.Env, fs *page.Edit) *page.View {
	if v := cannotOpen(env, fs); v != nil {
		return v
	}
	title := "Add a child"
	if fs.Parents != nil {
		title = "Edit the child's details"
	}
	f := newForm(env, fs, title)
	cf := &ChildFields{
		Name:   f.entry("First name and surname"),
		DOB:    f.date(),
		nhs:    f.entry("10 digits, if known"),
		detail: f.entry("For example the name of the home or the carers"),
		Worker: f.entry("Who to contact about this child"),
	}
	// The note is always there, so that warning moves nothing: a slip only
	// turns it into a warning, with its icon.
	cf.LookedNote = widget.NewLabel("A child in foster care or a children's home is looked after by the local authority: tick the box above for them.")
	cf.LookedNote.Wrapping = fyne.TextWrapWord
	lookedIcon := widget.NewIcon(nil)
	note := func() {
		slip := model.Child{Placement: cf.Placement.id(), LookedAfter: cf.Looked.Checked}.LookedAfterSlip()
		if slip == (cf.LookedNote.Importance == widget.WarningImportance) {
			return
		}
		cf.LookedNote.Importance = widget.MediumImportance
		lookedIcon.SetResource(nil)
		if slip {
			cf.LookedNote.Importance = widget.WarningImportance
			lookedIcon.SetResource(theme.NewWarningThemedResource(theme.WarningIcon()))
		}
		cf.LookedNote.Refresh()
	}
	cf.Placement = f.selectOptions(env.Cat.Placements)
	picked := cf.Placement.Select.OnChanged
	cf.Placement.Select.OnChanged = func(v string) { picked(v); note() }
	cf.Looked = f.check("The child is looked after by the local authority", func(bool) { note() })
	f.field("name", "Name", "", cf.Name)
	f.field("date_of_birth", "Date of birth", "Day, month and year, such as 03/04/2011.", cf.DOB)
	f.field("nhs_number", "NHS number (optional)", "", cf.nhs)
	f.field("placement", "Where the child lives", "", cf.Placement.Select)
	f.note("About where they live (optional)", "", cf.detail)
	f.add(cf.Looked, container.NewBorder(nil, nil, lookedIcon, nil, cf.LookedNote))
	f.field("allocated_worker", "Allocated worker", "", cf.Worker)
	f.read = func() (model.Record, map[string]string) {
		unread := map[string]string{}
		c := model.Child{
			Name:            strings.TrimSpace(cf.Name.Text),
			NHSNumber:       strings.TrimSpace(cf.nhs.Text),
			Placement:       cf.Placement.id(),
			PlacementDetail: strings.TrimSpace(cf.detail.Text),
			LookedAfter:     cf.Looked.Checked,
			AllocatedWorker: strings.TrimSpace(cf.Worker.Text),
		}
		readDate(cf.DOB, "date_of_birth", &c.DateOfBirth, unread)
		return c, unread
	}
	rec, hasDraft := startFrom(env, fs)
	c, _ := rec.(model.Child)
	f.loading = true
	cf.Name.SetText(c.Name)
	cf.DOB.set(c.DateOfBirth)
	cf.nhs.SetText(c.NHSNumber)
	cf.Placement.setID(c.Placement)
	cf.detail.SetText(c.PlacementDetail)
	cf.Looked.SetChecked(c.LookedAfter)
	cf.Worker.SetText(c.AllocatedWorker)
	f.loading = false
	f.commit = f.saveRecord
	f.done = func() {
		if fs.Parents == nil {
			env.Replace(page.Route{Kind: page.Child, CaseID: fs.CaseID})
			return
		}
		env.Back()
	}
	f.Inputs = cf
	v := f.view(hasDraft)
	v.Focus = cf.Name
	return v
}
