package form

import (
	"strings"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
)

// InformationFields are the inputs of the form for information from an agency.
type InformationFields struct {
	Received *DateField
	Agency   *SelectField
	From     *kit.Entry
	What     *kit.Entry
}

// AddInformation opens the form for new information about the child of case
// caseID, received now unless the person says otherwise.
func AddInformation(env page.Env, caseID string) {
	fs := &page.Edit{Kind: model.KindInformation, CaseID: caseID, RecordID: env.Store.NewRecordID(),
		Initial: model.Information{Received: env.Now()}}
	if d, ok := kit.Unfinished(env.Store, caseID, model.KindInformation, nil); ok {
		offerUnfinished(env, d, fs)
		return
	}
	env.Go(page.Route{Kind: page.Form, Edit: fs})
}

func informationForm(env page.Env, fs *page.Edit) *page.View {
	if v := cannotOpen(env, fs); v != nil {
		return v
	}
	title := "Information from an agency"
	if fs.Parents == nil {
		title = "Record new information"
	}
	if c, ok := env.Store.Case(fs.CaseID); ok {
		title += ": " + kit.ChildName(c.Child)
	}
	f := newForm(env, fs, title)
	inf := &InformationFields{
		Received: f.dateTime(),
		Agency:   f.selectOptions(env.Cat.Agencies),
		From:     f.entry("Name and role, where known"),
		What:     f.multi("What the agency told you, as they said it", 5),
	}
	f.field("received", "When did it come in?", "", inf.Received)
	f.field("agency", "Which agency is it from?", "", inf.Agency.Select)
	f.note("Who gave it? (optional)", "", inf.From)
	f.field("what", "What is it?", "New information calls for a re-screen within 5 working days, and the child's plan must address it or say why it need not.", inf.What)
	f.read = func() (model.Record, map[string]string) {
		unread := map[string]string{}
		i := model.Information{Agency: inf.Agency.id(), From: strings.TrimSpace(inf.From.Text), What: strings.TrimSpace(inf.What.Text)}
		readDate(inf.Received, "received", &i.Received, unread)
		return i, unread
	}
	rec, hasDraft := startFrom(env, fs)
	i, _ := rec.(model.Information)
	f.loading = true
	inf.Received.set(i.Received)
	inf.Agency.setID(i.Agency)
	inf.From.SetText(i.From)
	inf.What.SetText(i.What)
	f.loading = false
	f.commit = f.saveRecord
	f.done = env.Back
	f.Inputs = inf
	v := f.view(hasDraft)
	v.Focus = inf.What
	return v
}
