package app

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/model"
	"homeward/store"
)

// RecordScreen shows one record as it stands, its history, and for a conflict
// its heads side by side.
type RecordScreen struct {
	Edit  *widget.Button
	Merge []*widget.Button
}

// openRecord opens a saved record of a case.
func (u *UI) openRecord(caseID, recordID string) {
	u.push(func() *view { return u.recordView(caseID, recordID) })
}

func (u *UI) recordView(caseID, recordID string) *view {
	c, ok := u.st.Case(caseID)
	if !ok {
		return &view{title: "Record", content: kit.Para("This record could not be found.")}
	}
	saved, ok := kit.FindRecord(c, recordID)
	heads, err := u.st.Heads(recordID)
	if !ok || err != nil {
		return &view{title: "Record", content: kit.Para("This record could not be opened.")}
	}
	s := &RecordScreen{}
	u.record = s
	kind := saved.Value.Kind()
	title := kit.KindLabel(kind) + ": " + kit.ChildName(c)
	if len(heads) > 1 {
		return u.conflictView(c, recordID, heads, title)
	}
	fs := &formState{caseID: caseID, recordID: recordID, parents: []string{saved.VersionID}, from: saved.VersionID}
	s.Edit = u.ctl().Primary("Edit", theme.DocumentCreateIcon(), func() { u.openForm(fs, u.formFor(kind)) })
	body := container.NewVBox(kit.FactsBox(kit.Describe(saved.Value, u.cat, c)))

	switch r := saved.Value.(type) {
	case model.MissingEpisode:
		st := c.RHIStatusOf(model.Item[model.MissingEpisode]{RecordID: recordID, Value: r}, u.now())
		text, imp := kit.DeadlineText(r, time.Time{}, u.now())
		if ri, ok := c.InterviewFor(recordID); ok {
			text = rhiStatusText(st, u.now())
			imp = widget.MediumImportance
			rid := ri.RecordID
			body.Add(u.ctl().Button("Open the return interview", theme.DocumentIcon(), func() { u.openRecord(caseID, rid) }))
		} else if !r.StillMissing() {
			body.Add(u.ctl().Primary("Record the return interview", theme.DocumentCreateIcon(), func() { u.recordInterview(c, recordID) }))
		}
		l := kit.Para(text)
		l.Importance = imp
		body.Objects = append([]fyne.CanvasObject{l}, body.Objects...)
	case model.ReturnInterview:
		if voices := u.voiceLinks(c, recordID); len(voices) > 0 {
			body.Add(kit.Subheading("The child's voice in this interview"))
			body.Add(container.NewVBox(voices...))
		}
	}

	history, _ := u.st.History(recordID)
	body.Add(widget.NewSeparator())
	body.Add(kit.Subheading("History"))
	body.Add(kit.Hint("Every save is kept. Nothing is overwritten."))
	for i := len(history) - 1; i >= 0; i-- {
		v := history[i]
		n := i + 1
		label := versionLabel(v, n)
		if v.ID == saved.VersionID {
			label += " (current)"
		}
		b := u.ctl().Quiet(label, theme.HistoryIcon(), func() { u.showVersion(c, v, n) })
		b.Alignment = widget.ButtonAlignLeading
		body.Add(b)
	}
	return &view{
		title:   title,
		content: container.NewVScroll(kit.Column(780, container.NewPadded(body))),
		actions: []fyne.CanvasObject{s.Edit},
	}
}

// voiceLinks lists the saved voice entries of an interview, each with a way to
// open it.
func (u *UI) voiceLinks(c *model.Case, interviewID string) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, v := range c.Voices {
		if v.Value.InterviewID == interviewID {
			rid := v.RecordID
			out = append(out, container.NewBorder(nil, nil, nil,
				u.ctl().Button("Open", theme.NavigateNextIcon(), func() { u.openRecord(c.ID, rid) }),
				kit.Para(v.Value.Method.Label()+": "+v.Value.Summary(u.cat))))
		}
	}
	return out
}

// versionLabel says who saved a version and when.
func versionLabel(v store.Version, n int) string {
	by := v.Payload.SavedBy
	if by == "" {
		by = "someone"
	}
	return "Version " + strconv.Itoa(n) + ", saved " + v.Payload.SavedAt.In(time.Local).Format(kit.ShortDateTime) + " by " + by
}

// showVersion shows an earlier version as it was saved.
func (u *UI) showVersion(c *model.Case, v store.Version, n int) {
	box := container.NewVScroll(kit.FactsBox(kit.Describe(v.Payload.Record, u.cat, c)))
	box.SetMinSize(fyne.NewSize(min(600, u.win.Canvas().Size().Width-80), min(600, u.win.Canvas().Size().Height-160)))
	dialog.NewCustom(versionLabel(v, n), "Close", box, u.win).Show()
}

// conflictView shows the heads of a record side by side, marking where they
// differ, and lets the person start a merge from either.
func (u *UI) conflictView(c *model.Case, recordID string, heads []store.Version, title string) *view {
	s := u.record
	parents := kit.VersionIDs(heads)
	cols := make([][]kit.Fact, len(heads))
	var order []string
	seen := map[string]bool{}
	for i, h := range heads {
		cols[i] = kit.Describe(h.Payload.Record, u.cat, c)
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
		fs := &formState{caseID: c.ID, recordID: recordID, parents: parents, from: h.ID, merge: true}
		b := u.ctl().Button("Start the merge from this one", theme.ContentCopyIcon(), func() {
			u.openForm(fs, u.formFor(h.Payload.Kind))
		})
		s.Merge = append(s.Merge, b)
		l := kit.Para(versionLabel(h, i+1))
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
	return &view{
		title:   title + " (conflict)",
		content: container.NewVScroll(container.NewPadded(container.NewVBox(intro, grid))),
	}
}
