package cases

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
	"homeward/store"
)

// RecordScreen shows one record as it stands, its history, and for a conflict
// its heads side by side.
type RecordScreen struct {
	Edit    *widget.Button // nil for what the child pressed in child mode
	Merge   []*widget.Button
	Comment *widget.Button
	Review  *widget.Button // a supervisor's way to the review of the record
}

// NewRecord shows a saved record of a case.
func NewRecord(env page.Env, caseID, recordID string) *page.View {
	c, ok := env.Store.Case(caseID)
	if !ok {
		return &page.View{Title: "Record", Content: kit.Para("This record could not be found.")}
	}
	saved, ok := kit.FindRecord(c, recordID)
	heads, err := env.Store.Heads(recordID)
	if !ok || err != nil {
		return &page.View{Title: "Record", Content: kit.Para("This record could not be opened.")}
	}
	s := &RecordScreen{}
	kind := saved.Value.Kind()
	title := kit.KindLabel(kind) + ": " + kit.ChildName(c.Child)
	if len(heads) > 1 {
		return conflictView(env, s, c, recordID, heads, title)
	}
	fs := &page.Edit{Kind: kind, CaseID: caseID, RecordID: recordID, Parents: []string{saved.VersionID}, From: saved.VersionID}
	s.Edit = env.Primary("Edit", theme.DocumentCreateIcon(), func() { env.Go(page.Route{Kind: page.EditRecord, Edit: fs}) })
	body := container.NewVBox(kit.FactsBox(kit.Describe(saved.Value, env.Cat, c)))

	switch r := saved.Value.(type) {
	case model.MissingEpisode:
		st := c.RHIStatusOf(model.Item[model.MissingEpisode]{RecordID: recordID, Value: r}, env.Now())
		text, imp := kit.DeadlineText(r, time.Time{}, env.Now())
		if ri, ok := c.InterviewFor(recordID); ok {
			text = rhiStatusText(st, env.Now())
			imp = widget.MediumImportance
			rid := ri.RecordID
			body.Add(env.Button("Open the return interview", theme.DocumentIcon(), func() { env.Go(page.Route{Kind: page.Record, CaseID: caseID, RecordID: rid}) }))
		} else if !r.StillMissing() {
			body.Add(env.Primary("Record the return interview", theme.DocumentCreateIcon(), func() { env.Go(page.Route{Kind: page.NewInterview, CaseID: caseID, RecordID: recordID}) }))
		}
		l := kit.Para(text)
		l.Importance = imp
		body.Objects = append([]fyne.CanvasObject{l}, body.Objects...)
	case model.VoiceEntry:
		if r.Method == model.MethodNotSafe {
			// What the child pressed is a fact, not something to edit: the
			// worker's part is what they do next, recorded from the child's
			// page.
			s.Edit = nil
			if r.Response == nil {
				body.Add(kit.Para(kit.NotSafeNext))
			}
		}
	case model.ReturnInterview:
		if voices := env.VoiceLinks(env.Cat, c, recordID, func(rid string) { env.Go(page.Route{Kind: page.Record, CaseID: caseID, RecordID: rid}) }); len(voices) > 0 {
			body.Add(kit.Subheading("The child's voice in this interview"))
			body.Add(container.NewVBox(voices...))
		}
	}

	if box, comment := oversight(env, c, recordID, saved.VersionID, kind); box != nil {
		s.Comment = comment
		body.Add(box)
	}
	history, _ := env.Store.History(recordID)
	body.Add(widget.NewSeparator())
	body.Add(kit.Subheading("History"))
	body.Add(kit.Hint("Every save is kept. Nothing is overwritten."))
	for i := len(history) - 1; i >= 0; i-- {
		v := history[i]
		n := i + 1
		label := kit.VersionLabel(v, n)
		if v.ID == saved.VersionID {
			label += " (current)"
		}
		b := env.Quiet(label, theme.HistoryIcon(), func() { showVersion(env, c, v, n) })
		b.Alignment = widget.ButtonAlignLeading
		body.Add(b)
	}
	var actions []fyne.CanvasObject
	if s.Edit != nil {
		actions = append(actions, s.Edit)
	}
	if model.Reviewable(kind) && kit.Supervises(env.Store) {
		s.Review = env.Primary("Review", theme.ConfirmIcon(), func() { env.Go(page.Route{Kind: page.Review, CaseID: caseID, RecordID: recordID}) })
		if s.Edit != nil {
			s.Edit.Importance = widget.MediumImportance
		}
		actions = append(actions, s.Review)
	}
	return &page.View{
		Title:   title,
		Content: container.NewVScroll(kit.Column(780, container.NewPadded(body))),
		Actions: actions,
		Screen:  s,
	}
}

// showVersion shows an earlier version as it was saved.
func showVersion(env page.Env, c *model.Case, v store.Version, n int) {
	box := container.NewVScroll(kit.FactsBox(kit.Describe(v.Payload.Record, env.Cat, c)))
	box.SetMinSize(fyne.NewSize(min(600, env.Win.Canvas().Size().Width-80), min(600, env.Win.Canvas().Size().Height-160)))
	dialog.NewCustom(kit.VersionLabel(v, n), "Close", box, env.Win).Show()
}

// conflictView shows the heads of a record side by side, marking where they
// differ, and lets the person start a merge from either.
func conflictView(env page.Env, s *RecordScreen, c *model.Case, recordID string, heads []store.Version, title string) *page.View {
	parents := kit.VersionIDs(heads)
	cols := make([][]kit.Fact, len(heads))
	var order []string
	seen := map[string]bool{}
	for i, h := range heads {
		cols[i] = kit.Describe(h.Payload.Record, env.Cat, c)
		for _, f := range cols[i] {
			if !seen[f.Label] {
				seen[f.Label] = true
				order = append(order, f.Label)
			}
		}
	}
	valueOf := func(i int, label string) string {
		for _, f := range cols[i] {
			if f.Label == label {
				return f.Value
			}
		}
		return ""
	}
	grid := container.NewGridWithColumns(len(heads))
	for i, h := range heads {
		fs := &page.Edit{Kind: h.Payload.Kind, CaseID: c.ID, RecordID: recordID, Parents: parents, From: h.ID, Merge: true}
		b := env.Button("Start the merge from this one", theme.ContentCopyIcon(), func() {
			env.Go(page.Route{Kind: page.EditRecord, Edit: fs})
		})
		s.Merge = append(s.Merge, b)
		l := kit.Para(kit.VersionLabel(h, i+1))
		l.TextStyle.Bold = true
		grid.Add(container.NewVBox(l, b))
	}
	for _, label := range order {
		differs := false
		for i := range heads {
			differs = differs || valueOf(i, label) != valueOf(0, label)
		}
		for i := range heads {
			l := widget.NewLabel(label)
			l.TextStyle.Bold = true
			if differs {
				l.SetText(label + " (differs)")
				l.Importance = widget.WarningImportance
			}
			v := kit.Para(valueOf(i, label))
			if v.Text == "" {
				v.SetText("(empty)")
			}
			v.TextStyle.Bold = differs
			grid.Add(container.NewVBox(l, v))
		}
	}
	intro := kit.Para("This record was changed in two places before they were joined up, so it has two current versions. Nothing has been lost. Compare them, start from the one closer to right, bring in anything from the other, and save: that makes one current version again.")
	return &page.View{
		Title:   title + " (conflict)",
		Content: container.NewVScroll(container.NewPadded(container.NewVBox(intro, grid))),
		Screen:  s,
	}
}
