package kit

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"homeward/model"
)

// An interview held before the child came back is not "within the 72 hours":
// the date is wrong, and the deadline line must not say it is fine (issue 11, item 2).
func TestDeadlineTextHeldBeforeReturn(t *testing.T) {
	back := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	e := model.MissingEpisode{WentMissing: back.Add(-20 * time.Hour), Returned: back}
	text, imp := DeadlineText(e, back.Add(-30*time.Minute), back.Add(time.Hour))
	if imp == widget.SuccessImportance || strings.Contains(text, "within the 72 hours") {
		t.Fatalf("held before the return reads as fine: %q (%v)", text, imp)
	}
	if !strings.Contains(text, "before they came back") {
		t.Errorf("text %q does not say the interview time is before they came back", text)
	}
	if _, imp := DeadlineText(e, back.Add(time.Hour), back.Add(2*time.Hour)); imp != widget.SuccessImportance {
		t.Errorf("held an hour after the return: importance %v, want success", imp)
	}
}
