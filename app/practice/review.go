package practice

import (
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
)

// Review is the screen of a plan review, with the widgets tests reach.
type Review struct {
	*frame
	plan       model.Item[model.Plan]
	base       model.PlanReview
	HeldOn     *kit.Entry
	Progress   map[string]*widget.Select // by action ID
	Notes      map[string]*kit.Entry     // by action ID
	ChildView  *kit.Entry
	NextReview *kit.Entry
}

// NewPlanReview builds the plan review of route r: the saved one of
// r.RecordID, or a new review of the child's latest plan, which names the
// latest screening.
func NewPlanReview(env page.Env, r *page.Route) *page.View {
	f, saved, other := open(env, r, model.KindPlanReview)
	if f == nil {
		return other
	}
	v := &Review{frame: f, Progress: map[string]*widget.Select{}, Notes: map[string]*kit.Entry{}}
	if pr, ok := saved.(model.PlanReview); ok {
		v.base = pr
	} else {
		v.base = model.PlanReview{HeldOn: today(env.Now()), NextReview: today(env.Now()).AddDate(0, 0, env.Cat.Screening.PlanReviewDays)}
		if p, ok := f.c.LatestPlan(); ok {
			v.base.PlanID = p.RecordID
		}
		if s, ok := f.c.LatestScreening(); ok {
			v.base.Screening, v.base.Level = s.RecordID, s.Value.Chosen
		}
	}
	for _, p := range f.c.Plans {
		if p.RecordID == v.base.PlanID {
			v.plan = p
		}
	}
	v.HeldOn, v.NextReview = f.dateEntry(v.base.HeldOn), f.dateEntry(v.base.NextReview)
	v.ChildView = f.multi("What the child says of the plan and how life is different, in their words", 3)
	v.ChildView.SetText(v.base.ChildView)
	screening := "No screening yet."
	if v.base.Screening != "" {
		screening = "Latest screening: " + v.base.Level.Label() + "."
	}
	parts := []fyne.CanvasObject{kit.FieldBlock("Date of the review", "", v.HeldOn), kit.Subheading("Progress on each action")}
	var labels []string
	for _, p := range model.Progresses {
		labels = append(labels, p.Label())
	}
	for i, a := range v.plan.Value.Actions {
		sel := f.pick(labels, "How it stands")
		note := f.entry("What has happened")
		for _, ap := range v.base.Progress {
			if ap.Action == a.ID {
				sel.SetSelectedIndex(slices.Index(model.Progresses, ap.Status))
				note.SetText(ap.Note)
			}
		}
		v.Progress[a.ID], v.Notes[a.ID] = sel, note
		owner := env.Cat.Label(a.Agency)
		if a.Person != "" {
			owner += ", " + a.Person
		}
		parts = append(parts, kit.Card(container.NewVBox(kit.Bold("Action "+strconv.Itoa(i+1)), kit.Para(a.What),
			kit.Hint(owner+"; due by "+a.Due.Format("2 Jan 2006")), kit.Columns(2, sel, note))))
	}
	if len(v.plan.Value.Actions) == 0 {
		parts = append(parts, kit.Hint("The plan has no actions yet."))
	}
	parts = append(parts, kit.FieldBlock("The child's view", "", v.ChildView), kit.FieldBlock("Next review", "", v.NextReview))
	view := f.view("Plan review", v, kit.Para(screening), parts...)
	v.Save.OnTapped = func() {
		rec, ps := v.read()
		v.save(rec, append(ps, rec.CheckAgainst(v.plan.Value)...))
	}
	f.track(view, func() model.Record { rec, _ := v.read(); return rec })
	return view
}

// read is the review as the screen shows it, and what could not be read.
func (v *Review) read() (model.PlanReview, model.Problems) {
	var ps model.Problems
	rec := model.PlanReview{PlanID: v.base.PlanID, Screening: v.base.Screening, Level: v.base.Level,
		HeldOn: v.readDate(v.HeldOn, "held_on", "date of the review", &ps), NextReview: v.readDate(v.NextReview, "next_review", "next review date", &ps),
		ChildView: strings.TrimSpace(v.ChildView.Text)}
	for _, a := range v.plan.Value.Actions {
		if i := v.Progress[a.ID].SelectedIndex(); i >= 0 {
			rec.Progress = append(rec.Progress, model.ActionProgress{Action: a.ID, Status: model.Progresses[i], Note: strings.TrimSpace(v.Notes[a.ID].Text)})
		}
	}
	return rec, ps
}
