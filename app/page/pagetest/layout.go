package pagetest

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// slack is how far, in units, a widget may stray before it counts: rounding in
// layouts moves things by a fraction.
const slack = 1

// urgentText is what a due date or an error says: text that must never be cut.
var urgentText = regexp.MustCompile(`(?i)\b(overdue|due|held|hours?|days?|minutes?|missing|check|choose|enter|problems?)\b`)

// LayoutProblems lists what is wrong with the layout of what window w shows:
// two tappable widgets that overlap, a widget that spills out of its container
// or the window, and a label that says when something is due, or what is wrong,
// cut short. Only the dialog on top is looked at when one is open, as only it
// can be tapped. What a scroll area holds out of view is looked at too, as a
// person scrolls to it: within the scroll area it is laid out as it will be
// seen; against what is outside the area only the part in view counts, as the
// real window clips the rest (the test painter does not).
func LayoutProblems(w fyne.Window) []string {
	c := w.Canvas()
	root := c.Content()
	if top := c.Overlays().Top(); top != nil {
		root = top
	}
	l := &layoutCheck{}
	win := rect{0, 0, c.Size().Width, c.Size().Height}
	l.walk(root, fyne.NewPos(0, 0), view{win, win, nil}, win, false, nil, nil)
	for i, a := range l.taps {
		for _, b := range l.taps[i+1:] {
			if a.nests(b) || b.nests(a) {
				continue
			}
			ra, rb := a.seen, b.seen
			if a.scope == b.scope {
				ra, rb = a.inScope, b.inScope
			}
			if in := ra.intersect(rb); in.w > slack && in.h > slack {
				l.add("%s and %s overlap", a.name, b.name)
			}
		}
	}
	return l.problems
}

// view is where an object can be seen: seen, the part of the window in view;
// area, the part of its scroll area's content (or of the window, outside any)
// that a person can scroll into view; and scope, that scroll area.
type view struct {
	seen, area rect
	scope      *container.Scroll
}

type rect struct{ x, y, w, h float32 }

func (a rect) intersect(b rect) rect {
	x, y := max(a.x, b.x), max(a.y, b.y)
	return rect{x, y, max(0, min(a.x+a.w, b.x+b.w)-x), max(0, min(a.y+a.h, b.y+b.h)-y)}
}

func (a rect) within(b rect) bool {
	return a.x >= b.x-slack && a.y >= b.y-slack && a.x+a.w <= b.x+b.w+slack && a.y+a.h <= b.y+b.h+slack
}

type tappable struct {
	o       fyne.CanvasObject
	name    string
	seen    rect                // the part in view
	inScope rect                // the part that can be scrolled into view
	scope   *container.Scroll   // the scroll area it is in, nil for none
	outer   []fyne.CanvasObject // the tappable widgets it sits inside
	layers  []layer             // the stacks it is one layer of
}

// layer is one object of a stack: what a later layer covers is meant to be
// under it, as a backdrop is.
type layer struct {
	stack *fyne.Container
	i     int
}

func (t tappable) nests(in tappable) bool {
	for _, o := range in.outer {
		if o == t.o {
			return true
		}
	}
	for _, a := range t.layers {
		for _, b := range in.layers {
			if a.stack == b.stack && a.i != b.i {
				return true
			}
		}
	}
	return false
}

// ours says whether o is a widget or a container: what a screen lays out, as
// against the lines, images and spacers a layout may place as decoration.
func ours(o fyne.CanvasObject) bool {
	switch o.(type) {
	case *fyne.Container, fyne.Widget:
		return true
	}
	return false
}

// stacked says whether c draws its objects one over another.
func stacked(c *fyne.Container) bool {
	if c.Layout == nil {
		return false
	}
	switch reflect.TypeOf(c.Layout).String() {
	case "layout.stackLayout", "layout.paddedLayout", "*layout.stackLayout", "*layout.paddedLayout":
		return true
	}
	return false
}

type layoutCheck struct {
	taps     []tappable
	problems []string
}

func (l *layoutCheck) add(format string, args ...any) {
	l.problems = append(l.problems, fmt.Sprintf(format, args...))
}

// walk looks at o, placed relative to parentPos, where v says it can be seen;
// box is the container o must fit in when fit is set.
func (l *layoutCheck) walk(o fyne.CanvasObject, parentPos fyne.Position, v view, box rect, fit bool, outer []fyne.CanvasObject, layers []layer) {
	if o == nil || !o.Visible() {
		return
	}
	pos := parentPos.Add(o.Position())
	r := rect{pos.X, pos.Y, o.Size().Width, o.Size().Height}
	inScope := r.intersect(v.area)
	if inScope.w <= 0 || inScope.h <= 0 {
		return
	}
	if fit && r.w > 0 && r.h > 0 && ours(o) && !r.within(box) {
		l.add("%s spills out of its container (%v at %v in %v at %v)", describe(o), o.Size(), pos, fyne.NewSize(box.w, box.h), fyne.NewPos(box.x, box.y))
	}
	if _, ok := o.(fyne.Tappable); ok && r.w > 0 && r.h > 0 {
		l.taps = append(l.taps, tappable{o, describe(o), r.intersect(v.seen), inScope, v.scope, outer, layers})
		outer = append(outer[:len(outer):len(outer)], o)
	}
	l.truncated(o)

	switch x := o.(type) {
	case *fyne.Container:
		for i, k := range x.Objects {
			in := layers
			if stacked(x) {
				in = append(layers[:len(layers):len(layers)], layer{x, i})
			}
			l.walk(k, pos, v, r, true, outer, in)
		}
	case *container.Scroll:
		// Content larger than a scroll area is what it is for; all of it can
		// be scrolled to.
		if x.Content != nil {
			cp := pos.Add(x.Content.Position())
			all := rect{cp.X, cp.Y, x.Content.Size().Width, x.Content.Size().Height}
			l.walk(x.Content, pos, view{r.intersect(v.seen), all, x}, r, false, outer, layers)
		}
	case fyne.Widget:
		// A widget draws its own insides; only what it holds of ours is looked at.
		for _, k := range test.WidgetRenderer(x).Objects() {
			l.walk(k, pos, v, r, false, outer, layers)
		}
	}
}

// truncated reports a one-line label that is cut short while saying when
// something is due or what is wrong, and one that is not allowed to be cut but
// is drawn wider than it is.
func (l *layoutCheck) truncated(o fyne.CanvasObject) {
	lb, ok := o.(*widget.Label)
	if !ok || lb.Wrapping != fyne.TextWrapOff || lb.Text == "" {
		return
	}
	if lb.Truncation == fyne.TextTruncateOff {
		if need := lb.MinSize().Width; need > lb.Size().Width+slack {
			l.add("label %q spills out of its room: it needs %.0f units and has %.0f", lb.Text, need, lb.Size().Width)
		}
		return
	}
	urgent := lb.Importance == widget.DangerImportance || urgentText.MatchString(lb.Text)
	if urgent && cut(lb) {
		l.add("%q is cut short", lb.Text)
	}
}

// cut says whether label lb draws less than its text: the renderer ends what it
// draws with an ellipsis, or leaves some of it out.
func cut(lb *widget.Label) bool {
	var drawn strings.Builder
	var each func(o fyne.CanvasObject)
	each = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *canvas.Text:
			drawn.WriteString(x.Text)
		case *fyne.Container:
			for _, k := range x.Objects {
				each(k)
			}
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(x).Objects() {
				each(k)
			}
		}
	}
	each(lb)
	return drawn.String() != lb.Text
}

// describe names an object for a failure message: its type and what it says.
func describe(o fyne.CanvasObject) string {
	name := reflect.TypeOf(o).String()
	switch x := o.(type) {
	case *widget.Button:
		return fmt.Sprintf("button %q", x.Text)
	case *widget.Check:
		return fmt.Sprintf("check %q", x.Text)
	case *widget.Label:
		return fmt.Sprintf("label %q", x.Text)
	case *widget.Entry:
		return fmt.Sprintf("entry %q", x.PlaceHolder)
	case *widget.Hyperlink:
		return fmt.Sprintf("link %q", x.Text)
	}
	return name
}
