// Package supervise holds a supervisor's screens: their home, with the team's
// cases and what waits on them, and the review of a record, where they comment,
// return work or sign it off. They move to a child's page and elsewhere only by
// route (env.Go), never by importing another area.
package supervise

import (
	"cmp"
	"slices"
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

// AllPractitioners is the practitioner filter's choice of every case.
const AllPractitioners = "All practitioners"

// Home is a supervisor's home: the team's cases and what waits on the
// supervisor, one tab for each kind of thing.
type Home struct {
	Search       *kit.Entry
	Practitioner *widget.Select
	Tabs         *container.AppTabs
	Summary      *widget.Label

	Waiting     []Row    // each child with work waiting for review, the longest waiting first; a row opens the oldest
	NotSafe     []Row    // children who said in child mode they do not feel safe, with nothing done recorded yet
	Overdue     []Row    // return home interviews past the 72 hours
	Supervision []Row    // children with no supervision within the interval
	Actions     []Row    // supervision actions past their date
	Trouble     []Row    // conflicts, quarantined versions, records that do not open
	Cases       []Row    // every case of the team, with its oversight figures
	Figures     []Figure // each practitioner's, as the chart draws them

	waiting   int // records waiting for review, in every child's case
	lists     []*widget.List
	drawChart func([]Figure)
	load      func()
	loadedAt  time.Time
}

// Row is one line of a list on the supervisor's home.
type Row struct {
	CaseID, RecordID string // RecordID set: the row opens its review
	Title, Detail    string
	Note             string
	Extra            string // a fourth line, on the team's cases: how the case is supervised
	Importance       widget.Importance
	since            time.Time // for the order of the waiting list
}

// NewHome builds a supervisor's home. r is its route, which keeps the search
// and the filter while pages come and go.
func NewHome(env page.Env, r *page.Route) *page.View {
	h := &Home{}
	h.Search = env.NewEntry("Search by name")
	h.Search.ActionItem = widget.NewIcon(theme.SearchIcon())
	h.Summary = kit.Para("")
	h.Practitioner = widget.NewSelect(nil, nil)

	tab := func(rows *[]Row, lines int) *widget.List {
		l := widget.NewList(func() int { return len(*rows) }, func() fyne.CanvasObject { return newRowObject(lines) },
			func(i widget.ListItemID, o fyne.CanvasObject) { updateRowObject(o, (*rows)[i]) })
		l.OnSelected = func(i widget.ListItemID) {
			env.Touch()
			l.UnselectAll()
			row := (*rows)[i]
			if row.RecordID != "" {
				env.Go(page.Route{Kind: page.Review, CaseID: row.CaseID, RecordID: row.RecordID})
				return
			}
			env.Go(page.Route{Kind: page.Child, CaseID: row.CaseID})
		}
		h.lists = append(h.lists, l)
		return l
	}
	tabs := []struct {
		name  string
		rows  *[]Row
		lines int
	}{
		{"Waiting for review", &h.Waiting, 3},
		{"Not feeling safe", &h.NotSafe, 3},
		{"Interviews overdue", &h.Overdue, 3},
		{"Supervision due", &h.Supervision, 3},
		{"Actions overdue", &h.Actions, 3},
		{"Conflicts", &h.Trouble, 3},
		{"Team's cases", &h.Cases, 4},
	}
	h.Tabs = container.NewAppTabs()
	for _, t := range tabs {
		h.Tabs.Append(container.NewTabItem(t.name, tab(t.rows, t.lines)))
	}
	h.Tabs.Append(container.NewTabItem("Oversight chart", newChart(env, h)))

	h.load = func() {
		now := env.Now()
		h.loadedAt = now
		var sums []model.Summary
		if q := strings.TrimSpace(h.Search.Text); q != "" {
			sums = env.Store.Search(q)
		} else {
			sums = env.Store.Cases()
		}
		who := h.Practitioner.Selected
		sums = slices.DeleteFunc(slices.Clone(sums), func(s model.Summary) bool {
			return s.Child.RecordID == "" && s.Records() == 0 || who != "" && who != AllPractitioners && s.Child.Value.AllocatedWorker != who
		})
		quarantined := map[string]int{}
		for _, q := range env.Store.QuarantinedVersions() {
			quarantined[q.CaseID]++
		}
		interval := env.Store.SupervisionInterval()
		h.fill(sums, env.Cat, env.Store.DamagedCases(), quarantined, interval, now)
		h.drawChart(figuresByPractitioner(sums, interval, now))
		for i, t := range tabs {
			n := len(*t.rows)
			if t.rows == &h.Waiting {
				n = h.waiting
			}
			h.Tabs.Items[i].Text = t.name + " (" + strconv.Itoa(n) + ")"
		}
		h.Tabs.Refresh()
		h.Summary.SetText(h.summary())
		for _, l := range h.lists {
			l.Refresh()
		}
	}
	h.Practitioner.Options = practitioners(env.Store.Cases())
	h.Practitioner.PlaceHolder = AllPractitioners
	if r.Filter != "" {
		h.Practitioner.Selected = r.Filter
	}
	h.Practitioner.OnChanged = func(who string) {
		r.Filter = who
		h.load()
	}
	h.Search.SetText(r.Query)
	h.Search.OnChanged = func(q string) {
		r.Query = q
		h.load()
	}
	h.load()

	top := container.NewPadded(container.NewVBox(
		container.NewBorder(nil, nil, nil, h.Practitioner, h.Search),
		h.Summary,
	))
	settings := env.Button("Settings", theme.SettingsIcon(), func() { env.Go(page.Route{Kind: page.Settings}) })
	title := "Supervision"
	if p := env.Store.Profile(); p.Name != "" {
		title += ": " + p.Name
	}
	return &page.View{
		Title:   title,
		Content: container.NewBorder(top, nil, nil, nil, h.Tabs),
		Actions: []fyne.CanvasObject{settings},
		Tick: func() {
			if env.Now().Sub(h.loadedAt) >= time.Minute {
				h.load()
			}
		},
		Screen: h,
	}
}

// practitioners are the names the filter offers: every allocated worker of the
// team's cases, and all of them.
func practitioners(sums []model.Summary) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range sums {
		if w := strings.TrimSpace(s.Child.Value.AllocatedWorker); w != "" && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return append([]string{AllPractitioners}, out...)
}

// fill makes every list of the home from the cases' summaries, with the
// catalogue's rules of what falls due and the team's supervision interval.
func (h *Home) fill(sums []model.Summary, cat *model.Catalogue, damaged, quarantined map[string]int, interval time.Duration, now time.Time) {
	h.Waiting, h.NotSafe, h.Overdue, h.Supervision, h.Actions, h.Trouble, h.Cases = nil, nil, nil, nil, nil, nil, nil
	h.waiting = 0
	model.SortCaseload(sums, cat, now)
	for _, s := range sums {
		name := kit.ChildName(s.Child)
		o := s.Oversight
		worker := s.Child.Value.AllocatedWorker
		if w := o.Oldest; o.Waiting > 0 {
			detail := "Oldest: " + kit.KindLabel(w.Kind) + ", saved by " + kit.OrSomeone(w.By) + ", " + w.Saved.In(time.Local).Format(kit.ShortDateTime)
			if w.Signed > 0 {
				detail += "; signed off version " + strconv.Itoa(w.Signed) + ", changed since"
			}
			h.Waiting = append(h.Waiting, Row{CaseID: s.ID, RecordID: w.RecordID, Title: name + ": " + kit.Plural(o.Waiting, "record", "records") + " waiting",
				Detail: detail, Note: "Waiting " + model.Span(model.Between(w.Saved, now)), Importance: widget.WarningImportance, since: w.Saved})
			h.waiting += o.Waiting
		}
		if !s.NotSafe.IsZero() {
			h.NotSafe = append(h.NotSafe, Row{CaseID: s.ID, Title: name, Detail: "Allocated worker: " + kit.OrSomeone(worker),
				Note: kit.NotSafeText(s.NotSafe) + "; nothing done recorded yet", Importance: widget.DangerImportance})
		}
		if d := s.NextDue(now); d.State == model.RHIOverdue {
			h.Overdue = append(h.Overdue, Row{CaseID: s.ID, Title: name, Detail: "Allocated worker: " + kit.OrSomeone(worker),
				Note: d.Describe(now), Importance: widget.DangerImportance})
		}
		if o.SupervisionOverdue(interval, now) {
			note := "No case supervision recorded"
			if !o.Supervised.IsZero() {
				note = "Last supervised " + model.Span(model.Between(o.Supervised, now)) + " ago; due " + o.SupervisionDue(interval).In(time.Local).Format(kit.ShortDate)
			}
			h.Supervision = append(h.Supervision, Row{CaseID: s.ID, Title: name, Detail: "Allocated worker: " + kit.OrSomeone(worker),
				Note: note, Importance: widget.WarningImportance})
		}
		for _, a := range o.OverdueActions(now) {
			h.Actions = append(h.Actions, Row{CaseID: s.ID, Title: name + ": " + a.What, Detail: "For " + a.Owner,
				Note: "Due " + a.Due.In(time.Local).Format(kit.ShortDate) + ", overdue by " + model.Span(model.Between(a.Due, now)), Importance: widget.DangerImportance})
		}
		var trouble []string
		if s.Conflicts > 0 {
			trouble = append(trouble, kit.Plural(s.Conflicts, "record in conflict", "records in conflict"))
		}
		if n := quarantined[s.ID]; n > 0 {
			trouble = append(trouble, kit.Plural(n, "version refused by the central store", "versions refused by the central store"))
		}
		if n := damaged[s.ID]; n > 0 {
			trouble = append(trouble, kit.Plural(n, "record that does not open", "records that do not open"))
		}
		if len(trouble) > 0 {
			h.Trouble = append(h.Trouble, Row{CaseID: s.ID, Title: name, Detail: "Allocated worker: " + kit.OrSomeone(worker),
				Note: strings.Join(trouble, " · "), Importance: widget.DangerImportance})
		}
		reviewed, supervised := figures(o, now)
		h.Cases = append(h.Cases, Row{CaseID: s.ID, Title: name + " · " + kit.OrSomeone(worker), Detail: reviewed,
			Note: s.NextDue(now).Describe(now), Importance: kit.DueImportance(s.NextDue(now)), Extra: supervised})
	}
	slices.SortStableFunc(h.Waiting, func(a, b Row) int { return cmp.Compare(a.since.UnixNano(), b.since.UnixNano()) })
}

// figures are a case's oversight figures, in two lines: when it was last
// signed off, by whom and how long that work waited; when it was last
// supervised and by whom, and how much waits now.
func figures(o model.Oversight, now time.Time) (reviewed, supervised string) {
	reviewed = "Never signed off"
	if !o.SignedOff.IsZero() {
		reviewed = "Signed off " + model.Span(model.Between(o.SignedOff, now)) + " ago by " + kit.OrSomeone(o.SignedOffBy) + "; waited " + model.Span(o.Waited)
	}
	supervised = "Never supervised"
	if !o.Supervised.IsZero() {
		supervised = "Supervised " + model.Span(model.Between(o.Supervised, now)) + " ago by " + kit.OrSomeone(o.SupervisedBy)
	}
	if o.Waiting > 0 {
		supervised += " · " + strconv.Itoa(o.Waiting) + " waiting"
	}
	return reviewed, supervised
}

// summary counts what waits on the supervisor, in words.
func (h *Home) summary() string {
	parts := []string{kit.Plural(len(h.Cases), "child", "children")}
	if n := h.waiting; n > 0 {
		parts = append(parts, kit.Plural(n, "record waiting for review", "records waiting for review"))
	}
	if n := len(h.NotSafe); n > 0 {
		parts = append(parts, strconv.Itoa(n)+" said they don't feel safe")
	}
	if n := len(h.Overdue); n > 0 {
		parts = append(parts, kit.Plural(n, "interview overdue", "interviews overdue"))
	}
	if n := len(h.Supervision); n > 0 {
		parts = append(parts, strconv.Itoa(n)+" due supervision")
	}
	if n := len(h.Actions); n > 0 {
		parts = append(parts, kit.Plural(n, "action overdue", "actions overdue"))
	}
	return strings.Join(parts, " · ")
}

// newRowObject is the template of a row: a title over its detail and note,
// and on four lines the extra line.
func newRowObject(lines int) fyne.CanvasObject {
	box := container.NewVBox(kit.Bold(""))
	for range lines - 1 {
		box.Add(widget.NewLabel(""))
	}
	for _, o := range box.Objects {
		o.(*widget.Label).Truncation = fyne.TextTruncateEllipsis
	}
	return box
}

func updateRowObject(o fyne.CanvasObject, r Row) {
	c := o.(*fyne.Container)
	c.Objects[0].(*widget.Label).SetText(r.Title)
	c.Objects[1].(*widget.Label).SetText(r.Detail)
	note := c.Objects[2].(*widget.Label)
	note.Importance = r.Importance
	note.SetText(r.Note)
	if len(c.Objects) > 3 {
		c.Objects[3].(*widget.Label).SetText(r.Extra)
	}
}
