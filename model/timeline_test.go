package model_test

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"homeward/model"
)

func TestTimeline(t *testing.T) {
	base := time.Date(2025, 2, 1, 18, 0, 0, 0, time.UTC)
	first := episode("ep-1", base, base.Add(5*time.Hour))
	first.Value.WhereFound = "Train station\nwith two older men"
	second := episode("ep-2", base.Add(10*24*time.Hour), base.Add(10*24*time.Hour+30*time.Hour))
	second.Value.WhereFound = ""
	third := missingSince("ep-3", base.Add(20*24*time.Hour))

	held := heldAt("rhi-1", "ep-1", base.Add(30*time.Hour))
	heldPlain := heldAt("rhi-3", "ep-2", base.Add(11*24*time.Hour+2*time.Hour))
	heldPlain.Value.Indicators = []model.Observation{{Indicator: "rel.gifts", Evidence: model.EvidenceReported}}
	notHeld := notHeldFor("rhi-2", "ep-2", base.Add(11*24*time.Hour))
	notHeld.Value.NotHeldReason = model.NotHeldRefused
	notHeld.Conflict = true

	words := model.Item[model.VoiceEntry]{RecordID: "v-1", Value: validVoice(model.MethodWords)}
	words.Value.RecordedAt = base.Add(30*time.Hour + 5*time.Minute)
	scale := model.Item[model.VoiceEntry]{RecordID: "v-2", Value: validVoice(model.MethodScale)}
	scale.Value.RecordedAt = base.Add(15 * 24 * time.Hour)

	c := &model.Case{
		ID:         "case-1",
		Episodes:   []model.Item[model.MissingEpisode]{first, third, second},
		Interviews: []model.Item[model.ReturnInterview]{held, notHeld, heldPlain},
		Voices:     []model.Item[model.VoiceEntry]{scale, words},
	}
	want := []model.Event{
		{At: third.Value.WentMissing, Kind: model.KindEpisode, RecordID: "ep-3", Title: "Went missing", Detail: "Not yet returned"},
		{At: scale.Value.RecordedAt, Kind: model.KindVoice, RecordID: "v-2", Title: "Child's voice: Scale 0 to 10", Detail: "How safe do you feel at home? 6 out of 10"},
		{At: heldPlain.Value.HeldAt, Kind: model.KindInterview, RecordID: "rhi-3", Title: "Return home interview", Detail: "With Jordan Ellery; 1 exploitation indicator recorded"},
		{At: notHeld.Value.OfferedAt, Kind: model.KindInterview, RecordID: "rhi-2", Title: "Return home interview not held", Detail: "The child did not want an interview", Conflict: true},
		{At: second.Value.WentMissing, Kind: model.KindEpisode, RecordID: "ep-2", Title: "Went missing", Detail: "Returned after 30 hours"},
		{At: words.Value.RecordedAt, Kind: model.KindVoice, RecordID: "v-1", Title: "Child's voice: In their own words", Detail: "I just wanted to be somewhere nobody was shouting."},
		{At: held.Value.HeldAt, Kind: model.KindInterview, RecordID: "rhi-1", Title: "Return home interview", Detail: "With Jordan Ellery; 2 exploitation indicators recorded"},
		{At: first.Value.WentMissing, Kind: model.KindEpisode, RecordID: "ep-1", Title: "Went missing", Detail: "Returned after 5 hours: Train station"},
	}
	got := c.Timeline(cat())
	if len(got) != len(want) {
		t.Fatalf("Timeline has %d events, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		t.Run(want[i].RecordID, func(t *testing.T) {
			g, w := got[i], want[i]
			if !g.At.Equal(w.At) || g.Kind != w.Kind || g.RecordID != w.RecordID || g.Title != w.Title || g.Detail != w.Detail || g.Conflict != w.Conflict {
				t.Errorf("event %d\n got %+v\nwant %+v", i, g, w)
			}
		})
	}
	t.Run("not held with no offer stands at the last attempt", func(t *testing.T) {
		r := noContactFor("rhi-9", "ep-1", time.Time{})
		r.Value.Attempts = []model.Attempt{
			{At: base.Add(3 * time.Hour), How: "Phone call"},
			{At: base.Add(9 * time.Hour), How: "Home visit"},
			{At: base.Add(6 * time.Hour), How: "Text message"},
		}
		ev := (&model.Case{Interviews: []model.Item[model.ReturnInterview]{r}}).Timeline(cat())
		if len(ev) != 1 || !ev[0].At.Equal(base.Add(9*time.Hour)) {
			t.Errorf("Timeline = %+v, want the interview at %s", ev, base.Add(9*time.Hour))
		}
	})
	t.Run("no indicators", func(t *testing.T) {
		r := heldAt("rhi-9", "ep-1", base)
		r.Value.Indicators = nil
		ev := (&model.Case{Interviews: []model.Item[model.ReturnInterview]{r}}).Timeline(cat())
		if len(ev) != 1 || ev[0].Detail != "With Jordan Ellery" {
			t.Errorf("Timeline = %+v", ev)
		}
	})
	t.Run("same time keeps episode, interview, voice order", func(t *testing.T) {
		e := episode("ep", base, base.Add(time.Hour))
		r := heldAt("rhi", "ep", base)
		v := model.Item[model.VoiceEntry]{RecordID: "v", Value: validVoice(model.MethodWords)}
		v.Value.RecordedAt = base
		ev := (&model.Case{Episodes: []model.Item[model.MissingEpisode]{e}, Interviews: []model.Item[model.ReturnInterview]{r}, Voices: []model.Item[model.VoiceEntry]{v}}).Timeline(cat())
		var ids []string
		for _, x := range ev {
			ids = append(ids, x.RecordID)
		}
		if strings.Join(ids, ",") != "ep,rhi,v" {
			t.Errorf("order %q", ids)
		}
	})
	t.Run("empty case", func(t *testing.T) {
		if ev := (&model.Case{}).Timeline(cat()); len(ev) != 0 {
			t.Errorf("Timeline = %+v", ev)
		}
	})
}

// Records that happened in the same minute keep one order, newest saved first,
// whatever order the case lists them in (issue 11, item 9).
func TestTimelineSameMinuteOrder(t *testing.T) {
	at := time.Date(2026, 11, 20, 14, 30, 0, 0, time.UTC)
	var voices []model.Item[model.VoiceEntry]
	for i, id := range []string{"v-b", "v-c", "v-a"} {
		v := model.Item[model.VoiceEntry]{RecordID: id, SavedAt: at.Add(time.Duration(i) * time.Second), Value: validVoice(model.MethodWords)}
		v.Value.RecordedAt = at
		voices = append(voices, v)
	}
	ids := func(evs []model.Event) string {
		var out []string
		for _, e := range evs {
			out = append(out, e.RecordID)
		}
		return strings.Join(out, " ")
	}
	want := ids((&model.Case{Voices: voices}).Timeline(cat()))
	if want != "v-a v-c v-b" {
		t.Errorf("Timeline order %q, want the newest saved first: v-a v-c v-b", want)
	}
	for _, order := range [][]int{{2, 1, 0}, {1, 0, 2}, {0, 2, 1}} {
		c := &model.Case{}
		for _, i := range order {
			c.Voices = append(c.Voices, voices[i])
		}
		if got := ids(c.Timeline(cat())); got != want {
			t.Errorf("listed as %v: order %q, want %q", order, got, want)
		}
	}
}

func TestVoiceEntrySummary(t *testing.T) {
	long := strings.Repeat("é", 200)
	tests := []struct {
		name  string
		entry func(*model.VoiceEntry)
		m     model.VoiceMethod
		want  string
	}{
		{"words", nil, model.MethodWords, "I just wanted to be somewhere nobody was shouting."},
		{"words: first line only", func(v *model.VoiceEntry) { v.Words = "  It was fine.\nThen it wasn't." }, model.MethodWords, "It was fine."},
		{"words: Windows line end", func(v *model.VoiceEntry) { v.Words = "It was fine.\r\nThen it wasn't." }, model.MethodWords, "It was fine."},
		{"words: never the interpretation", func(v *model.VoiceEntry) { v.Words = "" }, model.MethodWords, ""},
		{"observation", nil, model.MethodObservation, "Kept her hood up and looked at the door when a car went past."},
		{"feelings", nil, model.MethodFeelings, "Tired, Worried"},
		{"feelings: unknown ID shown as itself", func(v *model.VoiceEntry) { v.Feelings = []string{"feel.safe", "feel.brave"} }, model.MethodFeelings, "Safe, feel.brave"},
		{"scale", nil, model.MethodScale, "How safe do you feel at home? 6 out of 10"},
		{"scale: question without a question mark", func(v *model.VoiceEntry) { v.Scale.Question = "Safe at home" }, model.MethodScale, "Safe at home: 6 out of 10"},
		{"scale: no question", func(v *model.VoiceEntry) { v.Scale.Question = "" }, model.MethodScale, "6 out of 10"},
		{"scale: 0", func(v *model.VoiceEntry) { v.Scale.Value = 0 }, model.MethodScale, "How safe do you feel at home? 0 out of 10"},
		{"scale: missing", func(v *model.VoiceEntry) { v.Scale = nil }, model.MethodScale, ""},
		{"three houses: worries first", nil, model.MethodThreeHouses, "Mum and Dad arguing"},
		{"three houses: good things when no worries", func(v *model.VoiceEntry) { v.Houses.Worries = " " }, model.MethodThreeHouses, "My nan"},
		{"three houses: hopes when nothing else", func(v *model.VoiceEntry) { v.Houses = &model.ThreeHouses{HopesDreams: "Be a vet\nand have a dog"} }, model.MethodThreeHouses, "Be a vet"},
		{"three houses: missing", func(v *model.VoiceEntry) { v.Houses = nil }, model.MethodThreeHouses, ""},
		{"not safe: never names the method", nil, model.MethodNotSafe, "Pressed the button in child mode; nothing done recorded yet"},
		{"not safe: what was done", func(v *model.VoiceEntry) {
			v.Response = &model.NotSafeResponse{At: at(0), What: "Talked with them.\nTold the duty manager."}
		}, model.MethodNotSafe, "Pressed the button in child mode. What was done: Talked with them."},
		{"long words cut to 120 characters", func(v *model.VoiceEntry) { v.Words = long }, model.MethodWords, strings.Repeat("é", 119) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := validVoice(tt.m)
			if tt.entry != nil {
				tt.entry(&v)
			}
			got := v.Summary(cat())
			if got != tt.want {
				t.Errorf("Summary = %q, want %q", got, tt.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("Summary is not valid UTF-8: %q", got)
			}
			if v.Interpretation != "" && strings.Contains(got, v.Interpretation) {
				t.Errorf("Summary mixes in the worker's interpretation: %q", got)
			}
		})
	}
}

// TestNotSafeSince lists the times the child pressed "I don't feel safe" from a
// time on, newest first, and no other entry.
func TestNotSafeSince(t *testing.T) {
	notSafe := func(id string, ago time.Duration) model.Item[model.VoiceEntry] {
		return model.Item[model.VoiceEntry]{RecordID: id, Value: model.VoiceEntry{Method: model.MethodNotSafe, RecordedAt: at(-ago)}}
	}
	c := &model.Case{Voices: []model.Item[model.VoiceEntry]{
		notSafe("week-ago", 8*24*time.Hour),
		notSafe("earlier", 2*time.Hour),
		{RecordID: "feelings", Value: validVoice(model.MethodFeelings)},
		notSafe("just-now", time.Minute),
	}}
	var got []string
	for _, v := range c.NotSafeSince(at(-7 * 24 * time.Hour)) {
		got = append(got, v.RecordID)
	}
	if want := []string{"just-now", "earlier"}; !slices.Equal(got, want) {
		t.Errorf("NotSafeSince = %v, want %v", got, want)
	}
}

// TestNotSafeOpen lists, oldest first and however long ago, the presses of "I
// don't feel safe" with nothing recorded about what was done, and the case's
// summary carries the oldest for the caseload.
func TestNotSafeOpen(t *testing.T) {
	notSafe := func(id string, ago time.Duration, done bool) model.Item[model.VoiceEntry] {
		v := model.VoiceEntry{Method: model.MethodNotSafe, RecordedAt: at(-ago)}
		if done {
			v.Response = &model.NotSafeResponse{At: at(0), What: "Talked with them; told the duty manager."}
		}
		return model.Item[model.VoiceEntry]{RecordID: id, Value: v}
	}
	c := &model.Case{Voices: []model.Item[model.VoiceEntry]{
		notSafe("yesterday", 24*time.Hour, false),
		notSafe("dealt-with", 48*time.Hour, true),
		{RecordID: "feelings", Value: validVoice(model.MethodFeelings)},
		notSafe("a-month-ago", 30*24*time.Hour, false),
	}}
	var got []string
	for _, v := range c.NotSafeOpen() {
		got = append(got, v.RecordID)
	}
	if want := []string{"a-month-ago", "yesterday"}; !slices.Equal(got, want) {
		t.Errorf("NotSafeOpen = %v, want %v", got, want)
	}
	if s := c.Summary(); !s.NotSafe.Equal(at(-30 * 24 * time.Hour)) {
		t.Errorf("Summary().NotSafe = %v, want the oldest waiting", s.NotSafe)
	}
	c.Voices = c.Voices[1:3]
	if s := c.Summary(); !s.NotSafe.IsZero() {
		t.Errorf("with every press dealt with, Summary().NotSafe = %v", s.NotSafe)
	}
}
