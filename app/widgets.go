package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/model"
)

// entry is a text entry that counts typing as activity for the idle lock, lets
// Escape or the Back button leave the field (a second one then goes back a
// page), and leaves Tab to move the focus on.
type entry struct {
	widget.Entry
	u *UI
}

func (u *UI) newEntry(placeholder string) *entry {
	e := &entry{u: u}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder(placeholder)
	return e
}

func (u *UI) newMultiEntry(placeholder string, rows int) *entry {
	e := u.newEntry(placeholder)
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(rows)
	return e
}

func (u *UI) newPasswordEntry(placeholder string) *entry {
	e := u.newEntry(placeholder)
	e.Password = true
	return e
}

// TypedRune implements fyne.Focusable.
func (e *entry) TypedRune(r rune) {
	e.u.touch()
	e.Entry.TypedRune(r)
}

// AcceptsTab implements fyne.Tabbable: Tab moves to the next field, even from a
// multi-line entry, so the keyboard is never trapped.
func (e *entry) AcceptsTab() bool { return false }

// TypedKey implements fyne.Focusable.
func (e *entry) TypedKey(k *fyne.KeyEvent) {
	e.u.touch()
	if k.Name == fyne.KeyEscape || k.Name == mobile.KeyBack {
		e.u.win.Canvas().Unfocus()
		return
	}
	e.Entry.TypedKey(k)
}

// backdrop lies under a screen and counts the pointer moving or tapping where no
// control handles it as activity, for the idle lock.
type backdrop struct {
	widget.BaseWidget
	u *UI
}

var (
	_ fyne.Tabbable     = (*entry)(nil)
	_ desktop.Hoverable = (*backdrop)(nil)
	_ fyne.Tappable     = (*backdrop)(nil)
)

func newBackdrop(u *UI) *backdrop {
	b := &backdrop{u: u}
	b.ExtendBaseWidget(b)
	return b
}

// CreateRenderer implements fyne.Widget.
func (b *backdrop) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// MouseIn implements desktop.Hoverable.
func (b *backdrop) MouseIn(*desktop.MouseEvent) { b.u.touch() }

// MouseMoved implements desktop.Hoverable.
func (b *backdrop) MouseMoved(*desktop.MouseEvent) { b.u.touch() }

// MouseOut implements desktop.Hoverable.
func (b *backdrop) MouseOut() {}

// Tapped implements fyne.Tappable.
func (b *backdrop) Tapped(*fyne.PointEvent) { b.u.touch() }

// TypedShortcut implements fyne.Shortcutable, letting the back shortcut work
// while typing.
func (e *entry) TypedShortcut(s fyne.Shortcut) {
	e.u.touch()
	if s.ShortcutName() == backShortcut.ShortcutName() {
		e.u.escape()
		return
	}
	e.Entry.TypedShortcut(s)
}

// button makes a button whose taps count as activity.
func (u *UI) button(label string, icon fyne.Resource, tapped func()) *widget.Button {
	return widget.NewButtonWithIcon(label, icon, func() {
		u.touch()
		tapped()
	})
}

// primary makes the main button of a screen.
func (u *UI) primary(label string, icon fyne.Resource, tapped func()) *widget.Button {
	b := u.button(label, icon, tapped)
	b.Importance = widget.HighImportance
	return b
}

// quiet makes a button that does not draw attention.
func (u *UI) quiet(label string, icon fyne.Resource, tapped func()) *widget.Button {
	b := u.button(label, icon, tapped)
	b.Importance = widget.LowImportance
	return b
}

// heading is a page or card heading.
func heading(text string) *widget.Label { return titled(text, theme.SizeNameHeadingText) }

// subheading is a section heading.
func subheading(text string) *widget.Label { return titled(text, theme.SizeNameSubHeadingText) }

func titled(text string, size fyne.ThemeSizeName) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = size
	l.TextStyle.Bold = true
	l.Wrapping = fyne.TextWrapWord
	return l
}

// para is a paragraph of wrapped text.
func para(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// hint is quieter explanatory text.
func hint(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	l.TextStyle.Italic = true
	return l
}

// bold is a one-line label in bold.
func bold(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle.Bold = true
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// surface draws obj on a background of the named theme colour.
func surface(c fyne.ThemeColorName, obj fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(c))
	return container.NewStack(bg, obj)
}

// card puts obj on a raised panel with rounded corners.
func card(obj fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = 10
	bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	bg.StrokeWidth = 1
	return container.NewStack(bg, container.NewPadded(container.NewPadded(obj)))
}

// wrapRow lays buttons out in rows that wrap to the width available.
func wrapRow(objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(layout.NewRowWrapLayout(), objs...)
}

// homeIcon is the app's house, in the primary colour.
func homeIcon() fyne.Resource { return theme.NewPrimaryThemedResource(theme.HomeIcon()) }

// dueIcon says how pressing a child's next due item is, by shape as well as
// colour: an error mark for overdue, a clock for due, a search glass for a child
// missing now.
func dueIcon(d model.Due) fyne.Resource {
	switch d.State {
	case model.RHIOverdue:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	case model.RHIDue:
		return theme.NewWarningThemedResource(theme.HistoryIcon())
	case model.RHIStillMissing:
		return theme.NewPrimaryThemedResource(theme.SearchIcon())
	}
	return theme.NewDisabledResource(theme.ConfirmIcon())
}

// dueImportance colours the words of a due item to match its icon.
func dueImportance(d model.Due) widget.Importance {
	switch d.State {
	case model.RHIOverdue:
		return widget.DangerImportance
	case model.RHIDue:
		return widget.WarningImportance
	case model.RHIStillMissing:
		return widget.HighImportance
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

// column centres obj at no more than width max.
func column(max float32, obj fyne.CanvasObject) *fyne.Container {
	return container.New(columnWidth{max}, obj)
}

// split puts two panes side by side on a wide screen (the first a fixed width)
// and one above the other on a narrow one.
type split struct {
	first, breakpoint float32
}

func (l split) wide(size fyne.Size) bool { return size.Width >= l.breakpoint }

// MinSize implements fyne.Layout.
func (l split) MinSize(objs []fyne.CanvasObject) fyne.Size {
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
func (l split) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	a, b := objs[0], objs[1]
	p := theme.Padding()
	if l.wide(size) {
		a.Move(fyne.NewPos(0, 0))
		a.Resize(fyne.NewSize(l.first, size.Height))
		b.Move(fyne.NewPos(l.first+p, 0))
		b.Resize(fyne.NewSize(size.Width-l.first-p, size.Height))
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
