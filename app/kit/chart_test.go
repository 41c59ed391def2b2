package kit

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"homeward/model"
)

// The risk chart puts the levels the screenings set and the episodes and
// interviews on one time axis (issue 10, part 6): a level set the day the
// child went missing sits right above that episode's mark, a higher level sits
// higher, and everything is drawn inside the chart.
func TestRiskChartSharesOneTimeAxis(t *testing.T) {
	test.NewTempApp(t)
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	went := now.AddDate(0, 0, -30)
	held := now.AddDate(0, 0, -28)
	c := NewRiskChart([]model.RiskPoint{
		{At: now.AddDate(0, -3, 0), Level: model.LevelLow},
		{At: went, Level: model.LevelHigh},
	}, []time.Time{went}, []time.Time{held}, now)
	size := fyne.NewSize(640, 300)
	c.Resize(size)
	var dots []*canvas.Circle
	var marks []*canvas.Rectangle
	for _, o := range test.WidgetRenderer(c).Objects() {
		switch o := o.(type) {
		case *canvas.Circle:
			dots = append(dots, o)
		case *canvas.Rectangle:
			if o.Size().Width == 4 {
				marks = append(marks, o)
			}
		}
		if p, s := o.Position(), o.Size(); p.X < 0 || p.Y < 0 || p.X+s.Width > size.Width+0.5 || p.Y+s.Height > size.Height+0.5 {
			t.Errorf("%T at %v, %v spills out of the chart", o, p, s)
		}
	}
	if len(dots) != 2 || len(marks) != 2 {
		t.Fatalf("%d levels and %d marks drawn, want 2 and 2", len(dots), len(marks))
	}
	mid := func(x, w float32) float32 { return x + w/2 }
	low, high := dots[0], dots[1]
	episode, interview := marks[0], marks[1]
	if d := mid(high.Position().X, high.Size().Width) - mid(episode.Position().X, episode.Size().Width); d < -1 || d > 1 {
		t.Errorf("the level set the day the child went missing is %.1f px from that episode's mark", d)
	}
	if interview.Position().X <= episode.Position().X || low.Position().X >= high.Position().X {
		t.Error("later things are not further right")
	}
	if high.Position().Y >= low.Position().Y {
		t.Errorf("high is drawn at y %.0f, not above low at %.0f", high.Position().Y, low.Position().Y)
	}
	if from, to := c.Span(); !from.Equal(now.AddDate(0, -6, 0)) || !to.Equal(now) {
		t.Errorf("span %v to %v, want the six months to now", from, to)
	}
}
