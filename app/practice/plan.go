package practice

import (
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
)

// Plan is the screen of the child's plan, with the widgets tests reach: every
// finding with what addresses it, the actions, and whether it is agreed.
type Plan struct {
	*frame
	findings []model.Finding
	Findings map[string]*FindingRow // by finding ID
	closed   map[string]model.ClosedFinding
	open     *fyne.Container // the cards of the findings still open
	shut     *fyne.Container // the heading and cards of those closed
	Actions  []*ActionRow
	actions  *fyne.Container
	Add      *widget.Button
	Agreed   *widget.Check
	AgreedOn *kit.Entry
	ReviewBy *kit.Entry
	Open     *widget.Label // how many findings are not addressed yet
}

// FindingRow is one finding on the plan: whether an action addresses it, the
// reason none is needed, and closing it when the plan no longer needs it, or
// opening it again. Asked is the dialog of Close once open.
type FindingRow struct {
	Status *widget.Label
	Reason *kit.Entry
	Close  *widget.Button
	Reopen *widget.Button
	Source *widget.Button // opens the record the finding came from
	Asked  *kit.Asked
	card   fyne.CanvasObject
}

// ActionRow is one action of the plan.
type ActionRow struct {
	id        string
	title     *widget.Label
	Remove    *widget.Button
	What      *kit.Entry
	Agency    *widget.Select
	Person    *kit.Entry
	Due       *kit.Entry
	Addresses map[string]*widget.Check // by finding ID
	box       fyne.CanvasObject
}

// NewPlan builds the child's plan of route r: the saved one of r.RecordID, or
// a new one. A child has one plan, changed version by version, so the child's
// page opens the one they have.
func NewPlan(env page.Env, r *page.Route) *page.View {
	f, saved, other := open(env, r, model.KindPlan)
	if f == nil {
		return other
	}
	p := &Plan{frame: f, Findings: map[string]*FindingRow{}, findings: f.c.Findings(env.Cat), closed: map[string]model.ClosedFinding{},
		open: container.NewVBox(), shut: container.NewVBox()}
	base, _ := saved.(model.Plan)
	for _, c := range base.Closed {
		p.closed[c.Finding] = c
	}
	p.actions = container.NewVBox()
	p.Open = kit.Para("")
	p.Open.TextStyle.Bold = true
	p.Agreed = f.check("The plan is agreed with the child and the agencies")
	p.AgreedOn, p.ReviewBy = f.dateEntry(base.AgreedOn), f.dateEntry(base.ReviewBy)
	p.Add = env.Button("Add an action", theme.ContentAddIcon(), func() {
		p.addAction(model.PlanAction{ID: env.Store.NewRecordID(), Due: today(env.Now()).AddDate(0, 0, 14)})
		p.changed()
		env.Relayout()
	})
	for _, fd := range p.findings {
		p.findingRow(fd, base)
	}
	p.placeFindings()
	for _, a := range base.Actions {
		p.addAction(a)
	}
	p.Agreed.SetChecked(base.Agreed)
	v := f.view("Plan", p, p.Open,
		kit.Para("Every finding from the child's return home interviews, health reviews and screenings is listed. Address each with an action, "+
			"write why none is needed, or close it when the plan no longer needs it: the plan cannot be agreed while one is left."),
		kit.Subheading("Findings"), p.open, p.shut,
		kit.Subheading("Actions"), p.actions, container.NewHBox(p.Add),
		kit.Subheading("Agreement"), p.Agreed,
		kit.Columns(2, kit.FieldBlock("Agreed on", "", p.AgreedOn), kit.FieldBlock("Review by", "", p.ReviewBy)))
	p.Save.OnTapped = func() {
		rec, ps := p.read()
		p.save(rec, append(ps, rec.CheckAgainst(p.findings)...))
	}
	p.onChange = p.update
	f.track(v, func() model.Record { rec, _ := p.read(); return rec })
	p.update()
	return v
}

func (p *Plan) findingRow(fd model.Finding, base model.Plan) {
	row := &FindingRow{Status: kit.Para(""), Reason: p.entry("No action needed because...")}
	for _, n := range base.NoAction {
		if n.Finding == fd.ID {
			row.Reason.SetText(n.Reason)
		}
	}
	row.Close = p.env.Quiet("Close this finding", theme.ConfirmIcon(), func() { p.askClose(fd, row) })
	row.Reopen = p.env.Quiet("Open it again", theme.ContentUndoIcon(), func() {
		delete(p.closed, fd.ID)
		p.placeFindings()
		p.changed()
		p.env.Relayout()
	})
	p.Findings[fd.ID] = row
	title := kit.Para(fd.Label)
	title.TextStyle.Bold = true
	parts := []fyne.CanvasObject{title}
	if fd.Detail != "" {
		parts = append(parts, kit.Para(fd.Detail))
	}
	src := newSourceLink(p.env, p.c.ID)
	src.set(fd.RecordID, sourceOf(p.c, fd.Kind, fd.RecordID))
	row.Source = src.Open
	parts = append(parts, src.Line, row.Status, row.Reason, container.NewHBox(row.Close, row.Reopen))
	row.card = kit.Card(container.NewVBox(parts...))
}

// askClose asks why the plan no longer needs finding fd, and closes it.
func (p *Plan) askClose(fd model.Finding, row *FindingRow) {
	row.Asked = p.env.AskText("Close this finding", "Say why the plan no longer needs \u201c"+fd.Label+"\u201d: what has changed, and how it is known. "+
		"It is kept with the plan, and can be opened again.", "Close it", "Say why before closing it.", func(why string) error {
		p.closed[fd.ID] = model.ClosedFinding{Finding: fd.ID, On: today(p.env.Now()), Reason: why}
		p.placeFindings()
		p.changed()
		p.env.Relayout()
		return nil
	})
}

// placeFindings puts the findings still open first, and those closed below
// them under a heading of their own, each card saying which it is.
func (p *Plan) placeFindings() {
	p.open.RemoveAll()
	p.shut.RemoveAll()
	for _, fd := range p.findings {
		row := p.Findings[fd.ID]
		_, closed := p.closed[fd.ID]
		row.Close.Hidden, row.Reopen.Hidden, row.Reason.Hidden = closed, !closed, closed
		if closed {
			if len(p.shut.Objects) == 0 {
				p.shut.Add(kit.Subheading("Closed findings"))
			}
			p.shut.Add(row.card)
			continue
		}
		p.open.Add(row.card)
	}
	switch {
	case len(p.findings) == 0:
		p.open.Add(kit.Hint("No interview, health review or screening has found anything for the plan yet."))
	case len(p.open.Objects) == 0:
		p.open.Add(kit.Hint("Every finding is closed."))
	}
	p.update()
}

func (p *Plan) addAction(a model.PlanAction) {
	row := &ActionRow{id: a.ID, title: kit.Subheading(""), What: p.multi("What will be done", 2), Person: p.entry("A named person, where known"),
		Due: p.dateEntry(a.Due), Addresses: map[string]*widget.Check{}}
	row.What.SetText(a.What)
	row.Person.SetText(a.Person)
	row.Agency = p.agencyPick(a.Agency)
	row.Remove = p.env.Quiet("Remove", theme.ContentRemoveIcon(), func() { p.removeAction(row) })
	checks := container.NewVBox()
	for _, fd := range p.findings {
		c := p.check(fd.Label)
		c.SetChecked(slices.Contains(a.Addresses, fd.ID))
		row.Addresses[fd.ID] = c
		checks.Add(c)
	}
	parts := []fyne.CanvasObject{container.NewBorder(nil, nil, nil, row.Remove, row.title), kit.FieldBlock("What", "", row.What),
		kit.Columns(3, kit.FieldBlock("Owning agency", "", row.Agency), kit.FieldBlock("Person", "", row.Person), kit.FieldBlock("Due by", "", row.Due))}
	if len(p.findings) > 0 {
		parts = append(parts, kit.FieldBlock("Findings it addresses", "", checks))
	}
	row.box = kit.Card(container.NewVBox(parts...))
	p.Actions = append(p.Actions, row)
	p.actions.Add(row.box)
	p.number()
	p.update()
}

// removeAction takes an action off the plan, asking first when it says
// anything: a saved plan keeps it in its history.
func (p *Plan) removeAction(row *ActionRow) {
	remove := func() {
		p.Actions = slices.DeleteFunc(p.Actions, func(r *ActionRow) bool { return r == row })
		p.actions.Remove(row.box)
		p.number()
		p.changed()
		p.env.Relayout()
	}
	if strings.TrimSpace(row.What.Text) == "" && strings.TrimSpace(row.Person.Text) == "" {
		remove()
		return
	}
	d := dialog.NewConfirm("Remove this action?", "\""+firstWords(strings.TrimSpace(row.What.Text))+"\" comes off the plan. Until you save, Discard changes brings it back.",
		func(ok bool) {
			if ok {
				remove()
			}
		}, p.env.Win)
	d.SetConfirmText("Remove")
	d.SetConfirmImportance(widget.DangerImportance)
	d.SetDismissText("Keep it")
	d.Show()
}

// number titles the actions in order.
func (p *Plan) number() {
	for i, row := range p.Actions {
		row.title.SetText("Action " + strconv.Itoa(i+1))
	}
}

// read is the plan as the screen shows it, and what could not be read.
func (p *Plan) read() (model.Plan, model.Problems) {
	var ps model.Problems
	rec := model.Plan{Agreed: p.Agreed.Checked, AgreedOn: p.readDate(p.AgreedOn, "agreed_on", "date it was agreed", &ps), ReviewBy: p.readDate(p.ReviewBy, "review_by", "review date", &ps)}
	for _, row := range p.Actions {
		a := model.PlanAction{ID: row.id, What: strings.TrimSpace(row.What.Text), Agency: agencyOf(p.env.Cat, row.Agency),
			Person: strings.TrimSpace(row.Person.Text)}
		a.Due, _ = kit.ParseDate(row.Due.Text, p.env.Now())
		for _, fd := range p.findings {
			if row.Addresses[fd.ID].Checked {
				a.Addresses = append(a.Addresses, fd.ID)
			}
		}
		rec.Actions = append(rec.Actions, a)
	}
	for _, fd := range p.findings {
		if r := strings.TrimSpace(p.Findings[fd.ID].Reason.Text); r != "" {
			rec.NoAction = append(rec.NoAction, model.NoAction{Finding: fd.ID, Reason: r})
		}
		if c, ok := p.closed[fd.ID]; ok {
			rec.Closed = append(rec.Closed, c)
		}
	}
	return rec, ps
}

// update marks each finding addressed or not, as the plan stands.
func (p *Plan) update() {
	if p.Agreed == nil || p.Open == nil {
		return
	}
	rec, _ := p.read()
	open, closed := 0, 0
	for _, cv := range rec.Coverage(p.findings) {
		row := p.Findings[cv.Finding.ID]
		switch {
		case cv.Closed != nil:
			closed++
			row.Status.SetText("Closed on " + cv.Closed.On.Format(kit.ShortDate) + ": " + cv.Closed.Reason)
			row.Status.Importance = widget.MediumImportance
		case len(cv.Actions) > 0:
			var names []string
			for _, a := range cv.Actions {
				names = append(names, firstWords(a.What))
			}
			row.Status.SetText("Addressed by: " + strings.Join(names, "; "))
			row.Status.Importance = widget.SuccessImportance
		case cv.Addressed():
			row.Status.SetText("No action needed: reason recorded")
			row.Status.Importance = widget.MediumImportance
		default:
			open++
			row.Status.SetText("Not addressed yet: add an action, or write why none is needed")
			row.Status.Importance = widget.DangerImportance
		}
		row.Status.Refresh()
	}
	switch {
	case open == 0 && closed == 0:
		p.Open.SetText("Every finding is addressed.")
		p.Open.Importance = widget.SuccessImportance
	case open == 0:
		p.Open.SetText("Every open finding is addressed; " + strconv.Itoa(closed) + " closed.")
		p.Open.Importance = widget.SuccessImportance
	default:
		p.Open.SetText(strconv.Itoa(open) + " of " + strconv.Itoa(len(p.findings)-closed) + " open findings not addressed yet.")
		p.Open.Importance = widget.DangerImportance
	}
	p.Open.Refresh()
}

func firstWords(s string) string {
	if s == "" {
		return "an action not yet described"
	}
	if r := []rune(s); len(r) > 60 {
		return string(r[:59]) + "…"
	}
	return s
}
