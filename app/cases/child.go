package cases

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
)

// ChildPage is a child's page: who they are, what is due, what to do next, and
// the timeline of their episodes, interviews and voice.
type ChildPage struct {
	CaseID    string
	list      *widget.List // the timeline
	Events    []TimelineRow
	Episode   *widget.Button
	Interview *widget.Button
	Voice     *widget.Button
	ChildMode *widget.Button
	Edit      *widget.Button
	Screen    *widget.Button
	Health    *widget.Button
	Plan      *widget.Button
	Review    *widget.Button
	// Information records what an agency told the team about the child.
	Information *widget.Button
	// Supervision records a case supervision.
	Supervision *widget.Button
	// AccessLog shows who opened the child's record.
	AccessLog *widget.Button
	// DealtWith records what was done when the child said in child mode that
	// they do not feel safe; nil when nothing waits for it. Asked is its
	// dialog once open.
	DealtWith *widget.Button
	Asked     *kit.Asked
}

// TimelineRow is one event on the timeline, with where it stands on the
// 72-hour clock if it is an episode.
type TimelineRow struct {
	event  model.Event
	When   string
	status string
	Due    model.Due
}

// timelineRows lists a case's events for the timeline.
func timelineRows(c *model.Case, cat *model.Catalogue, now time.Time) []TimelineRow {
	var out []TimelineRow
	for _, ev := range c.Timeline(cat) {
		r := TimelineRow{event: ev, When: ev.At.In(time.Local).Format(kit.ShortDateTime)}
		if ev.DateOnly {
			r.When = ev.At.UTC().Format(kit.ShortDate)
		}
		if ev.Kind == model.KindEpisode {
			if e, ok := c.Episode(ev.RecordID); ok {
				s := c.RHIStatusOf(e, now)
				r.Due = model.Due{State: s.State, EpisodeID: e.RecordID, Deadline: s.Deadline}
				r.status = rhiStatusText(s, now)
			}
		}
		if ev.Conflict {
			r.status = strings.TrimPrefix(r.status+" · Conflict to resolve", " · ")
		}
		out = append(out, r)
	}
	return out
}

// rhiStatusText says where an episode stands on the 72-hour clock.
func rhiStatusText(s model.RHIStatus, now time.Time) string {
	switch s.State {
	case model.RHIOverdue, model.RHIDue, model.RHIStillMissing:
		return model.Due{State: s.State, Deadline: s.Deadline}.Describe(now)
	case model.RHIHeld:
		return "Interview held within 72 hours"
	case model.RHIHeldLate:
		return "Interview held after 72 hours"
	case model.RHINotHeld:
		return "Interview not held (recorded)"
	}
	return ""
}

// childFacts are the lines of a child's header.
func childFacts(c *model.Case, cat *model.Catalogue, now time.Time) []string {
	ch := c.Child.Value
	facts := []string{"Age " + strconv.Itoa(model.AgeOn(ch.DateOfBirth, now)) + ", born " + ch.DateOfBirth.UTC().Format(kit.ShortDate)}
	place := cat.Label(ch.Placement)
	if ch.PlacementDetail != "" {
		place += ": " + ch.PlacementDetail
	}
	facts = append(facts, place)
	if ch.LookedAfter {
		facts = append(facts, "Looked after by the local authority")
	} else {
		facts = append(facts, "Not looked after")
	}
	facts = append(facts, "Allocated worker: "+ch.AllocatedWorker)
	if ch.NHSNumber != "" {
		facts = append(facts, "NHS number: "+ch.NHSNumber)
	}
	return facts
}

// supervisionLine says when the child's case was last supervised, when it is
// next due, and what actions are overdue.
func supervisionLine(o model.Oversight, interval time.Duration, now time.Time) *widget.Label {
	text := "No case supervision recorded yet."
	if !o.Supervised.IsZero() {
		text = "Last supervised " + o.Supervised.In(time.Local).Format(kit.ShortDate) + " by " + kit.OrSomeone(o.SupervisedBy) +
			"; next due by " + o.SupervisionDue(interval).In(time.Local).Format(kit.ShortDate) + "."
	}
	if n := len(o.OverdueActions(now)); n > 0 {
		text += " " + kit.Plural(n, "action from supervision is overdue.", "actions from supervision are overdue.")
	}
	l := kit.Para(text)
	if o.SupervisionOverdue(interval, now) || len(o.OverdueActions(now)) > 0 {
		l.Importance = widget.WarningImportance
	}
	return l
}

// NewChild builds the page of the child of case caseID.
func NewChild(env page.Env, caseID string) *page.View {
	c, ok := env.Store.Case(caseID)
	if !ok {
		c = &model.Case{ID: caseID}
	}
	damaged := env.Store.DamagedCases()[caseID]
	if !ok && damaged == 0 {
		return &page.View{Title: "Child", Content: kit.Para("This child's record could not be found.")}
	}
	now := env.Now()
	s := &ChildPage{CaseID: caseID, Events: timelineRows(c, env.Cat, now)}

	header := container.NewVBox(kit.Heading(c.Child.Value.Name), kit.Para(strings.Join(childFacts(c, env.Cat, now), "\n")))
	if c.Child.RecordID == "" {
		why := "Their details are kept on this device but cannot be opened: the record may be damaged."
		if damaged == 0 {
			why = "Their details are not on this device."
		}
		name := kit.UnreadableChild
		if sum, ok := env.Store.Summary(caseID); ok && sum.Child.RecordID != "" {
			name = sum.Child.Value.Name // as this device last saw them
		}
		header = container.NewVBox(kit.Heading(name), kit.Para(why+" Nothing has been changed or deleted. "+
			"Ask your administrator for help, and do not add the child again. What can be opened is below."))
	} else if damaged > 0 {
		header.Add(kit.Para(kit.Plural(damaged, "record", "records") + " of this child cannot be opened: " +
			"they are kept on this device, unchanged. Ask your administrator for help."))
	}
	if banner := s.notSafeBanner(env, c, now); banner != nil {
		header.Objects = append([]fyne.CanvasObject{banner}, header.Objects...)
	}
	due := c.NextDue(now)
	dueLabel := kit.Bold(due.Describe(now))
	dueLabel.Importance = kit.DueImportance(due)
	dueIcon := kit.DueIcon(due)
	if all := c.Summary().AllDue(env.Cat, now); !due.Pressing() && len(all) > 0 {
		// No interview clock running: the most pressing of screening and planning.
		dueLabel.SetText(all[0].Describe(now))
		dueLabel.Importance, dueIcon = widget.WarningImportance, theme.NewWarningThemedResource(theme.HistoryIcon())
		if all[0].Overdue(now) {
			dueLabel.Importance, dueIcon = widget.DangerImportance, theme.NewErrorThemedResource(theme.ErrorIcon())
		}
	}
	dueLabel.Truncation = fyne.TextTruncateOff
	dueLabel.Wrapping = fyne.TextWrapWord
	header.Add(container.NewBorder(nil, nil, widget.NewIcon(dueIcon), nil, dueLabel))
	if sum, ok := env.Store.Summary(caseID); ok {
		header.Add(supervisionLine(sum.Oversight, env.Store.SupervisionInterval(), now))
	}
	if c.Child.Conflict {
		header.Add(env.Button("Their details have a conflict: resolve it", theme.WarningIcon(), func() { env.Go(page.Route{Kind: page.Record, CaseID: caseID, RecordID: c.Child.RecordID}) }))
	}

	s.Episode = env.Button("Missing episode", theme.ContentAddIcon(), func() { env.Go(page.Route{Kind: page.NewEpisode, CaseID: caseID}) })
	s.Interview = env.Button("Return interview", theme.DocumentCreateIcon(), func() { env.Go(page.Route{Kind: page.NewInterview, CaseID: caseID}) })
	if len(c.Episodes) == 0 {
		s.Interview.Disable()
	}
	if due.State == model.RHIDue || due.State == model.RHIOverdue {
		s.Interview.Importance = widget.HighImportance
		s.Interview.OnTapped = func() {
			env.Touch()
			env.Go(page.Route{Kind: page.NewInterview, CaseID: caseID, RecordID: due.EpisodeID})
		}
	}
	s.Voice = env.Button("Child's voice", theme.ContentAddIcon(), func() { env.Go(page.Route{Kind: page.NewVoice, CaseID: caseID}) })
	s.ChildMode = env.Button("Child mode", theme.ViewFullScreenIcon(), func() { env.Go(page.Route{Kind: page.StartChildMode, CaseID: caseID}) })
	s.Edit = env.Button("Edit details", theme.DocumentCreateIcon(), func() { env.Go(page.Route{Kind: page.EditChild, CaseID: caseID}) })
	if c.Child.RecordID == "" {
		// Without the child's details there is no name to show in child mode and
		// nothing to edit; episodes, interviews and voice can still be recorded.
		s.ChildMode.Disable()
		s.Edit.Disable()
	}
	s.Supervision = env.Button("Case supervision", theme.ContentAddIcon(), func() { env.Go(page.Route{Kind: page.NewSupervision, CaseID: caseID}) })
	s.AccessLog = env.Button("Access log", theme.VisibilityIcon(), func() { env.Go(page.Route{Kind: page.AccessLog, CaseID: caseID}) })
	actions := kit.WrapRow(s.Episode, s.Interview, s.Voice, s.ChildMode, s.Edit, s.Supervision, s.AccessLog)

	side := container.NewVBox(header, widget.NewSeparator(), actions, widget.NewSeparator(), s.practice(env, c))
	var drafts []fyne.CanvasObject
	for _, d := range kit.Drafts(env.Store) {
		if d.CaseID != caseID {
			continue
		}
		d := d
		drafts = append(drafts, container.NewBorder(nil, nil, nil,
			env.Button("Carry on", theme.NavigateNextIcon(), func() { env.Go(page.Route{Kind: page.OpenDraft, CaseID: d.CaseID, RecordID: d.RecordID}) }),
			kit.Para("Not saved yet: "+kit.KindLabel(d.Kind)+", kept "+d.Saved.In(time.Local).Format(kit.ShortDateTime))))
	}
	if len(drafts) > 0 {
		side.Add(widget.NewSeparator())
		side.Add(container.NewVBox(drafts...))
	}

	s.list = widget.NewList(func() int { return len(s.Events) }, newTimelineObject,
		func(i widget.ListItemID, o fyne.CanvasObject) { updateTimelineObject(o, s.Events[i]) })
	s.list.OnSelected = func(i widget.ListItemID) {
		env.Touch()
		s.list.UnselectAll()
		ev := s.Events[i].event
		to := page.Route{Kind: page.Record, CaseID: caseID, RecordID: ev.RecordID}
		switch ev.Kind {
		case model.KindScreening:
			to.Kind = page.Screening
		case model.KindHealth:
			to.Kind = page.HealthReview
		case model.KindPlan:
			to.Kind = page.Plan
		case model.KindPlanReview:
			to.Kind = page.PlanReview
		}
		env.Go(to)
	}
	var timeline fyne.CanvasObject = s.list
	if len(s.Events) == 0 {
		timeline = container.NewPadded(kit.Para("Nothing recorded yet. Add a missing episode or the child's voice."))
	}
	right := container.NewBorder(container.NewPadded(kit.Subheading("Timeline")), nil, nil, nil, timeline)
	left := container.NewVScroll(container.NewPadded(side))
	return &page.View{
		Title:   kit.ChildName(c.Child),
		Content: container.New(kit.Split{First: 460, Breakpoint: 1000}, left, right),
		Screen:  s,
	}
}

// practice is the child's risk level, what is due of screening and planning,
// the chart of their risk over time, and the buttons that screen and plan.
func (s *ChildPage) practice(env page.Env, c *model.Case) fyne.CanvasObject {
	now := env.Now()
	sum := c.Summary()
	box := container.NewVBox(kit.Subheading("Risk and plan"))
	risk := kit.Para("Risk level: " + sum.Practice.Risk.Label())
	risk.TextStyle.Bold = true
	box.Add(risk)
	for _, d := range sum.PracticeDue(env.Cat, now) {
		l := kit.Para(d.Describe(now))
		if d.Overdue(now) {
			l.Importance = widget.DangerImportance
		}
		box.Add(l)
	}
	var episodes, interviews []time.Time
	for _, e := range c.Episodes {
		episodes = append(episodes, e.Value.WentMissing)
	}
	for _, r := range c.Interviews {
		if r.Value.Held {
			interviews = append(interviews, r.Value.HeldAt)
		}
	}
	box.Add(kit.NewRiskChart(c.RiskHistory(), episodes, interviews, now))
	screen := "Screening"
	if _, ok := c.LatestScreening(); ok {
		screen = "Re-screen"
	}
	s.Screen = env.Button(screen, theme.DocumentCreateIcon(), func() { env.Go(page.Route{Kind: page.Screening, CaseID: c.ID}) })
	s.Health = env.Button("Health review", theme.ContentAddIcon(), func() { env.Go(page.Route{Kind: page.HealthReview, CaseID: c.ID}) })
	planID := ""
	p, planned := c.LatestPlan()
	if planned {
		planID = p.RecordID
	}
	s.Plan = env.Button("Plan", theme.DocumentCreateIcon(), func() { env.Go(page.Route{Kind: page.Plan, CaseID: c.ID, RecordID: planID}) })
	s.Review = env.Button("Plan review", theme.ContentAddIcon(), func() { env.Go(page.Route{Kind: page.PlanReview, CaseID: c.ID}) })
	s.Information = env.Button("New information", theme.ContentAddIcon(), func() { env.Go(page.Route{Kind: page.NewInformation, CaseID: c.ID}) })
	if !planned || !p.Value.Agreed {
		s.Review.Disable() // a plan is reviewed once it is agreed
	}
	box.Add(kit.WrapRow(s.Screen, s.Health, s.Plan, s.Review, s.Information))
	return box
}

// notSafeShownFor is how long a child's page shows, at its top, what was done
// when they pressed "I don't feel safe" in child mode; until something is
// recorded it shows for as long as it takes, and the timeline keeps it for good.
const notSafeShownFor = 7 * 24 * time.Hour

// notSafeBanner tells the worker, above everything else on the child's page,
// when the child said in child mode that they do not feel safe: in red with
// what to do next while nobody has recorded what was done, and quietly for a
// week after that. It is nil when there is nothing to tell.
func (s *ChildPage) notSafeBanner(env page.Env, c *model.Case, now time.Time) fyne.CanvasObject {
	name := kit.ChildName(c.Child)
	box := container.NewVBox()
	if open := c.NotSafeOpen(); len(open) > 0 {
		var when []string
		for _, a := range open {
			when = append(when, a.Value.RecordedAt.In(time.Local).Format(kit.ShortDateTime))
		}
		title := kit.Subheading(name + " said they don't feel safe")
		title.Importance = widget.DangerImportance
		latest := open[len(open)-1].RecordID
		s.DealtWith = env.Primary("Record what was done", theme.DocumentCreateIcon(), func() { s.recordDealtWith(env, c.ID) })
		box.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.NewErrorThemedResource(theme.WarningIcon())), nil, title))
		box.Add(kit.Para("They pressed \u201cI don't feel safe\u201d in child mode: " + strings.Join(when, "; ") +
			". Nobody has recorded yet what was done about it."))
		box.Add(kit.Para(kit.NotSafeNext))
		box.Add(kit.WrapRow(s.DealtWith, env.Button("Open it", theme.NavigateNextIcon(), func() {
			env.Go(page.Route{Kind: page.Record, CaseID: c.ID, RecordID: latest})
		})))
	}
	for _, a := range c.NotSafeSince(time.Time{}) {
		r := a.Value.Response
		if r == nil || r.At.Before(now.Add(-notSafeShownFor)) {
			continue
		}
		box.Add(kit.Para(name + " said they don't feel safe on " + a.Value.RecordedAt.In(time.Local).Format(kit.ShortDateTime) +
			". What was done, recorded by " + kit.OrSomeone(a.SavedBy) + " on " + r.At.In(time.Local).Format(kit.ShortDateTime) + ": " + r.What))
	}
	if len(box.Objects) == 0 {
		return nil
	}
	return kit.Card(box)
}

// recordDealtWith asks what was done when the child said they did not feel
// safe, and records it on every such entry of case caseID still waiting: a new
// version of each, so the child's press and its time stay as they were.
func (s *ChildPage) recordDealtWith(env page.Env, caseID string) {
	s.Asked = env.AskText("What was done", "Write what you did when they said they did not feel safe: who you talked to, "+
		"what they said, and who you told. It stays on their timeline.", "Save", "Write what was done before saving.", func(what string) error {
		c, ok := env.Store.Case(caseID)
		if !ok {
			return errors.New("The child's record could not be opened. Nothing was changed: try again.")
		}
		at := env.Now()
		for _, a := range c.NotSafeOpen() {
			v := a.Value
			v.Response = &model.NotSafeResponse{At: at, What: what}
			if _, err := env.Store.Save(caseID, a.RecordID, []string{a.VersionID}, v); err != nil {
				return fmt.Errorf("What was done could not be saved (%v). What you wrote is still here: try again.", err)
			}
		}
		env.Refresh()
		return nil
	})
}

// newTimelineObject is the template of a timeline row: an icon for the kind, the
// date, the title and detail, and for an episode where it stands on the clock.
func newTimelineObject() fyne.CanvasObject {
	icon := widget.NewIcon(nil)
	when := widget.NewLabel("")
	title := kit.Bold("")
	detail := widget.NewLabel("")
	detail.Truncation = fyne.TextTruncateEllipsis
	status := widget.NewLabel("")
	status.Truncation = fyne.TextTruncateEllipsis
	return container.New(&timelineLayout{}, icon, when, title, detail, status)
}

func kindIcon(k model.Kind) fyne.Resource {
	switch k {
	case model.KindEpisode:
		return theme.SearchIcon()
	case model.KindInterview:
		return theme.DocumentIcon()
	case model.KindVoice:
		return theme.AccountIcon()
	case model.KindSupervision:
		return theme.ConfirmIcon()
	}
	return theme.InfoIcon()
}

func updateTimelineObject(o fyne.CanvasObject, r TimelineRow) {
	c := o.(*fyne.Container)
	c.Objects[0].(*widget.Icon).SetResource(kindIcon(r.event.Kind))
	c.Objects[1].(*widget.Label).SetText(r.When)
	c.Objects[2].(*widget.Label).SetText(r.event.Title)
	c.Objects[3].(*widget.Label).SetText(r.event.Detail)
	st := c.Objects[4].(*widget.Label)
	st.Importance = kit.DueImportance(r.Due)
	if r.event.Conflict {
		st.Importance = widget.WarningImportance
	}
	st.TextStyle.Bold = r.Due.Pressing()
	st.SetText(r.status)
}

// timelineLayout lays out a timeline row on three text lines: date and status,
// title, detail.
type timelineLayout struct{ threeLines }

// Layout implements fyne.Layout.
func (timelineLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	icon, when, title, detail, status := objs[0], objs[1], objs[2], objs[3], objs[4]
	p := theme.Padding()
	step, pad := rowLine()
	full := step + 2*pad
	icon.Resize(fyne.NewSquareSize(caseRowIcon))
	icon.Move(fyne.NewPos(2*p, (size.Height-caseRowIcon)/2))
	x := caseRowIcon + 3*p
	w := size.Width - x - p
	top := (size.Height - 3*step) / 2
	place := func(o fyne.CanvasObject, px, line, width float32) {
		o.Move(fyne.NewPos(px, top+line*step-pad))
		o.Resize(fyne.NewSize(width, full))
	}
	whenW := min(fyne.MeasureText("30 Sep 2026, 23:59", theme.TextSize(), fyne.TextStyle{}).Width+2*pad+p, w*0.45)
	place(when, x, 0, whenW)
	place(status, x+whenW, 0, w-whenW)
	place(title, x, 1, w)
	place(detail, x, 2, w)
}
