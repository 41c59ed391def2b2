// Package form holds the form frame (sections, a message beside each field,
// drafts kept as the person types, Save) and every record form: a child's
// details, a missing episode, a return home interview, the child's voice, a
// case supervision and information from an agency. AddChild, AddEpisode,
// RecordInterview, AddVoice, AddSupervision, AddInformation, EditChild,
// OpenForm and OpenDraft begin a record for the shell's routes that start one, offering back
// a draft left unfinished; New builds the form a page.Edit is about, afresh
// from the store and its draft each time.
package form

import (
	"errors"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
)

// Form is the frame shared by every record form: sections, a message beside each
// field, drafts kept as the person types, and Save.
type Form struct {
	env      page.Env
	fs       *page.Edit
	Title    string
	Inputs   any // the inputs of the kind of form: *ChildFields, *EpisodeFields, *InterviewFields or *VoiceInputs
	sections []*section
	Fields   map[string]*kit.ProblemLine
	secOf    map[string]int

	// Set by each kind of form.
	read      func() (model.Record, map[string]string) // the record, and fields that could not be read
	extra     func() model.Problems                    // problems of parts saved with the record
	commit    func(model.Record) error                 // saves the record and its parts
	done      func()                                   // where to go after saving
	keepParts func()                                   // keeps drafts of parts
	reveal    func()                                   // brings into view each problem Save marked, when a part hides it

	loading bool // filling the form: changes are not the person's
	tried   bool // Save was tapped
	// shown are the problem lines that may show a problem: each one that had a
	// problem when Save was tapped, and each field the person has left since
	// typing in it or since Save. The rest wait, so that a field that appears
	// (an attempt added, a box unticked) is not marked before anything is typed.
	shown     map[*kit.ProblemLine]bool
	pending   bool // a change not yet kept as a draft
	stopDraft func()
	Current   int

	Summary  *kit.ProblemLine
	Save     *widget.Button
	prev     *widget.Button
	next     *widget.Button
	discard  *widget.Button
	body     *container.Scroll
	buttons  *fyne.Container
	root     *fyne.Container
	nav      *widget.List
	navPick  *widget.Select
	navTitle []string
}

// section is one step of a long form.
type section struct {
	title string
	box   *fyne.Container
}

func newForm(env page.Env, fs *page.Edit, title string) *Form {
	if fs.Merge {
		title = "Merge: " + title
	}
	f := &Form{env: env, fs: fs, Title: title, Fields: map[string]*kit.ProblemLine{}, secOf: map[string]int{}, shown: map[*kit.ProblemLine]bool{},
		body: container.NewVScroll(nil)}
	f.begin(title)
	return f
}

// begin starts a new section; fields added next belong to it. The first call of a
// single-section form names it after the form.
func (f *Form) begin(title string) {
	if len(f.sections) == 1 && len(f.sections[0].box.Objects) == 0 {
		f.sections[0].title = title
		return
	}
	f.sections = append(f.sections, &section{title: title, box: container.NewVBox()})
}

// sec is the index of the current section.
func (f *Form) sec() int { return len(f.sections) - 1 }

// add puts objects in the current section.
func (f *Form) add(objs ...fyne.CanvasObject) {
	s := f.sections[len(f.sections)-1]
	s.box.Objects = append(s.box.Objects, objs...)
}

// field adds a labelled input whose problems, under key, show beside it.
func (f *Form) field(key, label, hintText string, input fyne.CanvasObject, under ...fyne.CanvasObject) *fyne.Container {
	b := f.fieldIn(f.sec(), key, label, hintText, input, under...)
	f.add(b)
	return b
}

// note adds a labelled input that no rule checks, such as free notes: it has
// no problem line and keeps no room for one. Should a rule ever find a problem
// with it, the message shows at the foot of the form, not lost.
func (f *Form) note(label, hintText string, input fyne.CanvasObject) {
	f.add(kit.FieldBlock(label, hintText, input))
}

// fieldIn makes a field block for section sec without adding it anywhere, for
// parts of a form that come and go.
func (f *Form) fieldIn(sec int, key, label, hintText string, input fyne.CanvasObject, under ...fyne.CanvasObject) *fyne.Container {
	p := f.problemFor(sec, key)
	f.checkOnLeaving(p, input)
	return kit.ProblemBlock(label, hintText, p, input, under...)
}

// problemFor registers a problem line for key in section sec.
func (f *Form) problemFor(sec int, key string) *kit.ProblemLine {
	p := kit.NewProblem()
	f.place(sec, key, p)
	return p
}

// place puts the problems under key on line p, in section sec.
func (f *Form) place(sec int, key string, p *kit.ProblemLine) {
	f.Fields[key] = p
	f.secOf[key] = sec
}

// checkOnLeaving shows the problem of a text field on line p once the person
// leaves it, if they typed in it or Save was tapped.
func (f *Form) checkOnLeaving(p *kit.ProblemLine, input fyne.CanvasObject) {
	var e *kit.Entry
	switch x := input.(type) {
	case *kit.Entry:
		e = x
	case *DateField:
		e = x.Entry
	default:
		return
	}
	e.OnLeft = func() {
		if f.loading || (!f.tried && e.Text == "") {
			return
		}
		f.shown[p] = true
		f.validate(false)
	}
}

// forgetField drops a field that was removed from the form.
func (f *Form) forgetField(key string) {
	delete(f.Fields, key)
	delete(f.secOf, key)
}

// Inputs wired to the form: each change counts as activity, is kept as a draft
// and, once Save has been tried, checked again.

func (f *Form) entry(placeholder string) *kit.Entry {
	e := f.env.NewEntry(placeholder)
	e.Page = f.body
	e.OnChanged = func(string) { f.changed() }
	return e
}

func (f *Form) multi(placeholder string, rows int) *kit.Entry {
	e := f.env.NewMultiEntry(placeholder, rows)
	e.Page = f.body
	e.OnChanged = func(string) { f.changed() }
	return e
}

func (f *Form) check(label string, changed func(bool)) *widget.Check {
	return widget.NewCheck(label, func(b bool) {
		if changed != nil {
			changed(b)
		}
		f.changed()
	})
}

func (f *Form) radio(options []string, changed func(string)) *widget.RadioGroup {
	r := widget.NewRadioGroup(options, func(s string) {
		if changed != nil {
			changed(s)
		}
		f.changed()
	})
	return r
}

func (f *Form) pick(options []string, changed func(string)) *widget.Select {
	s := widget.NewSelect(options, func(v string) {
		if changed != nil {
			changed(v)
		}
		f.changed()
	})
	s.PlaceHolder = "Choose…"
	return s
}

// SelectField is a pick-list of catalogue options.
type SelectField struct {
	Select *widget.Select
	opts   []model.Option
}

func (f *Form) selectOptions(opts []model.Option) *SelectField {
	return &SelectField{Select: f.pick(optionLabels(opts), nil), opts: opts}
}

// id is the catalogue ID chosen, or "".
func (s *SelectField) id() string {
	if i := s.Select.SelectedIndex(); i >= 0 {
		return s.opts[i].ID
	}
	return ""
}

func (s *SelectField) setID(id string) {
	for i, o := range s.opts {
		if o.ID == id {
			s.Select.SetSelectedIndex(i)
			return
		}
	}
	s.Select.ClearSelected()
}

// changed runs after every edit.
func (f *Form) changed() {
	if f.loading {
		return
	}
	f.env.Touch()
	f.pending = true
	if len(f.shown) > 0 {
		f.validate(false)
	}
	if f.stopDraft != nil {
		f.stopDraft()
	}
	f.stopDraft = f.env.After(kit.DraftDelay, f.keepDraft)
}

// keepDraft seals what has been typed into the record's draft slot.
func (f *Form) keepDraft() {
	if !f.pending || f.env.Store == nil || !f.env.Store.Unlocked() {
		return
	}
	rec, _ := f.read()
	if err := f.ensureCase(); err != nil {
		return
	}
	if err := f.env.Store.SaveDraft(f.fs.CaseID, f.fs.RecordID, rec); err != nil {
		f.env.ShowError("What you typed could not be kept as a draft.", err)
		return
	}
	if f.keepParts != nil {
		f.keepParts()
	}
	f.pending = false
	if f.discard.Hidden {
		// The first draft of this record: the count of drafts changed. Counting
		// opens every draft, so it is not done on every keep.
		f.discard.Show()
		f.buttons.Refresh()
		f.env.StatusChanged()
	}
}

// flush keeps any change not yet kept, at once.
func (f *Form) flush() {
	if f.stopDraft != nil {
		f.stopDraft()
		f.stopDraft = nil
	}
	f.keepDraft()
}

// ensureCase makes the case of a new child the first time something is kept.
func (f *Form) ensureCase() error {
	if f.fs.CaseID != "" {
		return nil
	}
	id, err := f.env.Store.NewCase()
	if err != nil {
		return err
	}
	f.fs.CaseID = id
	return nil
}

// validate shows the problems of the lines shown beside their fields, with
// reveal every problem, and reports whether there were none, shown or not.
func (f *Form) validate(reveal bool) bool {
	rec, unread := f.read()
	var probs model.Problems
	if err := rec.Validate(f.env.Cat, f.env.Now()); err != nil && !errors.As(err, &probs) {
		probs = model.Problems{{Field: "", Message: err.Error()}}
	}
	if f.extra != nil {
		probs = append(probs, f.extra()...)
	}
	counts := make([]int, len(f.sections))
	total := 0
	clean := true
	moved := false
	var unplaced []string
	for key, line := range f.Fields {
		msg := unread[key]
		if msg == "" {
			msg = probs.For(key)
		}
		if msg != "" {
			clean = false
			f.shown[line] = f.shown[line] || reveal
		}
		if !f.shown[line] {
			msg = ""
		}
		if line.Set(msg) {
			moved = true
		}
		if msg != "" {
			counts[f.secOf[key]]++
			total++
		}
	}
	for _, p := range probs {
		if _, ok := f.Fields[p.Field]; !ok {
			unplaced = append(unplaced, p.Message)
			clean = false
			total++
		}
	}
	for i, s := range f.sections {
		f.navTitle[i] = s.title
		if counts[i] > 0 {
			f.navTitle[i] += " (" + strconv.Itoa(counts[i]) + " to check)"
		}
	}
	if f.nav != nil {
		f.nav.Refresh()
		f.navPick.SetOptions(f.navTitle)
		f.navPick.SetSelectedIndex(f.Current)
	}
	var summary string
	switch {
	case total == 0:
	case len(unplaced) > 0:
		summary = unplaced[0]
	case total == 1:
		summary = "One thing to check before saving: it is marked beside the field."
	default:
		summary = strconv.Itoa(total) + " things to check before saving: each is marked beside its field."
	}
	if f.Summary.Set(summary) || moved {
		f.relayout()
	}
	return clean
}

// relayout lays the form out again after parts of it appeared or went.
func (f *Form) relayout() {
	if f.root != nil {
		f.root.Refresh()
	}
}

// firstProblemSection is the first section with something to check.
func (f *Form) firstProblemSection() int {
	first := len(f.sections)
	for key, line := range f.Fields {
		if line.Text() != "" && f.secOf[key] < first {
			first = f.secOf[key]
		}
	}
	if first == len(f.sections) {
		return f.Current
	}
	return first
}

// scrollToProblem brings the first field of the section shown that has
// something to check into view, with its label above it, so a person who
// taps Save sees what to put right without hunting for it.
func (f *Form) scrollToProblem() {
	content := f.body.Content
	if content == nil {
		return
	}
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(content).Y
	first := float32(-1)
	for key, line := range f.Fields {
		if f.secOf[key] != f.Current || line.Text() == "" || !line.Visible() {
			continue
		}
		if y := d.AbsolutePositionForObject(line).Y - top; first < 0 || y < first {
			first = y
		}
	}
	if first < 0 {
		return
	}
	room := content.MinSize().Height - f.body.Size().Height
	y := min(max(first-2*widget.NewLabel("").MinSize().Height, 0), max(room, 0))
	f.body.ScrollToOffset(fyne.NewPos(0, y))
}

// trySave saves the record if it has no problems, and otherwise shows them.
func (f *Form) trySave() {
	f.env.Touch()
	f.tried = true
	if !f.validate(true) {
		f.Show(f.firstProblemSection())
		if f.reveal != nil {
			f.reveal()
		}
		f.scrollToProblem()
		return
	}
	rec, _ := f.read()
	if err := f.ensureCase(); err != nil {
		f.env.ShowError("The record could not be saved.", err)
		return
	}
	if f.stopDraft != nil {
		f.stopDraft()
	}
	if err := f.commit(rec); err != nil {
		f.env.ShowError("The record could not be saved.", err)
		return
	}
	f.pending = false
	f.done()
}

// saveRecord is the usual commit: one new version of the record.
func (f *Form) saveRecord(rec model.Record) error {
	_, err := f.env.Store.Save(f.fs.CaseID, f.fs.RecordID, f.fs.Parents, rec)
	return err
}

// discardDraft throws away the draft after asking, and goes back.
func (f *Form) discardDraft() {
	d := dialog.NewConfirm("Discard your changes?",
		"What you typed here since the last save will be thrown away. This cannot be undone.",
		func(ok bool) {
			if !ok {
				return
			}
			if f.stopDraft != nil {
				f.stopDraft()
			}
			f.pending = false
			discardDrafts(f.env, f.fs.CaseID, f.fs.RecordID)
			f.env.StatusChanged()
			f.env.Back()
		}, f.env.Win)
	d.SetConfirmText("Discard")
	d.SetConfirmImportance(widget.DangerImportance)
	d.SetDismissText("Keep them")
	d.Show()
}

// Show moves to section i.
func (f *Form) Show(i int) {
	if i < 0 || i >= len(f.sections) {
		return
	}
	f.Current = i
	f.fs.Part = i
	for _, line := range f.Fields {
		line.Settle()
	}
	f.body.Content = kit.Column(780, container.NewPadded(f.sections[i].box))
	f.body.Refresh()
	f.body.ScrollToTop()
	if f.nav != nil {
		f.nav.Select(i)
		f.navPick.SetSelectedIndex(i)
		f.prev.Hidden = i == 0
		f.next.Hidden = i == len(f.sections)-1
		f.buttons.Refresh()
	}
}

// view builds the page: sections (with a list of them on a wide screen and a
// chooser on a narrow one), the summary of problems, and the buttons.
func (f *Form) view(hasDraft bool) *page.View {
	env := f.env
	f.navTitle = make([]string, len(f.sections))
	for i, s := range f.sections {
		f.navTitle[i] = s.title
	}
	f.Summary = kit.NewMessage()
	f.Save = env.Primary("Save", theme.DocumentSaveIcon(), f.trySave)
	f.discard = env.Quiet("Discard changes", theme.DeleteIcon(), f.discardDraft)
	f.discard.Hidden = !hasDraft
	f.prev = env.Button("Previous", theme.NavigateBackIcon(), func() { f.Show(f.Current - 1) })
	f.next = env.Button("Next", theme.NavigateNextIcon(), func() { f.Show(f.Current + 1) })
	f.next.IconPlacement = widget.ButtonIconTrailingText
	f.body.OnScrolled = func(fyne.Position) { env.Touch() }

	var center fyne.CanvasObject = f.body
	if len(f.sections) > 1 {
		f.nav = widget.NewList(func() int { return len(f.navTitle) },
			func() fyne.CanvasObject {
				l := widget.NewLabel("")
				l.Truncation = fyne.TextTruncateEllipsis
				return l
			},
			func(i widget.ListItemID, o fyne.CanvasObject) {
				l := o.(*widget.Label)
				l.SetText(strconv.Itoa(i+1) + ". " + f.navTitle[i])
				l.Importance = widget.MediumImportance
				if f.navTitle[i] != f.sections[i].title {
					l.Importance = widget.DangerImportance
				}
				l.Refresh()
			})
		f.nav.OnSelected = func(i widget.ListItemID) {
			env.Touch()
			if i != f.Current {
				f.Show(i)
			}
		}
		f.navPick = widget.NewSelect(f.navTitle, func(string) {
			env.Touch()
			if i := f.navPick.SelectedIndex(); i >= 0 && i != f.Current {
				f.Show(i)
			}
		})
		center = container.New(&formLayout{}, kit.Surface(theme.ColorNameHeaderBackground, f.nav),
			container.NewPadded(container.NewBorder(nil, nil, widget.NewLabel("Part"), nil, f.navPick)), f.body)
	} else {
		f.prev.Hide()
		f.next.Hide()
	}
	f.buttons = container.NewHBox(f.discard, layout.NewSpacer(), f.prev, f.next, f.Save)
	footer := container.NewVBox(widget.NewSeparator(), container.NewPadded(container.NewVBox(f.Summary, f.buttons)))
	if f.fs.Part >= len(f.sections) {
		f.fs.Part = 0
	}
	f.Show(f.fs.Part)
	f.root = container.NewBorder(nil, footer, nil, nil, center)
	return &page.View{
		Title:   f.Title,
		Content: f.root,
		Leave:   f.flush,
		Screen:  f,
	}
}

// formLayout puts the list of sections beside the form on a wide screen, and a
// chooser above it on a narrow one. Its objects are the list, the chooser and the
// form.
type formLayout struct{}

// formNavWidth is how wide the list of sections is at the usual text size; it
// grows with the text, so that a part's name and its count of problems fit.
const formNavWidth = 300

func navWidth() float32 { return formNavWidth * theme.TextSize() / 15 }

// MinSize implements fyne.Layout.
func (formLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[2].MinSize().Max(objs[1].MinSize())
}

// Layout implements fyne.Layout.
func (formLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	nav, pick, body := objs[0], objs[1], objs[2]
	if size.Width >= 900 {
		nav.Show()
		pick.Hide()
		nav.Move(fyne.NewPos(0, 0))
		w := navWidth()
		nav.Resize(fyne.NewSize(w, size.Height))
		body.Move(fyne.NewPos(w, 0))
		body.Resize(fyne.NewSize(size.Width-w, size.Height))
		return
	}
	nav.Hide()
	pick.Show()
	h := pick.MinSize().Height
	pick.Move(fyne.NewPos(0, 0))
	pick.Resize(fyne.NewSize(size.Width, h))
	body.Move(fyne.NewPos(0, h))
	body.Resize(fyne.NewSize(size.Width, size.Height-h))
}

// DateField is a forgiving date or date-and-time entry: it reads what people
// type ("27/11/2026 14:30", "yesterday 9pm"), says back what it understood, and
// has a Now button.
type DateField struct {
	widget.BaseWidget
	box      *fyne.Container
	Entry    *kit.Entry
	Echo     *widget.Label
	withTime bool
	env      page.Env
}

func (f *Form) dateTime() *DateField {
	d := &DateField{env: f.env, withTime: true}
	d.Entry = f.env.NewEntry("dd/mm/yyyy hh:mm")
	d.Entry.Page = f.body
	d.Echo = kit.Hint("")
	now := f.env.Button("Now", theme.HistoryIcon(), func() {
		d.Entry.SetText(kit.FormatDateTime(f.env.Now(), time.Local))
	})
	d.Entry.OnChanged = func(string) {
		d.update()
		f.changed()
	}
	d.box = container.NewVBox(container.NewBorder(nil, nil, nil, now, d.Entry), d.Echo)
	d.ExtendBaseWidget(d)
	return d
}

func (f *Form) date() *DateField {
	d := &DateField{env: f.env}
	d.Entry = f.env.NewEntry("dd/mm/yyyy")
	d.Entry.Page = f.body
	d.Echo = kit.Hint("")
	d.Entry.OnChanged = func(string) {
		d.update()
		f.changed()
	}
	d.box = container.NewVBox(d.Entry, d.Echo)
	d.ExtendBaseWidget(d)
	return d
}

// CreateRenderer implements fyne.Widget.
func (d *DateField) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(d.box) }

// value is the time typed, zero when empty.
func (d *DateField) value() (time.Time, error) {
	if d.withTime {
		return kit.ParseDateTime(d.Entry.Text, d.env.Now(), time.Local)
	}
	return kit.ParseDate(d.Entry.Text, d.env.Now())
}

func (d *DateField) set(t time.Time) {
	if d.withTime {
		d.Entry.SetText(kit.FormatDateTime(t, time.Local))
	} else {
		d.Entry.SetText(kit.FormatDate(t))
	}
	d.update()
}

// update says back in words the date understood, so a slip shows at once. Its
// line keeps its room while empty, so the echo moves nothing below it.
func (d *DateField) update() {
	t, err := d.value()
	switch {
	case err != nil || t.IsZero():
		d.Echo.SetText("")
	case d.withTime:
		d.Echo.SetText(t.In(time.Local).Format(kit.LongDateTime))
	default:
		d.Echo.SetText(t.UTC().Format(kit.LongDate))
	}
}

// readDate reads a date field into *t, noting in unread why it could not.
func readDate(d *DateField, key string, t *time.Time, unread map[string]string) {
	v, err := d.value()
	if err != nil {
		unread[key] = err.Error()
		return
	}
	*t = v
}

// optionLabels are what a pick-list of catalogue options shows.
func optionLabels(opts []model.Option) []string {
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = o.Label
	}
	return out
}
