package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ProblemLine shows a validation message beside its field, with an icon so it
// does not rely on colour. It is hidden while there is nothing to say.
type ProblemLine struct {
	widget.BaseWidget
	box   *fyne.Container
	label *widget.Label
}

// NewProblem makes an empty problem line, to go beside a field.
func NewProblem() *ProblemLine {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	icon := widget.NewIcon(theme.NewErrorThemedResource(theme.ErrorIcon()))
	p := &ProblemLine{box: container.NewBorder(nil, nil, container.NewCenter(icon), nil, l), label: l}
	p.ExtendBaseWidget(p)
	p.Hide()
	return p
}

// CreateRenderer implements fyne.Widget.
func (p *ProblemLine) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(p.box) }

// Set shows msg, or hides the line when msg is empty. It reports whether the
// line appeared or went, which moves what is below it.
func (p *ProblemLine) Set(msg string) bool {
	moved := p.Hidden != (msg == "")
	p.label.SetText(msg)
	p.Hidden = msg == ""
	p.Refresh()
	return moved
}

// Text is the message shown.
func (p *ProblemLine) Text() string {
	if p.Hidden {
		return ""
	}
	return p.label.Text
}

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
