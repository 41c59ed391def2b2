package kit

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/model"
)

// RiskChart draws a child's risk level over time, as the screenings set it,
// with the missing episodes and the interviews held marked on the same time
// axis beneath (audit F7).
type RiskChart struct {
	widget.BaseWidget
	Points     []model.RiskPoint
	Episodes   []time.Time
	Interviews []time.Time
	now        time.Time
}

// NewRiskChart makes the chart of points, episodes and interviews up to now.
func NewRiskChart(points []model.RiskPoint, episodes, interviews []time.Time, now time.Time) *RiskChart {
	c := &RiskChart{Points: points, Episodes: episodes, Interviews: interviews, now: now}
	c.ExtendBaseWidget(c)
	return c
}

// Span is the time the chart shows: from six months before now, or from the
// first thing it marks if that is earlier, to now.
func (c *RiskChart) Span() (from, to time.Time) {
	from, to = c.now.AddDate(0, -6, 0), c.now
	for _, p := range c.Points {
		if p.At.Before(from) {
			from = p.At
		}
	}
	for _, ts := range [][]time.Time{c.Episodes, c.Interviews} {
		for _, t := range ts {
			if t.Before(from) {
				from = t
			}
		}
	}
	return from, to
}

// CreateRenderer implements fyne.Widget.
func (c *RiskChart) CreateRenderer() fyne.WidgetRenderer {
	return &chartRenderer{c: c}
}

type chartRenderer struct {
	c    *RiskChart
	objs []fyne.CanvasObject
}

func (r *chartRenderer) Destroy()                     {}
func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *chartRenderer) Refresh()                     { r.Layout(r.c.Size()) }

func (r *chartRenderer) MinSize() fyne.Size {
	t := theme.TextSize()
	return fyne.NewSize(16*t, 13*t)
}

// Layout draws the chart afresh for size: four bands of level, the line of
// levels, and two rows of marks, episodes and interviews, with the dates at
// either end.
func (r *chartRenderer) Layout(size fyne.Size) {
	c := r.c
	ts := theme.TextSize() * 0.85
	fg, muted := theme.Color(theme.ColorNameForeground), theme.Color(theme.ColorNameDisabled)
	left := fyne.MeasureText("Medium", ts, fyne.TextStyle{}).Width + 2*theme.Padding()
	right := size.Width - theme.Padding()
	top := theme.Padding()
	rowH := ts * 1.6
	bandsH := size.Height - top - 3*rowH - ts*1.4
	band := bandsH / float32(len(model.Levels))
	from, to := c.Span()
	x := func(t time.Time) float32 {
		span := to.Sub(from)
		if span <= 0 {
			return right
		}
		return left + float32(t.Sub(from))/float32(span)*(right-left)
	}
	y := func(l model.Level) float32 { // the middle of the level's band
		return top + bandsH - (float32(l.Rank())-0.5)*band
	}
	var objs []fyne.CanvasObject
	text := func(s string, px, py float32, align fyne.TextAlign) {
		t := canvas.NewText(s, fg)
		t.TextSize = ts
		w := fyne.MeasureText(s, ts, fyne.TextStyle{}).Width
		switch align {
		case fyne.TextAlignTrailing:
			px -= w
		case fyne.TextAlignCenter:
			px -= w / 2
		}
		t.Move(fyne.NewPos(px, py))
		objs = append(objs, t)
	}
	for i, l := range model.Levels {
		bg := canvas.NewRectangle(levelColour(l, 40))
		bg.Move(fyne.NewPos(left, top+bandsH-float32(i+1)*band))
		bg.Resize(fyne.NewSize(right-left, band))
		objs = append(objs, bg)
		text(levelShort(l), theme.Padding(), y(l)-ts*0.6, fyne.TextAlignLeading)
	}
	for i, p := range c.Points {
		end := to
		if i+1 < len(c.Points) {
			end = c.Points[i+1].At
		}
		seg := canvas.NewLine(fg)
		seg.StrokeWidth = 3
		seg.Position1, seg.Position2 = fyne.NewPos(x(p.At), y(p.Level)), fyne.NewPos(x(end), y(p.Level))
		objs = append(objs, seg)
		if i+1 < len(c.Points) {
			rise := canvas.NewLine(fg)
			rise.StrokeWidth = 1
			rise.Position1, rise.Position2 = fyne.NewPos(x(end), y(p.Level)), fyne.NewPos(x(end), y(c.Points[i+1].Level))
			objs = append(objs, rise)
		}
		dot := canvas.NewCircle(levelColour(p.Level, 255))
		dot.StrokeColor, dot.StrokeWidth = fg, 1
		d := ts * 0.8
		dot.Move(fyne.NewPos(x(p.At)-d/2, y(p.Level)-d/2))
		dot.Resize(fyne.NewSquareSize(d))
		objs = append(objs, dot)
	}
	if len(c.Points) == 0 {
		text("Not screened yet", (left+right)/2, top+bandsH/2-ts*0.6, fyne.TextAlignCenter)
	}
	marks := func(row int, label string, ts2 []time.Time, colour fyne.ThemeColorName) {
		ry := top + bandsH + float32(row)*rowH + rowH*0.2
		text(label, theme.Padding(), ry, fyne.TextAlignLeading)
		for _, t := range ts2 {
			m := canvas.NewRectangle(theme.Color(colour))
			m.Move(fyne.NewPos(x(t)-2, ry))
			m.Resize(fyne.NewSize(4, rowH*0.7))
			objs = append(objs, m)
		}
	}
	marks(0, "Missing", c.Episodes, theme.ColorNameError)
	marks(1, "RHI", c.Interviews, theme.ColorNamePrimary)
	axis := canvas.NewLine(muted)
	ay := top + bandsH + 2*rowH + rowH*0.2
	axis.Position1, axis.Position2 = fyne.NewPos(left, ay), fyne.NewPos(right, ay)
	objs = append(objs, axis)
	text(from.Format("Jan 2006"), left, ay+2, fyne.TextAlignLeading)
	text("Today", right, ay+2, fyne.TextAlignTrailing)
	r.objs = objs
}

func levelShort(l model.Level) string {
	switch l {
	case model.LevelNone:
		return "None"
	case model.LevelLow:
		return "Low"
	case model.LevelMedium:
		return "Medium"
	}
	return "High"
}

// levelColour is a level's colour, from the theme's so that it follows light
// and dark, at the given opacity.
func levelColour(l model.Level, alpha uint8) color.Color {
	var name fyne.ThemeColorName
	switch l {
	case model.LevelNone:
		name = theme.ColorNameSuccess
	case model.LevelLow:
		name = theme.ColorNamePrimary
	case model.LevelMedium:
		name = theme.ColorNameWarning
	default:
		name = theme.ColorNameError
	}
	r, g, b, _ := theme.Color(name).RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: alpha}
}
