package app

import (
	"strings"

	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/model"
)

// ChildFields are the inputs of the child form, kept for tests.
type ChildFields struct {
	Name, nhs, detail, Worker *kit.Entry
	DOB                       *DateField
	Placement                 *SelectField
	Looked                    *widget.Check
}

// addChild opens the form for a new child.
func (u *UI) addChild() {
	fs := &formState{recordID: u.st.NewRecordID(), initial: model.Child{AllocatedWorker: u.st.Profile().Name}}
	u.push(func() *view { return u.childForm(fs) })
}

// editChild opens the form for a child's details. Details in conflict open
// side by side instead, to be merged.
func (u *UI) editChild(c *model.Case) {
	if len(u.headIDs(c.Child.RecordID)) > 1 {
		u.openRecord(c.ID, c.Child.RecordID)
		return
	}
	fs := &formState{caseID: c.ID, recordID: c.Child.RecordID, parents: []string{c.Child.VersionID}, from: c.Child.VersionID}
	u.openForm(fs, u.childForm)
}

func (u *UI) childForm(fs *formState) *view {
	if v := u.cannotOpen(fs); v != nil {
		return v
	}
	title := "Add a child"
	if fs.parents != nil {
		title = "Edit the child's details"
	}
	f := u.newForm(fs, title)
	cf := &ChildFields{
		Name:   f.entry("First name and surname"),
		DOB:    f.date(),
		nhs:    f.entry("10 digits, if known"),
		detail: f.entry("For example the name of the home or the carers"),
		Worker: f.entry("Who to contact about this child"),
	}
	cf.Placement = f.selectOptions(u.cat.Placements)
	cf.Looked = f.check("The child is looked after by the local authority", nil)
	f.field("name", "Name", "", cf.Name)
	f.field("date_of_birth", "Date of birth", "Day, month and year, such as 03/04/2011.", cf.DOB)
	f.field("nhs_number", "NHS number (optional)", "", cf.nhs)
	f.field("placement", "Where the child lives", "", cf.Placement.Select)
	f.field("placement_detail", "About where they live (optional)", "", cf.detail)
	f.add(cf.Looked)
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
	rec, hasDraft := u.startFrom(fs)
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
		if fs.parents == nil {
			u.replaceTop(func() *view { return u.childView(fs.caseID) })
			return
		}
		u.back()
	}
	v := f.view(hasDraft)
	u.childFields = cf
	v.focus = cf.Name
	return v
}

// EpisodeFields are the inputs of the missing episode form.
type EpisodeFields struct {
	Went, Returned          *DateField
	WhereFound, Police, not *kit.Entry
}

// addEpisode opens the form for a new missing episode of a case.
func (u *UI) addEpisode(c *model.Case) {
	fs := &formState{caseID: c.ID, recordID: u.st.NewRecordID(), initial: model.MissingEpisode{}}
	if d, ok := u.unfinished(c.ID, model.KindEpisode, nil); ok {
		u.offerUnfinished(d, fs, u.episodeForm)
		return
	}
	u.push(func() *view { return u.episodeForm(fs) })
}

func (u *UI) episodeForm(fs *formState) *view {
	if v := u.cannotOpen(fs); v != nil {
		return v
	}
	title := "Missing episode"
	if fs.parents == nil {
		title = "Add a missing episode"
	}
	if c, ok := u.st.Case(fs.caseID); ok {
		title += ": " + kit.ChildName(c)
	}
	f := u.newForm(fs, title)
	ef := &EpisodeFields{
		Went:       f.dateTime(),
		Returned:   f.dateTime(),
		WhereFound: f.multi("Where they were found, or how they came back", 2),
		Police:     f.entry("For example MP/26/01234"),
		not:        f.multi("Anything else to note", 3),
	}
	f.field("went_missing", "When did the child go missing?", "", ef.Went)
	f.field("returned", "When did they come back or were found?", "Leave this empty while the child is still missing. The 72 hours for the return home interview start from this time.", ef.Returned)
	f.field("where_found", "Where were they found?", "", ef.WhereFound)
	f.field("police_reference", "Police reference (optional)", "", ef.Police)
	f.field("notes", "Notes (optional)", "", ef.not)
	f.read = func() (model.Record, map[string]string) {
		unread := map[string]string{}
		e := model.MissingEpisode{
			WhereFound:      strings.TrimSpace(ef.WhereFound.Text),
			PoliceReference: strings.TrimSpace(ef.Police.Text),
			Notes:           strings.TrimSpace(ef.not.Text),
		}
		readDate(ef.Went, "went_missing", &e.WentMissing, unread)
		readDate(ef.Returned, "returned", &e.Returned, unread)
		return e, unread
	}
	// What the episode says must agree with the child's date of birth and with
	// any interview already recorded for it.
	f.extra = func() model.Problems {
		rec, _ := f.read()
		e := rec.(model.MissingEpisode)
		c, ok := u.st.Case(fs.caseID)
		if !ok {
			return nil
		}
		var out model.Problems
		if c.Child.RecordID != "" {
			out = append(out, e.CheckAgainst(c.Child.Value)...)
		}
		var interviews []model.ReturnInterview
		for _, r := range c.Interviews {
			if r.Value.EpisodeID == fs.recordID {
				interviews = append(interviews, r.Value)
			}
		}
		return append(out, e.CheckInterviews(interviews)...)
	}
	rec, hasDraft := u.startFrom(fs)
	e, _ := rec.(model.MissingEpisode)
	f.loading = true
	ef.Went.set(e.WentMissing)
	ef.Returned.set(e.Returned)
	ef.WhereFound.SetText(e.WhereFound)
	ef.Police.SetText(e.PoliceReference)
	ef.not.SetText(e.Notes)
	f.loading = false
	f.commit = f.saveRecord
	f.done = u.back
	v := f.view(hasDraft)
	u.episodeFields = ef
	v.focus = ef.Went.Entry
	return v
}
