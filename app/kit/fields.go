package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ProblemLine shows a validation message beside its field, with an icon so it
// does not rely on colour. A line beside a field keeps its room while there is
// nothing to say, and the room of the longest message it has shown, so that a
// message appearing or going never moves the field under a person's finger. A
// message line (NewMessage) is hidden until it first has something to say.
type ProblemLine struct {
	widget.BaseWidget
	box     *fyne.Container
	icon    *widget.Icon
	label   *widget.Label
	reserve bool    // keeps its room while empty: beside a field always, a message line once it has shown one
	tallest float32 // the most room a message has taken since Settle
}

// NewProblem makes an empty problem line, to go beside a field.
func NewProblem() *ProblemLine {
	p := newLine()
	p.reserve = true
	p.icon.Hide()
	return p
}

// NewMessage makes an empty line for a message about a whole screen, such as
// the count of problems at the foot of a form. It takes no room until it first
// has something to say; from then on it keeps its room like a line beside a
// field, so that the message going moves nothing on the screen.
func NewMessage() *ProblemLine {
	p := newLine()
	p.Hide()
	return p
}

func newLine() *ProblemLine {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	icon := widget.NewIcon(theme.NewErrorThemedResource(theme.ErrorIcon()))
	p := &ProblemLine{box: container.NewBorder(nil, nil, container.NewCenter(icon), nil, l), icon: icon, label: l}
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer implements fyne.Widget.
func (p *ProblemLine) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(p.box) }

// MinSize implements fyne.CanvasObject: a line beside a field asks for one line
// while empty, and never for less room than a message has had since Settle. A
// message is measured only once the line has its width, as it wraps to it.
func (p *ProblemLine) MinSize() fyne.Size {
	s := p.BaseWidget.MinSize()
	if !p.reserve {
		return s
	}
	if p.label.Text == "" {
		s.Height = widget.NewLabel("").MinSize().Height
	} else if p.Size().Width > 0 {
		p.tallest = max(p.tallest, s.Height)
	}
	s.Height = max(s.Height, p.tallest)
	return s
}

// Settle lets a line beside a field give back the room of a message that has
// gone, for when the screen is laid out afresh anyway.
func (p *ProblemLine) Settle() { p.tallest = 0 }

// Set shows msg, or clears the line when msg is empty. It reports whether the
// line now needs a different height, which moves what is below it.
func (p *ProblemLine) Set(msg string) bool {
	before := p.MinSize().Height
	if !p.Visible() {
		before = 0
	}
	p.label.SetText(msg)
	p.reserve = p.reserve || msg != ""
	p.icon.Hidden = msg == ""
	p.Hidden = !p.reserve && msg == ""
	p.Refresh()
	after := p.MinSize().Height
	if !p.Visible() {
		after = 0
	}
	return before != after
}

// Text is the message shown.
func (p *ProblemLine) Text() string { return p.label.Text }

// FieldBlock lays out a field: its label, an optional hint, what is wrong with
// it if anything, then the input, and whatever goes under it.
func FieldBlock(label, hintText string, input fyne.CanvasObject, under ...fyne.CanvasObject) *fyne.Container {
	return ProblemBlock(label, hintText, nil, input, under...)
}

// ProblemBlock is FieldBlock with a problem line between the label and the
// input.
func ProblemBlock(label, hintText string, p *ProblemLine, input fyne.CanvasObject, under ...fyne.CanvasObject) *fyne.Container {
	l := widget.NewLabel(label)
	l.TextStyle.Bold = true
	l.Wrapping = fyne.TextWrapWord
	objs := []fyne.CanvasObject{l}
	if hintText != "" {
		objs = append(objs, Hint(hintText))
	}
	if p != nil {
		objs = append(objs, p)
	}
	objs = append(objs, input)
	objs = append(objs, under...)
	return container.NewVBox(objs...)
}
