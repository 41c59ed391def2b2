// Package cases holds the screens a worker reads a caseload by: the caseload
// itself, a child's page with their timeline, one record with its history or
// its conflict, and the list of drafts not yet saved. They move to forms, child
// mode and each other only by route (env.Go), never by importing another area.
package cases

import (
	"image/color"
	"math"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
	"homeward/store"
)

// Caseload is home: every child, with the most pressing return home
// interviews at the top.
type Caseload struct {
	Search  *kit.Entry
	Filter  *widget.Select // one of Filters
	Add     *widget.Button
	List    *widget.List
	summary *widget.Label
	empty   *fyne.Container
	Rows    []Row
	// Feedback is what came back from supervision, above the list.
	Feedback *Feedback

	load     func()    // rebuilds the rows from the store
	loadedAt time.Time // when they were built, for the clock to move on
}

// Row is what the caseload shows of one child.
type Row struct {
	CaseID   string
	Name     string
	Detail   string
	Due      model.Due
	DueText  string
	Conflict bool
	Drafts   int
	Risk     model.Level
	Overdue  bool // what DueText says first is overdue
	// PracticeOverdue is set when a screening, a re-screen, a plan change, a
	// plan review or a strategy discussion is overdue, whatever DueText says
	// first (an interview overdue comes before it): the filter and the count
	// of the caseload find it.
	PracticeOverdue bool
	// NotSafe is when the child first pressed "I don't feel safe" in child
	// mode with nothing yet recorded about what was done; zero when nothing
	// waits.
	NotSafe time.Time
}

// caseRows turns case summaries into caseload rows, most pressing first. A case
// with nothing saved (a child abandoned while being added) is left out: its
// drafts are listed with the other drafts. A case with something that cannot be
// opened (damaged counts them) stays, even when the child's own details are
// among them, so that no child and no interview due drops out of sight.
func caseRows(cases []model.Summary, damaged map[string]int, perCase map[string]int, cat *model.Catalogue, now time.Time) []Row {
	var kept []model.Summary
	for _, c := range cases {
		if c.Child.RecordID != "" || damaged[c.ID] > 0 || c.Records() > 0 {
			kept = append(kept, c)
		}
	}
	model.SortCaseload(kept, cat, now)
	rows := make([]Row, len(kept))
	for i, c := range kept {
		d := c.NextDue(now)
		rows[i] = Row{CaseID: c.ID, Name: kit.ChildName(c.Child), Detail: caseDetail(c.Child, damaged[c.ID], cat, now), Due: d,
			DueText: d.Describe(now), Conflict: c.Conflicts > 0, Drafts: perCase[c.ID], Risk: c.Practice.Risk, Overdue: d.State == model.RHIOverdue}
		if rows[i].Risk != model.LevelUnknown {
			rows[i].Detail = rows[i].Risk.Label() + " · " + rows[i].Detail
		}
		// A child missing now comes first; otherwise the most pressing of the
		// interview, screening and planning, and how many more are due.
		all := c.AllDue(cat, now)
		rows[i].NotSafe = c.NotSafe
		switch {
		case d.State == model.RHIStillMissing:
		case !c.NotSafe.IsZero():
			rows[i].DueText, rows[i].Overdue = kit.NotSafeText(c.NotSafe), true
		case len(all) > 0:
			rows[i].DueText, rows[i].Overdue = all[0].Describe(now), all[0].Overdue(now)
		}
		for _, item := range all {
			rows[i].PracticeOverdue = rows[i].PracticeOverdue || (item.Kind != model.DueRHI && item.Overdue(now))
		}
	}
	return rows
}

// withUnreadable adds to cases those of damaged that have no summary at all.
func withUnreadable(cases []model.Summary, damaged map[string]int) []model.Summary {
	seen := make(map[string]bool, len(cases))
	for _, c := range cases {
		seen[c.ID] = true
	}
	for id := range damaged {
		if !seen[id] {
			cases = append(cases, model.Summary{ID: id})
		}
	}
	return cases
}

// caseDetail is the line under a child's name in the caseload.
func caseDetail(c model.Item[model.Child], damaged int, cat *model.Catalogue, now time.Time) string {
	switch {
	case c.RecordID == "" && damaged > 0:
		return kit.Plural(damaged, "record", "records") + " of this case cannot be opened. Nothing has been changed: ask your administrator."
	case c.RecordID == "":
		return "Their details are not on this device. Nothing has been changed: ask your administrator."
	}
	ch := c.Value
	parts := []string{"Age " + strconv.Itoa(model.AgeOn(ch.DateOfBirth, now)), cat.Label(ch.Placement)}
	if ch.LookedAfter {
		parts = append(parts, "looked after")
	}
	if damaged > 0 {
		parts = append(parts, kit.Plural(damaged, "record", "records")+" cannot be opened")
	}
	return strings.Join(parts, " · ")
}

// draftsPerCase counts the drafts of each case.
func draftsPerCase(drafts []store.DraftInfo) map[string]int {
	out := map[string]int{}
	for _, d := range drafts {
		out[d.CaseID]++
	}
	return out
}

// The choices of whom the caseload shows, the first showing everyone.
const (
	ShowEveryone = "Everyone"
	ShowMissing  = "Missing now"
	ShowOverdue  = "Interview overdue"
	ShowDue      = "Interview due"
	ShowPractice = "Screening or plan overdue"
	ShowNotSafe  = "Said they don't feel safe"
	ShowDrafts   = "With unsaved drafts"
)

// Filters lists the choices of whom the caseload shows.
var Filters = []string{ShowEveryone, ShowMissing, ShowNotSafe, ShowOverdue, ShowDue, ShowPractice, ShowDrafts}

// shown keeps the rows that filter, one of Filters, shows.
func shown(rows []Row, filter string) []Row {
	if filter == "" || filter == ShowEveryone {
		return rows
	}
	var out []Row
	for _, r := range rows {
		switch {
		case filter == ShowMissing && r.Due.State == model.RHIStillMissing,
			filter == ShowOverdue && r.Due.State == model.RHIOverdue,
			filter == ShowDue && r.Due.State == model.RHIDue,
			filter == ShowPractice && r.PracticeOverdue,
			filter == ShowNotSafe && !r.NotSafe.IsZero(),
			filter == ShowDrafts && r.Drafts > 0:
			out = append(out, r)
		}
	}
	return out
}

// caseloadSummary counts what is pressing, in words.
func caseloadSummary(rows []Row) string {
	var overdue, due, missing, practice, notSafe int
	for _, r := range rows {
		if r.PracticeOverdue {
			practice++
		}
		if !r.NotSafe.IsZero() {
			notSafe++
		}
		switch r.Due.State {
		case model.RHIOverdue:
			overdue++
		case model.RHIDue:
			due++
		case model.RHIStillMissing:
			missing++
		}
	}
	parts := []string{kit.Plural(len(rows), "child", "children")}
	if missing > 0 {
		parts = append(parts, strconv.Itoa(missing)+" missing now")
	}
	if notSafe > 0 {
		parts = append(parts, strconv.Itoa(notSafe)+" said they don't feel safe")
	}
	if overdue > 0 {
		parts = append(parts, kit.Plural(overdue, "interview overdue", "interviews overdue"))
	}
	if due > 0 {
		parts = append(parts, kit.Plural(due, "interview due", "interviews due"))
	}
	if practice > 0 {
		parts = append(parts, kit.Plural(practice, "with a screening or plan overdue", "with screenings or plans overdue"))
	}
	return strings.Join(parts, " · ")
}

// NewCaseload builds the caseload. r is its route, which keeps the search and
// the filter while pages come and go.
func NewCaseload(env page.Env, r *page.Route) *page.View {
	s := &Caseload{}
	s.Search = env.NewEntry("Search by name or NHS number")
	s.Search.ActionItem = widget.NewIcon(theme.SearchIcon())
	s.Add = env.Primary("Add a child", theme.ContentAddIcon(), func() { env.Go(page.Route{Kind: page.NewChild}) })
	s.summary = widget.NewLabel("")
	s.summary.Wrapping = fyne.TextWrapWord
	s.List = widget.NewList(
		func() int { return len(s.Rows) },
		newCaseRowObject,
		func(i widget.ListItemID, o fyne.CanvasObject) { updateCaseRowObject(o, s.Rows[i]) },
	)
	s.List.OnSelected = func(i widget.ListItemID) {
		env.Touch()
		s.List.UnselectAll()
		id := s.Rows[i].CaseID
		env.Go(page.Route{Kind: page.Child, CaseID: id})
	}
	s.empty = container.NewVBox(kit.Para(""))
	// Opening every draft is slow: count them once per build, not per keystroke.
	drafts := draftsPerCase(kit.Drafts(env.Store))
	load := func() {
		var cases []model.Summary
		damaged := env.Store.DamagedCases()
		if q := strings.TrimSpace(s.Search.Text); q != "" {
			cases = env.Store.Search(q)
		} else {
			cases = withUnreadable(env.Store.Cases(), damaged)
		}
		s.loadedAt = env.Now()
		rows := caseRows(cases, damaged, drafts, env.Cat, s.loadedAt)
		s.summary.SetText(caseloadSummary(rows))
		s.Rows = shown(rows, s.Filter.Selected)
		s.empty.Hidden = len(s.Rows) > 0
		say := "No children match. Check the spelling, or add a child."
		switch {
		case len(rows) == 0 && s.Search.Text == "":
			say = "No children yet. Add a child to start."
		case len(rows) > 0:
			say = "No children to show here. Choose " + ShowEveryone + " to see them all."
		}
		s.empty.Objects[0].(*widget.Label).SetText(say)
		s.List.Refresh()
	}
	s.Filter = widget.NewSelect(Filters, nil)
	s.Filter.SetSelected(ShowEveryone)
	if r.Filter != "" {
		s.Filter.SetSelected(r.Filter)
	}
	s.Search.SetText(r.Query)
	s.Search.OnChanged = func(q string) {
		r.Query = q
		load()
	}
	s.Filter.OnChanged = func(f string) {
		env.Touch()
		r.Filter = f
		load()
	}
	s.load = load
	load()
	top := container.NewPadded(container.NewVBox(
		container.NewBorder(nil, nil, s.Filter, s.Add, s.Search),
		s.summary,
	))
	if fb := newFeedback(env, s); fb != nil {
		top = container.NewVBox(container.NewPadded(fb), top)
	}
	settings := env.Button("Settings", theme.SettingsIcon(), func() { env.Go(page.Route{Kind: page.Settings}) })
	title := "Caseload"
	if p := env.Store.Profile(); p.Name != "" {
		title += " of " + p.Name
	}
	return &page.View{
		Title:   title,
		Content: container.NewBorder(top, nil, nil, nil, container.NewStack(s.List, container.NewPadded(s.empty))),
		Actions: []fyne.CanvasObject{settings},
		// The clock moves on while the caseload is on screen: once a minute it is
		// built again, so that an interview falls due, or overdue, in front of the
		// worker rather than at the next tap.
		Tick: func() {
			if env.Now().Sub(s.loadedAt) >= time.Minute {
				s.load()
			}
		},
		Screen: s,
	}
}

// newCaseRowObject is the template of a caseload row: a status icon, the child's
// name and details, and what is due, which moves under the name when narrow;
// behind them a shade that marks a child missing now, so that row stands
// apart from one that is only overdue.
func newCaseRowObject() fyne.CanvasObject {
	return container.NewStack(canvas.NewRectangle(color.Transparent), newCaseRowLines())
}

// missingShade is the shade behind the row of a child missing now.
func missingShade(o fyne.CanvasObject) *canvas.Rectangle {
	return o.(*fyne.Container).Objects[0].(*canvas.Rectangle)
}

func newCaseRowLines() fyne.CanvasObject {
	icon := widget.NewIcon(nil)
	name := kit.Bold("")
	detail := widget.NewLabel("")
	detail.Truncation = fyne.TextTruncateEllipsis
	due := widget.NewLabel("")
	due.Truncation = fyne.TextTruncateEllipsis
	flags := widget.NewLabel("")
	flags.Importance = widget.WarningImportance
	flags.Truncation = fyne.TextTruncateEllipsis
	return container.New(&caseRowLayout{}, icon, name, detail, due, flags)
}

func updateCaseRowObject(o fyne.CanvasObject, r Row) {
	shade := missingShade(o)
	shade.FillColor = color.Transparent
	if r.Due.State == model.RHIStillMissing {
		e := color.NRGBAModel.Convert(theme.Color(theme.ColorNameError)).(color.NRGBA)
		e.A = 40
		shade.FillColor = e
	}
	shade.Refresh()
	c := o.(*fyne.Container).Objects[1].(*fyne.Container)
	icon := kit.DueIcon(r.Due)
	switch {
	case !r.NotSafe.IsZero() && r.Due.State != model.RHIStillMissing:
		icon = theme.NewErrorThemedResource(theme.WarningIcon())
	case r.Overdue && !r.Due.Pressing():
		icon = theme.NewErrorThemedResource(theme.ErrorIcon())
	}
	c.Objects[0].(*widget.Icon).SetResource(icon)
	c.Objects[1].(*widget.Label).SetText(r.Name)
	c.Objects[2].(*widget.Label).SetText(r.Detail)
	due := c.Objects[3].(*widget.Label)
	due.Importance = kit.DueImportance(r.Due)
	if r.Overdue {
		due.Importance = widget.DangerImportance
	}
	due.TextStyle.Bold = r.Due.Pressing() || r.Overdue
	due.SetText(r.DueText)
	var flags []string
	if !r.NotSafe.IsZero() && r.Due.State == model.RHIStillMissing {
		flags = append(flags, "Said they don't feel safe")
	}
	if r.Conflict {
		flags = append(flags, "Conflict to resolve")
	}
	if r.Drafts > 0 {
		flags = append(flags, kit.Plural(r.Drafts, "unsaved draft", "unsaved drafts"))
	}
	c.Objects[4].(*widget.Label).SetText(strings.Join(flags, " · "))
	// The narrow layout shares the last line by what the labels say: lay the row
	// out again now they say it (a list sizes a row before it fills it in).
	c.Layout.Layout(c.Objects, c.Size())
}

// caseRowLayout lays out a caseload row. Wide: icon, name over details, and
// what is due on the right. Narrow: what is due goes on a third line. Labels
// carry their own padding, so lines are placed by the height of their text.
type caseRowLayout struct{ threeLines }

const caseRowIcon = 32

func rowLine() (step, pad float32) {
	h := fyne.MeasureText("Ag", theme.TextSize(), fyne.TextStyle{Bold: true}).Height
	return h + theme.LineSpacing(), theme.InnerPadding()
}

// threeLines gives a list row layout the height of three lines of text.
type threeLines struct{}

// MinSize implements fyne.Layout.
func (threeLines) MinSize([]fyne.CanvasObject) fyne.Size {
	step, pad := rowLine()
	return fyne.NewSize(200, 3*step+2*pad)
}

// Layout implements fyne.Layout.
func (caseRowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	icon, name, detail, due, flags := objs[0], objs[1], objs[2], objs[3], objs[4]
	p := theme.Padding()
	step, pad := rowLine()
	full := step + 2*pad // a label's own height
	icon.Resize(fyne.NewSquareSize(caseRowIcon))
	icon.Move(fyne.NewPos(2*p, (size.Height-caseRowIcon)/2))
	x := caseRowIcon + 3*p
	w := size.Width - x - p
	place := func(o fyne.CanvasObject, px, line, width, lines float32) {
		o.Move(fyne.NewPos(px, (size.Height-lines*step)/2+line*step-pad))
		o.Resize(fyne.NewSize(width, full))
	}
	if size.Width >= 900 {
		left := w * 0.5
		place(name, x, 0, left, 2)
		place(detail, x, 1, left, 2)
		place(due, x+left, 0, w-left, 2)
		place(flags, x+left, 1, w-left, 2)
		return
	}
	place(name, x, 0, w, 3)
	place(detail, x, 1, w, 3)
	// What is due matters most: it keeps the width of its text, with a unit to
	// spare so that rounding never cuts it, and the flags (conflicts, drafts)
	// have what is left of the line, cut short if they must be.
	dueW := w
	if l := flags.(*widget.Label); l.Text != "" {
		d := due.(*widget.Label)
		dueW = min(w, float32(math.Ceil(float64(fyne.MeasureText(d.Text, theme.TextSize(), d.TextStyle).Width+2*pad)))+1)
	}
	place(due, x, 2, dueW, 3)
	place(flags, x+dueW, 2, w-dueW, 3)
}
