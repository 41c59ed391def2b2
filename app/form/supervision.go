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

// SupervisionFields are the inputs of the case supervision form.
type SupervisionFields struct {
	HeldAt     *DateField
	Discussion *kit.Entry
	Decisions  *kit.Entry
	Next       *DateField
	AddAction  *widget.Button
	Actions    []*ActionRow
	actionBox  *fyne.Container
}

// ActionRow is one action agreed in supervision.
type ActionRow struct {
	What, Owner *kit.Entry
	Due         *DateField
	Done        *widget.Check
	box         fyne.CanvasObject
}

// AddSupervision opens the form for a new case supervision of case caseID,
// its next date the team's interval from now.
func AddSupervision(env page.Env, caseID string) {
	fs := &page.Edit{Kind: model.KindSupervision, CaseID: caseID, RecordID: env.Store.NewRecordID(),
		Initial: model.Supervision{HeldAt: env.Now(), Next: env.Now().Add(env.Store.SupervisionInterval())}}
	if d, ok := kit.Unfinished(env.Store, caseID, model.KindSupervision, nil); ok {
		offerUnfinished(env, d, fs)
		return
	}
	env.Go(page.Route{Kind: page.Form, Edit: fs})
}

func supervisionForm(env page.Env, fs *page.Edit) *page.View {
	if v := cannotOpen(env, fs); v != nil {
		return v
	}
	title := "Case supervision"
	if fs.Parents == nil {
		title = "Record a case supervision"
	}
	if c, ok := env.Store.Case(fs.CaseID); ok {
		title += ": " + kit.ChildName(c.Child)
	}
	f := newForm(env, fs, title)
	sf := &SupervisionFields{
		HeldAt:     f.dateTime(),
		Discussion: f.multi("What was discussed: the child's situation, risks, what is working", 5),
		Decisions:  f.multi("What was decided", 3),
		Next:       f.date(),
		actionBox:  container.NewVBox(),
	}
	sf.AddAction = env.Button("Add an action", theme.ContentAddIcon(), func() { sf.addAction(f, model.Action{}); f.changed() })
	f.field("held_at", "When was the supervision held?", "", sf.HeldAt)
	f.field("discussion", "Discussion", "", sf.Discussion)
	f.field("decisions", "Decisions (optional)", "", sf.Decisions)
	f.field("actions", "Actions", "Each action with who does it and by when. Actions past their date show on the practitioner's and the supervisor's homes.",
		sf.actionBox, container.NewHBox(sf.AddAction))
	f.field("next", "Next supervision", "The team's interval from now (set in Settings) unless you agree another date.", sf.Next)
	f.read = func() (model.Record, map[string]string) {
		unread := map[string]string{}
		s := model.Supervision{Discussion: strings.TrimSpace(sf.Discussion.Text), Decisions: strings.TrimSpace(sf.Decisions.Text)}
		readDate(sf.HeldAt, "held_at", &s.HeldAt, unread)
		readDate(sf.Next, "next", &s.Next, unread)
		for _, a := range sf.Actions {
			act := model.Action{What: strings.TrimSpace(a.What.Text), Owner: strings.TrimSpace(a.Owner.Text), Done: a.Done.Checked}
			readDate(a.Due, "actions", &act.Due, unread)
			s.Actions = append(s.Actions, act)
		}
		return s, unread
	}
	rec, hasDraft := startFrom(env, fs)
	s, _ := rec.(model.Supervision)
	f.loading = true
	sf.HeldAt.set(s.HeldAt)
	sf.Discussion.SetText(s.Discussion)
	sf.Decisions.SetText(s.Decisions)
	sf.Next.set(s.Next)
	for _, a := range s.Actions {
		sf.addAction(f, a)
	}
	f.loading = false
	f.commit = f.saveRecord
	f.done = env.Back
	f.Inputs = sf
	v := f.view(hasDraft)
	v.Focus = sf.Discussion
	return v
}

// addAction adds a row for an action, filled with a, to form f.
func (sf *SupervisionFields) addAction(f *Form, a model.Action) {
	row := &ActionRow{What: f.entry("What is to be done"), Owner: f.entry("Who does it"), Due: f.date()}
	row.Done = f.check("Done", func(bool) {})
	row.What.SetText(a.What)
	row.Owner.SetText(a.Owner)
	if !a.Due.IsZero() {
		row.Due.set(a.Due)
	}
	row.Done.SetChecked(a.Done)
	remove := f.env.Quiet("Remove", theme.DeleteIcon(), func() {
		for i, r := range sf.Actions {
			if r == row {
				sf.Actions = append(sf.Actions[:i], sf.Actions[i+1:]...)
			}
		}
		sf.actionBox.Remove(row.box)
		f.relayout()
		f.changed()
	})
	row.box = kit.Card(container.NewVBox(
		kit.FieldBlock("What", "", row.What), kit.FieldBlock("Who", "", row.Owner), kit.FieldBlock("Due by", "", row.Due),
		container.NewHBox(row.Done, remove)))
	sf.Actions = append(sf.Actions, row)
	sf.actionBox.Add(row.box)
	f.relayout()
}
