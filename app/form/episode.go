package form

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
)

// EpisodeFields are the inputs of the missing episode form.
type EpisodeFields struct {
	Went, Returned                      *DateField
	WhereFound, ReportedBy, Police, not *kit.Entry
	Risk                                *widget.Select // the police's grade, none chosen when not given
}

// AddEpisode opens the form for a new missing episode of case caseID.
func AddEpisode(env page.Env, caseID string) {
	fs := &page.Edit{Kind: model.KindEpisode, CaseID: caseID, RecordID: env.Store.NewRecordID(), Initial: model.MissingEpisode{}}
	if d, ok := kit.Unfinished(env.Store, caseID, model.KindEpisode, nil); ok {
		offerUnfinished(env, d, fs)
		return
	}
	env.Go(page.Route{Kind: page.Form, Edit: fs})
}

func episodeForm(env page.Env, fs *page.Edit) *page.View {
	if v := cannotOpen(env, fs); v != nil {
		return v
	}
	title := "Missing episode"
	if fs.Parents == nil {
		title = "Add a missing episode"
	}
	if c, ok := env.Store.Case(fs.CaseID); ok {
		title += ": " + kit.ChildName(c.Child)
	}
	f := newForm(env, fs, title)
	ef := &EpisodeFields{
		Went:       f.dateTime(),
		Returned:   f.dateTime(),
		WhereFound: f.multi("Where they were found, or how they came back", 2),
		ReportedBy: f.entry("For example: the foster carer, the home's manager, a parent"),
		Police:     f.entry("For example MP/26/01234"),
		Risk:       f.pick(policeRiskLabels(), nil),
		not:        f.multi("Anything else to note", 3),
	}
	f.field("went_missing", "When did the child go missing?", "", ef.Went)
	f.field("returned", "When did they come back or were found?", "Leave this empty while the child is still missing. The 72 hours for the return home interview start from this time.", ef.Returned)
	f.field("where_found", "Where were they found?", "", ef.WhereFound)
	f.note("Who reported them missing? (optional)", "", ef.ReportedBy)
	f.note("Police reference (optional)", "", ef.Police)
	f.field("police_risk", "The police's grade of risk (optional)", "As the police graded it when the child was reported missing.", ef.Risk)
	f.note("Notes (optional)", "", ef.not)
	f.read = func() (model.Record, map[string]string) {
		unread := map[string]string{}
		e := model.MissingEpisode{
			WhereFound:      strings.TrimSpace(ef.WhereFound.Text),
			ReportedBy:      strings.TrimSpace(ef.ReportedBy.Text),
			PoliceReference: strings.TrimSpace(ef.Police.Text),
			Notes:           strings.TrimSpace(ef.not.Text),
		}
		if i := ef.Risk.SelectedIndex(); i >= 0 {
			e.PoliceRisk = model.PoliceRisks[i]
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
		c, ok := env.Store.Case(fs.CaseID)
		if !ok {
			return nil
		}
		var out model.Problems
		if c.Child.RecordID != "" {
			out = append(out, e.CheckAgainst(c.Child.Value)...)
		}
		var interviews []model.ReturnInterview
		for _, r := range c.Interviews {
			if r.Value.EpisodeID == fs.RecordID {
				interviews = append(interviews, r.Value)
			}
		}
		return append(out, e.CheckInterviews(interviews)...)
	}
	rec, hasDraft := startFrom(env, fs)
	e, _ := rec.(model.MissingEpisode)
	f.loading = true
	ef.Went.set(e.WentMissing)
	ef.Returned.set(e.Returned)
	ef.WhereFound.SetText(e.WhereFound)
	ef.ReportedBy.SetText(e.ReportedBy)
	ef.Police.SetText(e.PoliceReference)
	ef.Risk.ClearSelected()
	if i := slices.Index(model.PoliceRisks, e.PoliceRisk); i >= 0 {
		ef.Risk.SetSelectedIndex(i)
	}
	ef.not.SetText(e.Notes)
	f.loading = false
	f.commit = f.saveRecord
	f.done = env.Back
	f.Inputs = ef
	v := f.view(hasDraft)
	v.Focus = ef.Went.Entry
	return v
}

// policeRiskLabels are what the pick-list of the police's grades shows.
func policeRiskLabels() []string {
	out := make([]string, len(model.PoliceRisks))
	for i, r := range model.PoliceRisks {
		out[i] = r.Label()
	}
	return out
}
