package kit

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
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

// An interview's voice entries are listed newest first, each naming its method
// once (issue 11, item 4).
func TestVoiceLinksNewestFirst(t *testing.T) {
	at := time.Date(2026, 11, 20, 14, 30, 0, 0, time.UTC)
	voice := func(id string, when time.Time, words string) model.Item[model.VoiceEntry] {
		return model.Item[model.VoiceEntry]{RecordID: id, Value: model.VoiceEntry{InterviewID: "rhi-1", RecordedAt: when, Method: model.MethodWords, Words: words}}
	}
	c := &model.Case{Voices: []model.Item[model.VoiceEntry]{
		voice("v-1", at, "older"), voice("v-2", at.Add(time.Hour), "newer"),
		{RecordID: "v-3", Value: model.VoiceEntry{InterviewID: "rhi-1", RecordedAt: at.Add(-time.Hour), Method: model.MethodFeelings, Feelings: []string{"feel.tired"}}},
	}}
	var texts []string
	for _, o := range (Controls{}).VoiceLinks(model.DefaultCatalogue(), c, "rhi-1", func(string) {}) {
		for _, w := range o.(*fyne.Container).Objects {
			if l, ok := w.(*widget.Label); ok {
				texts = append(texts, l.Text)
			}
		}
	}
	want := []string{"In their own words: newer", "In their own words: older", "Feelings: Tired"}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("VoiceLinks = %q, want %q", texts, want)
	}
}

// The caseload and the interview form count the same minute alike: an
// interview held in the minute the caseload says "overdue by 57 hours" was held
// 57 hours late, not 56 (issue 11, item 10).
func TestOverdueAndHeldLateAgree(t *testing.T) {
	back := time.Date(2026, 11, 20, 10, 0, 40, 0, time.UTC)
	e := model.MissingEpisode{WentMissing: back.Add(-20 * time.Hour), Returned: back}
	deadline := back.Add(model.RHIWindow)
	held := deadline.Truncate(time.Minute).Add(57 * time.Hour)
	now := held.Add(45 * time.Second)
	overdue := model.Due{State: model.RHIOverdue, Deadline: deadline}.Describe(now)
	text, _ := DeadlineText(e, held, now)
	if !strings.HasSuffix(overdue, "overdue by 57 hours") || !strings.Contains(text, "held 57 hours after") {
		t.Errorf("the same minute reads %q on the caseload and %q on the form", overdue, text)
	}
}
