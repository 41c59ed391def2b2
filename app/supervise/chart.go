package supervise

import (
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
)

// Figure is one practitioner's share of the team's oversight, as the chart
// draws it.
type Figure struct {
	Who            string
	Cases          int
	Waiting        int           // records waiting for review
	SupervisionDue int           // children with no supervision within the interval
	LongestWait    time.Duration // how long the oldest waiting record has waited
}

// figuresByPractitioner adds up the oversight of each practitioner's cases.
func figuresByPractitioner(sums []model.Summary, interval time.Duration, now time.Time) []Figure {
	by := map[string]*Figure{}
	var order []string
	for _, s := range sums {
		who := kit.OrSomeone(s.Child.Value.AllocatedWorker)
		f := by[who]
		if f == nil {
			f = &Figure{Who: who}
			by[who] = f
			order = append(order, who)
		}
		f.Cases++
		f.Waiting += s.Oversight.Waiting
		if s.Oversight.SupervisionOverdue(interval, now) {
			f.SupervisionDue++
		}
		if s.Oversight.Waiting > 0 {
			f.LongestWait = max(f.LongestWait, model.Between(s.Oversight.Oldest.Saved, now))
		}
	}
	slices.Sort(order)
	out := make([]Figure, len(order))
	for i, who := range order {
		out[i] = *by[who]
	}
	return out
}

// newChart is the team chart: for each practitioner, bars of the records
// waiting for review, the children due supervision and the longest wait, so
// that a manager sees where oversight is thin. It is drawn again each time
// the home loads.
func newChart(env page.Env, h *Home) fyne.CanvasObject {
	box := container.NewVBox()
	h.drawChart = func(figs []Figure) {
		h.Figures = figs
		box.Objects = nil
		if len(figs) == 0 {
			box.Add(kit.Para("No cases to chart."))
			box.Refresh()
			return
		}
		var most Figure
		for _, f := range figs {
			most.Waiting = max(most.Waiting, f.Waiting)
			most.SupervisionDue = max(most.SupervisionDue, f.SupervisionDue)
			most.LongestWait = max(most.LongestWait, f.LongestWait)
		}
		box.Add(kit.Hint("Each practitioner's cases: the longer a bar, the thinner the oversight."))
		for _, f := range figs {
			box.Add(kit.Bold(f.Who + ": " + kit.Plural(f.Cases, "child", "children")))
			box.Add(bar("Waiting for review", strconv.Itoa(f.Waiting), share(f.Waiting, most.Waiting), theme.ColorNameWarning))
			box.Add(bar("Due supervision", strconv.Itoa(f.SupervisionDue), share(f.SupervisionDue, most.SupervisionDue), theme.ColorNameError))
			wait := "none"
			if f.Waiting > 0 {
				wait = model.Span(f.LongestWait)
			}
			box.Add(bar("Longest wait", wait, share(int(f.LongestWait/time.Minute), int(most.LongestWait/time.Minute)), theme.ColorNamePrimary))
		}
		box.Refresh()
	}
	return container.NewVScroll(container.NewPadded(box))
}

func share(n, of int) float32 {
	if of <= 0 {
		return 0
	}
	return float32(n) / float32(of)
}

// bar is one line of the chart: what it counts, a bar as long as its share
// of the most any practitioner has, and the figure.
func bar(label, value string, frac float32, colour fyne.ThemeColorName) fyne.CanvasObject {
	r := canvas.NewRectangle(theme.Color(colour))
	r.CornerRadius = theme.InputRadiusSize()
	name := kit.Para(label)
	name.Wrapping = fyne.TextWrapOff
	name.Truncation = fyne.TextTruncateEllipsis
	return container.New(&barLayout{frac: frac}, name, r, widget.NewLabel(value))
}

// barLayout places a bar's label in a fixed width on the left, the figure on
// the right and the bar between, as long as its share.
type barLayout struct{ frac float32 }

const barLabel = 190

// MinSize implements fyne.Layout.
func (barLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := max(objs[0].MinSize().Height, objs[2].MinSize().Height)
	return fyne.NewSize(barLabel+120, h)
}

// Layout implements fyne.Layout.
func (l *barLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	name, r, value := objs[0], objs[1], objs[2]
	p := theme.Padding()
	valueW := min(value.MinSize().Width, size.Width/3)
	name.Resize(fyne.NewSize(barLabel, size.Height))
	name.Move(fyne.NewPos(0, 0))
	room := max(0, size.Width-barLabel-valueW-2*p)
	w := max(2, room*l.frac)
	r.Resize(fyne.NewSize(w, size.Height/2))
	r.Move(fyne.NewPos(barLabel+p, size.Height/4))
	value.Resize(fyne.NewSize(valueW, size.Height))
	value.Move(fyne.NewPos(barLabel+p+w+p, 0))
}
