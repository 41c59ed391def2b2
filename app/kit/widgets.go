// Package kit holds what every screen of Homeward is made of and nothing of a
// session: widgets and layouts, the theme and its text sizes, icons, reading and
// writing dates, and the facts of a record as people read them. It imports no
// other package of app/, so that any screen may use it.
package kit

import (
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/model"
)

// Controls makes the controls of a screen, wired to the window they are in: a
// tap or a keystroke counts as activity for the idle lock, and Escape or the
// Back button leaves a text field.
type Controls struct {
	Win    fyne.Window
	Touch  func() // counts as activity, for the idle lock
	Escape func() // goes back a page, unless something must not be left this way
}

// Entry is a text entry that counts typing as activity for the idle lock, lets
// Escape or the Back button leave the field (a second one then goes back a
// page), and leaves Tab to move the focus on.
type Entry struct {
	widget.Entry
	// OnLeft, when set, runs when the focus leaves the entry.
	OnLeft func()
	// Page, when set, is the scroll area the entry is in, which the mouse wheel
	// over the entry scrolls.
	Page   *container.Scroll
	c      Controls
	digits bool // takes only the digits typed, as a PIN does
}

// CreateRenderer implements fyne.Widget: Fyne's entry draws its text in a
// scroller of its own, which takes every turn of the mouse wheel over it, so
// the page under a pointer that rests on a field would not scroll. A wheel
// laid over the entry passes the turn to the page instead, and to the entry's
// own scroller only when a multi-line entry holds more text than it shows.
func (e *Entry) CreateRenderer() fyne.WidgetRenderer {
	r := e.Entry.CreateRenderer()
	w := &wheel{e: e}
	for _, o := range r.Objects() {
		if s, ok := o.(fyne.Scrollable); ok {
			w.own = s
		}
	}
	w.ExtendBaseWidget(w)
	return &entryRenderer{WidgetRenderer: r, wheel: w}
}

// entryRenderer is Fyne's renderer of an entry with a wheel over it.
type entryRenderer struct {
	fyne.WidgetRenderer
	wheel *wheel
}

// Layout implements fyne.WidgetRenderer.
func (r *entryRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.wheel.Move(fyne.NewPos(0, 0))
	r.wheel.Resize(size)
}

// Objects implements fyne.WidgetRenderer.
func (r *entryRenderer) Objects() []fyne.CanvasObject {
	objs := r.WidgetRenderer.Objects()
	return append(objs[:len(objs):len(objs)], r.wheel)
}

// wheel takes the mouse wheel over an entry; it is drawn as nothing and takes
// nothing else, so taps, typing and the pointer's shape reach the entry below.
type wheel struct {
	widget.BaseWidget
	e   *Entry
	own fyne.Scrollable // the entry's own scroller
}

// CreateRenderer implements fyne.Widget.
func (w *wheel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// Scrolled implements fyne.Scrollable.
func (w *wheel) Scrolled(ev *fyne.ScrollEvent) {
	switch {
	case w.own != nil && w.overflows():
		w.own.Scrolled(ev)
	case w.e.Page != nil:
		w.e.Page.Scrolled(ev)
	}
}

// overflows reports whether a multi-line entry holds more lines than it shows,
// measured as a label of the same text wraps at its width.
func (w *wheel) overflows() bool {
	if !w.e.MultiLine || w.e.Text == "" {
		return false
	}
	l := widget.NewLabel(w.e.Text)
	l.Wrapping = w.e.Wrapping
	l.Resize(fyne.NewSize(w.Size().Width, 0))
	return l.MinSize().Height > w.Size().Height
}

// Relayout lays the whole window out again after parts of a screen appeared or
// went.
func (c Controls) Relayout() {
	if w := c.Win.Content(); w != nil {
		w.Refresh()
	}
}

// NewEntry makes a one-line entry.
func (c Controls) NewEntry(placeholder string) *Entry {
	e := &Entry{c: c}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder(placeholder)
	return e
}

// NewMultiEntry makes an entry of several wrapped lines.
func (c Controls) NewMultiEntry(placeholder string, rows int) *Entry {
	e := c.NewEntry(placeholder)
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(rows)
	return e
}

// NewPasswordEntry makes an entry that hides what is typed.
func (c Controls) NewPasswordEntry(placeholder string) *Entry {
	e := c.NewEntry(placeholder)
	e.Password = true
	return e
}

// NewPINEntry makes a hidden entry for a PIN, which takes digits and nothing
// else.
func (c Controls) NewPINEntry(placeholder string) *Entry {
	e := c.NewPasswordEntry(placeholder)
	e.digits = true
	return e
}

// TypedRune implements fyne.Focusable.
func (e *Entry) TypedRune(r rune) {
	e.c.Touch()
	if e.digits && (r < '0' || r > '9') {
		return
	}
	e.Entry.TypedRune(r)
}

// FocusLost implements fyne.Focusable.
func (e *Entry) FocusLost() {
	e.Entry.FocusLost()
	if e.OnLeft != nil {
		e.OnLeft()
	}
}

// AcceptsTab implements fyne.Tabbable: Tab moves to the next field, even from a
// multi-line entry, so the keyboard is never trapped.
func (e *Entry) AcceptsTab() bool { return false }

// TypedKey implements fyne.Focusable.
func (e *Entry) TypedKey(k *fyne.KeyEvent) {
	e.c.Touch()
	if k.Name == fyne.KeyEscape || k.Name == mobile.KeyBack {
		e.c.Win.Canvas().Unfocus()
		return
	}
	e.Entry.TypedKey(k)
}

var _ fyne.Tabbable = (*Entry)(nil)

// TypedShortcut implements fyne.Shortcutable, letting the back shortcut work
// while typing.
func (e *Entry) TypedShortcut(s fyne.Shortcut) {
	e.c.Touch()
	if s.ShortcutName() == BackShortcut.ShortcutName() {
		e.c.Escape()
		return
	}
	e.Entry.TypedShortcut(s)
}

// EnterPresses makes Enter, while dialog d is open on top and no field has the
// focus, do ok: what the dialog's OK button does. Call it once d is shown. It
// is for the choice that goes on safely; a dialog whose OK throws work away
// leaves Enter alone, so that no stray key loses what was typed.
func (c Controls) EnterPresses(d dialog.Dialog, ok func()) {
	cv := c.Win.Canvas()
	top, prev := cv.Overlays().Top(), cv.OnTypedKey()
	restore := func() { cv.SetOnTypedKey(prev) }
	cv.SetOnTypedKey(func(k *fyne.KeyEvent) {
		open := cv.Overlays().Top() == top
		switch {
		case open && (k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter):
			c.Touch()
			ok()
			return
		case !open && !slices.Contains(cv.Overlays().List(), top):
			restore() // closed some way that did not say so
		}
		if prev != nil {
			prev(k)
		}
	})
	d.SetOnClosed(restore)
}

// Button makes a button whose taps count as activity.
func (c Controls) Button(label string, icon fyne.Resource, tapped func()) *widget.Button {
	return widget.NewButtonWithIcon(label, icon, func() {
		c.Touch()
		tapped()
	})
}

// Primary makes the main button of a screen.
func (c Controls) Primary(label string, icon fyne.Resource, tapped func()) *widget.Button {
	b := c.Button(label, icon, tapped)
	b.Importance = widget.HighImportance
	return b
}

// Quiet makes a button that does not draw attention.
func (c Controls) Quiet(label string, icon fyne.Resource, tapped func()) *widget.Button {
	b := c.Button(label, icon, tapped)
	b.Importance = widget.LowImportance
	return b
}

// Heading is a page or card heading.
func Heading(text string) *widget.Label { return titled(text, theme.SizeNameHeadingText) }

// Subheading is a section heading.
func Subheading(text string) *widget.Label { return titled(text, theme.SizeNameSubHeadingText) }

func titled(text string, size fyne.ThemeSizeName) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = size
	l.TextStyle.Bold = true
	l.Wrapping = fyne.TextWrapWord
	return l
}

// Para is a paragraph of wrapped text.
func Para(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// Hint is quieter explanatory text.
func Hint(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	l.TextStyle.Italic = true
	return l
}

// Bold is a one-line label in bold.
func Bold(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle.Bold = true
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// Surface draws obj on a background of the named theme colour.
func Surface(c fyne.ThemeColorName, obj fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(c))
	return container.NewStack(bg, obj)
}

// Card puts obj on a raised panel with rounded corners.
func Card(obj fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = 10
	bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	bg.StrokeWidth = 1
	return container.NewStack(bg, container.NewPadded(container.NewPadded(obj)))
}

// WrapRow lays buttons out in rows that wrap to the width available.
func WrapRow(objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(layout.NewRowWrapLayout(), objs...)
}

// HomeIcon is the app's house, in the primary colour.
func HomeIcon() fyne.Resource { return theme.NewPrimaryThemedResource(theme.HomeIcon()) }

// DueIcon says how pressing a child's next due item is, by shape as well as
// colour: a red search glass for a child missing now, an error mark for
// overdue, a clock for due.
func DueIcon(d model.Due) fyne.Resource {
	switch d.State {
	case model.RHIOverdue:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	case model.RHIDue:
		return theme.NewWarningThemedResource(theme.HistoryIcon())
	case model.RHIStillMissing:
		return theme.NewErrorThemedResource(theme.SearchIcon())
	}
	return theme.NewDisabledResource(theme.ConfirmIcon())
}

// DueImportance colours the words of a due item to match its icon.
func DueImportance(d model.Due) widget.Importance {
	switch d.State {
	case model.RHIOverdue, model.RHIStillMissing:
		return widget.DangerImportance
	case model.RHIDue:
		return widget.WarningImportance
	}
	return widget.MediumImportance
}

// columnWidth keeps reading text to a comfortable measure and centres it on a
// wide screen.
type columnWidth struct{ max float32 }

// MinSize implements fyne.Layout.
func (l columnWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if o.Visible() {
			s = s.Max(o.MinSize())
		}
	}
	return s
}

// Layout implements fyne.Layout.
func (l columnWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := min(size.Width, l.max)
	for _, o := range objs {
		o.Resize(fyne.NewSize(w, size.Height))
		o.Move(fyne.NewPos((size.Width-w)/2, 0))
	}
}

// Column centres obj at no more than width max.
func Column(max float32, obj fyne.CanvasObject) *fyne.Container {
	return container.New(columnWidth{max}, obj)
}

// Split puts two panes side by side on a wide screen (the first a fixed width)
// and one above the other on a narrow one.
type Split struct {
	First, Breakpoint float32
}

// wide reports whether there is room for the two panes side by side.
func (l Split) wide(size fyne.Size) bool { return size.Width >= l.Breakpoint }

// MinSize implements fyne.Layout.
func (l Split) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(max(a.Width, b.Width), max(a.Height, b.Height))
}

// natural is the height obj would like, looking inside a scroll.
func natural(obj fyne.CanvasObject) float32 {
	if s, ok := obj.(*container.Scroll); ok && s.Content != nil {
		return s.Content.MinSize().Height
	}
	return obj.MinSize().Height
}

// Layout implements fyne.Layout.
func (l Split) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	a, b := objs[0], objs[1]
	p := theme.Padding()
	if l.wide(size) {
		a.Move(fyne.NewPos(0, 0))
		a.Resize(fyne.NewSize(l.First, size.Height))
		b.Move(fyne.NewPos(l.First+p, 0))
		b.Resize(fyne.NewSize(size.Width-l.First-p, size.Height))
		return
	}
	a.Move(fyne.NewPos(0, 0))
	h := min(natural(a), size.Height*0.6)
	a.Resize(fyne.NewSize(size.Width, h))
	// Wrapping content knows its real height only once laid out at this width.
	if h2 := min(natural(a), size.Height*0.6); h2 != h {
		h = h2
		a.Resize(fyne.NewSize(size.Width, h))
	}
	b.Move(fyne.NewPos(0, h+p))
	b.Resize(fyne.NewSize(size.Width, size.Height-h-p))
}

// BackShortcut goes back a page from anywhere, as Escape does from outside a
// text field.
var BackShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierAlt}

// columnsUpTo lays objects out in a grid of up to max columns, as many as fit
// the width it was last given, and in one column when the widest does not fit
// twice: so a set of long check boxes never makes the window wider.
type columnsUpTo struct {
	max   int
	width float32 // the width last laid out at
}

func (l *columnsUpTo) cols(objs []fyne.CanvasObject, width float32) int {
	var widest float32
	for _, o := range objs {
		widest = max(widest, o.MinSize().Width)
	}
	p := theme.Padding()
	n := l.max
	for n > 1 && float32(n)*widest+float32(n-1)*p > width {
		n--
	}
	return n
}

func (l *columnsUpTo) rows(objs []fyne.CanvasObject, n int) (heights []float32) {
	for i, o := range objs {
		if i%n == 0 {
			heights = append(heights, 0)
		}
		heights[len(heights)-1] = max(heights[len(heights)-1], o.MinSize().Height)
	}
	return heights
}

// MinSize implements fyne.Layout.
func (l *columnsUpTo) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s.Width = max(s.Width, o.MinSize().Width)
	}
	heights := l.rows(objs, l.cols(objs, l.width))
	for i, h := range heights {
		if i > 0 {
			s.Height += theme.Padding()
		}
		s.Height += h
	}
	return s
}

// Layout implements fyne.Layout.
func (l *columnsUpTo) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	n := l.cols(objs, size.Width)
	p := theme.Padding()
	w := (size.Width - float32(n-1)*p) / float32(n)
	var y float32
	for r, h := range l.rows(objs, n) {
		for c := 0; c < n && r*n+c < len(objs); c++ {
			o := objs[r*n+c]
			o.Move(fyne.NewPos(float32(c)*(w+p), y))
			o.Resize(fyne.NewSize(w, h))
		}
		y += h + p
	}
}

// Columns lays objs out in up to max columns, fewer when they do not fit.
func Columns(max int, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(&columnsUpTo{max: max}, objs...)
}
