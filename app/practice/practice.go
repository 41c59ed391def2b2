// Package practice holds the practitioner's screens of screening, health
// reviews and plans: a CSE screening whose indicators arrive ticked from the
// interviews and health reviews since the last one, a looked-after child's
// health review summary, and the child's plan, which shows every finding and
// what addresses it. Each screen saves a record of its own and goes back; it
// moves elsewhere only with env.Go. Like the record forms, a screen keeps a
// draft a moment after each change and as it goes away, offers to discard it,
// and merges a record saved on two devices rather than picking one.
package practice

import (
	"errors"
	"log"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
)

// frame is what every practice screen shares: the case, the record it writes
// and the versions it replaces, a line for problems, Save and Discard, and the
// draft kept as the person works, as the record forms keep theirs.
type frame struct {
	env      page.Env
	c        *model.Case
	recordID string
	parents  []string
	merge    bool      // saving merges a conflict: parents are every current version
	drafted  time.Time // when the draft the screen carries on from was kept; zero for none
	Problems *kit.ProblemLine
	Save     *widget.Button
	Discard  *widget.Button

	read      func() model.Record // the record as the screen shows it
	onChange  func()              // what the screen updates after a change: a score, what is left to address
	ready     bool                // every widget is made: changes from here on are the person's
	pending   bool                // a change not yet kept as a draft
	stopDraft func()
	saved     bool // the record was saved or its draft thrown away: nothing is left to keep
}

// open reads the case of route r and what the screen starts from: the draft
// left of its record, the version an edit or a merge starts from, or the
// record as saved; nil for a new one. A new record carries on from one of its
// kind begun and not saved, so that a second is not started by mistake. For a
// record saved on two devices and not merged yet, it returns instead a page
// that leads to the versions side by side: the screen cannot show both.
func open(env page.Env, r *page.Route, kind model.Kind) (*frame, model.Record, *page.View) {
	c, ok := env.Store.Case(r.CaseID)
	if !ok {
		return nil, nil, &page.View{Title: kit.KindLabel(kind), Content: container.NewPadded(kit.Para("This child's record could not be found."))}
	}
	if r.RecordID == "" {
		// The route keeps the ID, so the screen built again after a lock
		// writes the same record.
		r.RecordID = env.Store.NewRecordID()
		if d, ok := kit.Unfinished(env.Store, c.ID, kind, nil); ok {
			r.RecordID = d.RecordID
		}
	}
	f := &frame{env: env, c: c, recordID: r.RecordID, Problems: kit.NewProblem()}
	heads, _ := env.Store.Heads(r.RecordID)
	draft, hasDraft, err := env.Store.Draft(r.RecordID)
	if err != nil {
		log.Printf("homeward: open a draft: %v", err)
	}
	var saved model.Record
	switch {
	case len(heads) > 1 && r.Edit != nil && r.Edit.Merge:
		f.parents, f.merge = r.Edit.Parents, true
		saved = heads[0].Payload.Record
		for _, h := range heads {
			if h.ID == r.Edit.From {
				saved = h.Payload.Record
			}
		}
	case len(heads) > 1 && hasDraft:
		// A draft of a record in conflict is a merge: saving it replaces every
		// current version, or the conflict stays.
		f.parents, f.merge = kit.VersionIDs(heads), true
	case len(heads) > 1:
		return nil, nil, conflicted(env, c, r.RecordID, kind)
	case len(heads) == 1:
		f.parents, saved = []string{heads[0].ID}, heads[0].Payload.Record
	}
	if hasDraft {
		saved = draft
		if d, ok := kit.DraftOf(env.Store, r.RecordID); ok {
			f.drafted = d.Saved
		}
	}
	return f, saved, nil
}

// conflicted is the page a practice screen shows in place of a record saved on
// two devices that differ: it leads to them side by side, to merge from one.
func conflicted(env page.Env, c *model.Case, recordID string, kind model.Kind) *page.View {
	compare := env.Primary("Compare the versions", theme.ViewRefreshIcon(), func() {
		env.Replace(page.Route{Kind: page.Record, CaseID: c.ID, RecordID: recordID})
	})
	return &page.View{
		Title: kit.KindLabel(kind) + ": " + kit.ChildName(c.Child),
		Content: container.NewPadded(container.NewVBox(
			kit.Para("This "+strings.ToLower(kit.KindLabel(kind))+" was saved on two devices before they synced, and the two differ. "+
				"Compare them and start a merge from one: both stay in the history, and nothing is lost."),
			container.NewHBox(compare))),
		Screen: compare,
	}
}

// changed runs after every change the person makes: it updates what the screen
// works out and keeps a draft a moment after the last one.
func (f *frame) changed() {
	if !f.ready {
		return
	}
	f.env.Touch()
	if f.onChange != nil {
		f.onChange()
	}
	f.pending = true
	if f.stopDraft != nil {
		f.stopDraft()
	}
	f.stopDraft = f.env.After(kit.DraftDelay, f.keepDraft)
}

// keepDraft seals what the screen shows into the record's draft slot.
func (f *frame) keepDraft() {
	if !f.pending || f.saved || f.env.Store == nil || !f.env.Store.Unlocked() {
		return
	}
	if err := f.env.Store.SaveDraft(f.c.ID, f.recordID, f.read()); err != nil {
		f.env.ShowError("What you typed could not be kept as a draft.", err)
		return
	}
	f.pending = false
	if f.Discard.Hidden {
		f.Discard.Show()
		f.env.StatusChanged() // the count of drafts changed
	}
}

// flush keeps any change not kept yet, at once: the screen is going away.
func (f *frame) flush() {
	if f.stopDraft != nil {
		f.stopDraft()
		f.stopDraft = nil
	}
	f.keepDraft()
}

// discard throws the draft away after asking, and goes back.
func (f *frame) discard() {
	d := dialog.NewConfirm("Discard your changes?",
		"What you changed here since the last save will be thrown away. This cannot be undone.",
		func(ok bool) {
			if !ok {
				return
			}
			if f.stopDraft != nil {
				f.stopDraft()
			}
			f.pending, f.saved = false, true
			if err := f.env.Store.DiscardDraft(f.recordID); err != nil {
				f.env.ShowError("Your changes could not be thrown away.", err)
				return
			}
			f.env.StatusChanged()
			f.env.Back()
		}, f.env.Win)
	d.SetConfirmText("Discard")
	d.SetConfirmImportance(widget.DangerImportance)
	d.SetDismissText("Keep them")
	d.Show()
}

// track makes the screen keep drafts of read as the person works, and when it
// goes away (another page, the lock); from here on changes are the person's.
func (f *frame) track(v *page.View, read func() model.Record) {
	f.read = read
	v.Leave = f.flush
	f.ready = true
}

// save validates rec, with the problems only the case can show, and saves it,
// or shows what is wrong and what to do.
func (f *frame) save(rec model.Record, extra model.Problems) {
	err := rec.Validate(f.env.Cat, f.env.Now())
	var ps model.Problems
	if err != nil && !errors.As(err, &ps) {
		f.env.ShowError("The record could not be checked.", err)
		return
	}
	ps = append(ps, extra...)
	if len(ps) > 0 {
		f.Problems.Set(ps.Error())
		f.env.Relayout()
		return
	}
	f.Problems.Set("")
	if _, err := f.env.Store.Save(f.c.ID, f.recordID, f.parents, rec); err != nil {
		f.env.ShowError("The record was not saved.", err)
		return
	}
	if f.stopDraft != nil {
		f.stopDraft()
	}
	f.saved, f.pending = true, false
	if err := f.env.Store.DiscardDraft(f.recordID); err != nil {
		log.Printf("homeward: discard a saved record's draft: %v", err)
	}
	f.env.StatusChanged()
	f.env.Back()
}

// view lays a screen out: what it keeps in sight above (the score, what is
// left to address), its fields in a column a comfortable width to read that
// scrolls, and below them its problems, Discard and Save, always in sight.
func (f *frame) view(title string, screen any, above fyne.CanvasObject, parts ...fyne.CanvasObject) *page.View {
	f.Save = f.env.Primary("Save", theme.DocumentSaveIcon(), nil)
	f.Discard = f.env.Quiet("Discard changes", theme.DeleteIcon(), f.discard)
	f.Discard.Hidden = f.drafted.IsZero()
	if !f.drafted.IsZero() {
		above = container.NewVBox(kit.Hint("Carrying on from your changes kept on "+f.drafted.In(time.Local).Format(kit.ShortDateTime)+", not saved yet."), above)
	}
	if f.merge {
		title = "Merge: " + title
		above = container.NewVBox(kit.Hint("This record was saved on two devices. Saving this replaces both versions; both stay in its history."), above)
	}
	bar := container.NewBorder(nil, nil, f.Discard, f.Save, f.Problems)
	top := container.NewVBox(kit.Column(900, container.NewPadded(above)), widget.NewSeparator())
	bottom := container.NewVBox(widget.NewSeparator(), kit.Column(900, container.NewPadded(bar)))
	body := container.NewVScroll(kit.Column(900, container.NewPadded(container.NewVBox(parts...))))
	body.OnScrolled = func(fyne.Position) { f.env.Touch() }
	return &page.View{Title: title + ": " + f.c.Child.Value.Name, Content: container.NewBorder(top, bottom, nil, nil, body), Screen: screen}
}

// entry is a one-line entry whose changes the screen keeps.
func (f *frame) entry(placeholder string) *kit.Entry {
	e := f.env.NewEntry(placeholder)
	e.OnChanged = func(string) { f.changed() }
	return e
}

// multi is an entry of a few lines whose changes the screen keeps.
func (f *frame) multi(placeholder string, rows int) *kit.Entry {
	e := f.env.NewMultiEntry(placeholder, rows)
	e.OnChanged = func(string) { f.changed() }
	return e
}

// check is a tick box whose changes the screen keeps.
func (f *frame) check(label string) *widget.Check {
	return widget.NewCheck(label, func(bool) { f.changed() })
}

// pick is a pick-list whose changes the screen keeps.
func (f *frame) pick(options []string, placeholder string) *widget.Select {
	s := widget.NewSelect(options, func(string) { f.changed() })
	s.PlaceHolder = placeholder
	return s
}

// dateEntry is an entry holding a date, as kit reads and writes them.
func (f *frame) dateEntry(t time.Time) *kit.Entry {
	e := f.entry("Day, month, year")
	e.SetText(kit.FormatDate(t))
	return e
}

// readDate reads a date entry, naming the field, by its key and in words, when
// it cannot be read.
func (f *frame) readDate(e *kit.Entry, key, label string, ps *model.Problems) time.Time {
	t, err := kit.ParseDate(e.Text, f.env.Now())
	if err != nil {
		*ps = append(*ps, model.Problem{Field: key, Message: "The " + label + " cannot be read: " + err.Error()})
	}
	return t
}

// today is the date of now, as the model keeps dates.
func today(now time.Time) time.Time {
	y, m, d := now.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// agencyPick is a select of the catalogue's agencies.
func (f *frame) agencyPick(id string) *widget.Select {
	cat := f.env.Cat
	var labels []string
	for _, a := range cat.Agencies {
		labels = append(labels, a.Label)
	}
	s := f.pick(labels, "Which agency?")
	if i := slices.IndexFunc(cat.Agencies, func(o model.Option) bool { return o.ID == id }); i >= 0 {
		s.SetSelectedIndex(i)
	}
	return s
}

// agencyOf is the ID of the agency a select shows.
func agencyOf(cat *model.Catalogue, s *widget.Select) string {
	if i := s.SelectedIndex(); i >= 0 {
		return cat.Agencies[i].ID
	}
	return ""
}

// sourceLink says where a finding or a ticked indicator came from, with a
// button that opens that record, to read it as it was written (audit F1).
// What is on the screen is kept as a draft meanwhile. The button shows once
// there is a record to open.
type sourceLink struct {
	Text     *widget.Label
	Open     *widget.Button
	Line     *fyne.Container // the text, and the button at its end
	recordID string
}

func newSourceLink(env page.Env, caseID string) *sourceLink {
	l := &sourceLink{Text: kit.Hint("")}
	l.Open = env.Quiet("Open it", theme.NavigateNextIcon(), func() {
		env.Go(page.Route{Kind: page.Record, CaseID: caseID, RecordID: l.recordID})
	})
	l.Open.Hide()
	l.Line = container.NewBorder(nil, nil, nil, l.Open, l.Text)
	return l
}

// set names the record, and what to say of it.
func (l *sourceLink) set(recordID, what string) {
	l.recordID = recordID
	l.Text.SetText(what)
	l.Open.Hidden = recordID == "" || what == ""
}

// sourceOf says where a finding or a ticked indicator came from.
func sourceOf(c *model.Case, kind model.Kind, recordID string) string {
	switch kind {
	case model.KindInterview:
		for _, r := range c.Interviews {
			if r.RecordID == recordID {
				return "From the return home interview of " + r.Value.HeldAt.Format("2 Jan 2006")
			}
		}
	case model.KindHealth:
		for _, h := range c.HealthReviews {
			if h.RecordID == recordID {
				return "From the health review of " + h.Value.HeldOn.Format("2 Jan 2006")
			}
		}
	case model.KindInformation:
		for _, i := range c.Information {
			if i.RecordID == recordID {
				return "From the information of " + i.Value.Received.In(time.Local).Format("2 Jan 2006")
			}
		}
	case model.KindScreening:
		for _, s := range c.Screenings {
			if s.RecordID == recordID {
				return "From the screening of " + s.Value.HeldOn.Format("2 Jan 2006")
			}
		}
	}
	return ""
}
