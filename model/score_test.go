package model_test

import (
	"slices"
	"testing"
	"time"

	"homeward/model"
)

// ind is an indicator ticked with a recency, for score tables.
func ind(id string, r model.Recency) model.ScreenedIndicator {
	return model.ScreenedIndicator{Indicator: id, Recency: r, Evidence: model.EvidenceObserved, Agency: "agency.social_care"}
}

// vuls returns the first n vulnerabilities of the default catalogue, ticked,
// leaving out the learning disability, which has an override of its own.
func vuls(n int) []model.ScreenedIndicator {
	var out []model.ScreenedIndicator
	for _, in := range cat().Indicators {
		if in.Tier == model.TierVulnerability && in.ID != "vul.learning_disability" && len(out) < n {
			out = append(out, ind(in.ID, model.RecencyHistoric))
		}
	}
	return out
}

func TestComputeScore(t *testing.T) {
	const (
		cur  = model.RecencyCurrent
		prev = model.RecencyPrevious
		both = model.RecencyBoth
		old  = model.RecencyHistoric
	)
	with := func(base []model.ScreenedIndicator, more ...model.ScreenedIndicator) []model.ScreenedIndicator {
		return append(slices.Clone(base), more...)
	}
	tests := []struct {
		name      string
		in        model.ScoreInput
		points    int
		banded    model.Level
		level     model.Level
		overrides int
	}{
		{"nothing ticked", model.ScoreInput{Age: 15}, 0, model.LevelNone, model.LevelNone, 0},
		{"nothing ticked, aged 12", model.ScoreInput{Age: 12}, 0, model.LevelNone, model.LevelNone, 0},
		{"a vulnerability scores 1 whenever", model.ScoreInput{Age: 15, Indicators: vuls(1)}, 1, model.LevelNone, model.LevelNone, 0},
		{"5 points is no apparent risk", model.ScoreInput{Age: 15, Indicators: vuls(5)}, 5, model.LevelNone, model.LevelNone, 0},
		{"6 points is low", model.ScoreInput{Age: 15, Indicators: vuls(6)}, 6, model.LevelLow, model.LevelLow, 0},
		{"10 points is low", model.ScoreInput{Age: 15, Indicators: vuls(10)}, 10, model.LevelLow, model.LevelLow, 0},
		{"11 points is medium", model.ScoreInput{Age: 15, Indicators: with(vuls(10), ind("mis.late", cur))}, 11, model.LevelMedium, model.LevelMedium, 0},
		{"moderate now scores 1", model.ScoreInput{Age: 15, Indicators: []model.ScreenedIndicator{ind("mis.late", cur)}}, 1, model.LevelNone, model.LevelNone, 0},
		{"moderate now and before scores 1", model.ScoreInput{Age: 15, Indicators: []model.ScreenedIndicator{ind("mis.late", both)}}, 1, model.LevelNone, model.LevelNone, 0},
		{"moderate 6 to 12 months ago scores 0", model.ScoreInput{Age: 15, Indicators: []model.ScreenedIndicator{ind("mis.late", prev)}}, 0, model.LevelNone, model.LevelNone, 0},
		{"moderate long ago scores 0", model.ScoreInput{Age: 15, Indicators: []model.ScreenedIndicator{ind("edu.absence", old)}}, 0, model.LevelNone, model.LevelNone, 0},
		{"significant 6 to 12 months ago scores 1", model.ScoreInput{Age: 15, Indicators: []model.ScreenedIndicator{ind("rel.gifts", prev)}}, 1, model.LevelNone, model.LevelNone, 0},
		{"significant long ago scores 0", model.ScoreInput{Age: 15, Indicators: []model.ScreenedIndicator{ind("rel.gifts", old)}}, 0, model.LevelNone, model.LevelNone, 0},
		{"significant now scores 5 and is at least medium", model.ScoreInput{Age: 15, Indicators: []model.ScreenedIndicator{ind("rel.gifts", cur)}}, 5, model.LevelNone, model.LevelMedium, 1},
		{"significant both scores 6 and is at least medium", model.ScoreInput{Age: 15, Indicators: []model.ScreenedIndicator{ind("rel.cars", both)}}, 6, model.LevelLow, model.LevelMedium, 1},
		{"three significant now is 15, medium", model.ScoreInput{Age: 15, Indicators: []model.ScreenedIndicator{
			ind("rel.gifts", cur), ind("rel.cars", cur), ind("rel.places", cur)}}, 15, model.LevelMedium, model.LevelMedium, 0},
		{"16 points is high", model.ScoreInput{Age: 15, Indicators: []model.ScreenedIndicator{
			ind("rel.gifts", cur), ind("rel.cars", cur), ind("rel.places", cur), ind("vul.isolated", old)}}, 16, model.LevelHigh, model.LevelHigh, 0},
		{"mixed tiers add up", model.ScoreInput{Age: 15, Indicators: []model.ScreenedIndicator{
			ind("vul.isolated", cur), ind("mis.late", cur), ind("edu.absence", prev), ind("rel.gifts", both), ind("rel.cars", prev)}}, 1 + 1 + 0 + 6 + 1, model.LevelLow, model.LevelMedium, 1},
		{"disclosure is high", model.ScoreInput{Age: 16, Indicators: []model.ScreenedIndicator{ind("dis.disclosure", cur)}}, 5, model.LevelNone, model.LevelHigh, 2},
		{"disclosure long ago is still high", model.ScoreInput{Age: 16, Indicators: []model.ScreenedIndicator{ind("dis.disclosure", old)}}, 0, model.LevelNone, model.LevelHigh, 1},
		{"aged 13 with an indicator is never no apparent risk", model.ScoreInput{Age: 13, Indicators: vuls(1)}, 1, model.LevelNone, model.LevelLow, 1},
		{"aged 14 with an indicator can be no apparent risk", model.ScoreInput{Age: 14, Indicators: vuls(1)}, 1, model.LevelNone, model.LevelNone, 0},
		{"age not known counts as young", model.ScoreInput{Indicators: vuls(1)}, 1, model.LevelNone, model.LevelLow, 1},
		{"aged 12, moderate long ago still counts as present", model.ScoreInput{Age: 12, Indicators: []model.ScreenedIndicator{ind("edu.absence", old)}}, 0, model.LevelNone, model.LevelLow, 1},
		{"aged 12 at low stays low", model.ScoreInput{Age: 12, Indicators: vuls(7)}, 7, model.LevelLow, model.LevelLow, 0},
		{"learning disability flag with an indicator", model.ScoreInput{Age: 16, LearningDisability: true, Indicators: vuls(2)}, 2, model.LevelNone, model.LevelLow, 1},
		{"learning disability ticked with another indicator", model.ScoreInput{Age: 16, Indicators: with(vuls(1), ind("vul.learning_disability", cur))}, 2, model.LevelNone, model.LevelLow, 1},
		{"learning disability ticked alone is no indicator of exploitation", model.ScoreInput{Age: 16, Indicators: []model.ScreenedIndicator{ind("vul.learning_disability", cur)}}, 1, model.LevelNone, model.LevelNone, 0},
		{"learning disability flag alone", model.ScoreInput{Age: 16, LearningDisability: true}, 0, model.LevelNone, model.LevelNone, 0},
		{"aged 12 with learning disability ticked alone is an indicator present", model.ScoreInput{Age: 12, Indicators: []model.ScreenedIndicator{ind("vul.learning_disability", cur)}}, 1, model.LevelNone, model.LevelLow, 1},
		{"young and significant now: medium wins", model.ScoreInput{Age: 12, Indicators: []model.ScreenedIndicator{ind("onl.images", cur)}}, 5, model.LevelNone, model.LevelMedium, 1},
		{"young with disclosure is high", model.ScoreInput{Age: 11, Indicators: []model.ScreenedIndicator{ind("dis.disclosure", prev)}}, 1, model.LevelNone, model.LevelHigh, 2},
		{"unknown indicator scores nothing", model.ScoreInput{Age: 15, Indicators: []model.ScreenedIndicator{ind("vul.from_newer", cur)}}, 0, model.LevelNone, model.LevelNone, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := model.ComputeScore(cat(), tt.in)
			if s.Judgement || s.Points != tt.points || s.Banded != tt.banded || s.Level != tt.level || len(s.Overrides) != tt.overrides {
				t.Errorf("ComputeScore = %+v, want %d points, banded %s, level %s, %d overrides", s, tt.points, tt.banded, tt.level, tt.overrides)
			}
		})
	}
}

func TestComputeScoreJudgement(t *testing.T) {
	for _, m := range []string{"judgement", "matrix"} {
		c, err := model.ParseCatalogue([]byte(`{"indicators":[{"id":"rel.gifts","category":"relationships","tier":"significant","label":"Gifts"}],
		"screening":{"model":"` + m + `","recent_screening_days":30,"due_working_days":5,"strategy_episodes":3,"strategy_days":30,"plan_review_days":42}}`))
		if err != nil {
			t.Fatal(err)
		}
		s := model.ComputeScore(c, model.ScoreInput{Age: 15, Indicators: []model.ScreenedIndicator{ind("rel.gifts", model.RecencyCurrent)}})
		if !s.Judgement || s.Points != 0 || s.Level != model.LevelUnknown {
			t.Errorf("ComputeScore under %s = %+v, want a judgement and no level", m, s)
		}
	}
}

func TestRecencyOn(t *testing.T) {
	day := date(2026, 12, 4)
	tests := []struct {
		found time.Time
		want  model.Recency
	}{
		{time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC), model.RecencyCurrent},
		{date(2026, 6, 4), model.RecencyCurrent},
		{date(2026, 6, 3), model.RecencyPrevious},
		{date(2025, 12, 4), model.RecencyPrevious},
		{date(2025, 12, 3), model.RecencyHistoric},
	}
	for _, tt := range tests {
		if got := model.RecencyOn(tt.found, day); got != tt.want {
			t.Errorf("RecencyOn(%s, %s) = %s, want %s", tt.found.Format(time.DateOnly), day.Format(time.DateOnly), got, tt.want)
		}
	}
}

// screening returns a valid screening of the given indicators, its levels
// computed and confirmed.
func screening(ins ...model.ScreenedIndicator) model.Screening {
	s := model.Screening{HeldOn: day(now), HeldBy: "Rowan Ashdown", Age: 15, Indicators: ins,
		Contributions: []model.Contribution{{Agency: "agency.police", What: "Two reports of cars at the home"}}}
	sc := model.ComputeScore(cat(), s.Input())
	s.Points, s.Computed, s.Chosen = sc.Points, sc.Level, sc.Level
	return s
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// TestJudgementScreeningAsksForReasons: under a judgement-only model the
// screening has no points or computed level, and the level set needs reasons.
func TestJudgementScreeningAsksForReasons(t *testing.T) {
	c, err := model.ParseCatalogue([]byte(`{"indicators":[{"id":"rel.gifts","category":"relationships","tier":"significant","label":"Gifts"}],
		"agencies":[{"id":"agency.police","label":"Police"}],
		"screening":{"model":"judgement","recent_screening_days":30,"due_working_days":5,"strategy_episodes":3,"strategy_days":30,"plan_review_days":42}}`))
	if err != nil {
		t.Fatal(err)
	}
	s := model.Screening{HeldOn: day(now), HeldBy: "Rowan Ashdown", Age: 15, Judgement: true, Chosen: model.LevelMedium,
		Indicators: []model.ScreenedIndicator{{Indicator: "rel.gifts", Recency: model.RecencyCurrent, Evidence: model.EvidenceReported, Agency: "agency.police"}}}
	p := problems(t, s.Validate(c, now))
	if len(p) != 1 || p.For("reason") == "" {
		t.Fatalf("problems %+v, want one asking for the reasons", p)
	}
	s.Reason = "Gifts from an adult the family does not know, seen by police twice this month."
	if err := s.Validate(c, now); err != nil {
		t.Errorf("with reasons: %v", err)
	}
	s.Judgement = false
	if problems(t, s.Validate(c, now)).For("computed") == "" {
		t.Error("a screening scored under a model the partnership does not use passed")
	}
}
