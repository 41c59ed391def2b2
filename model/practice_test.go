package model_test

import (
	"strings"
	"testing"
	"time"

	"homeward/model"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestAddWorkingDays(t *testing.T) {
	tests := []struct {
		name string
		from time.Time
		n    int
		want time.Time
	}{
		{"Monday plus 5 is the next Monday", date(2025, 3, 10), 5, date(2025, 3, 17)},
		{"Friday afternoon plus 5 is the next Friday", time.Date(2025, 3, 14, 16, 30, 0, 0, time.UTC), 5, date(2025, 3, 21)},
		{"Saturday plus 1 is Monday", date(2025, 3, 15), 1, date(2025, 3, 17)},
		{"Sunday plus 5 is Friday", date(2025, 3, 16), 5, date(2025, 3, 21)},
		{"Easter: Thursday plus 1 skips Good Friday and Easter Monday", date(2025, 4, 17), 1, date(2025, 4, 22)},
		{"Easter: Wednesday plus 5", date(2025, 4, 16), 5, date(2025, 4, 25)},
		{"Christmas 2026: Thursday 24th plus 1 skips the 25th and the substitute 28th", date(2026, 12, 24), 1, date(2026, 12, 29)},
		{"New year 2027: Wednesday 30 December plus 2", date(2026, 12, 30), 2, date(2027, 1, 4)},
		{"Christmas 2027: both substitute days", date(2027, 12, 24), 1, date(2027, 12, 29)},
		{"Early May bank holiday 2026", date(2026, 5, 1), 1, date(2026, 5, 5)},
		{"Summer bank holiday 2026", date(2026, 8, 28), 1, date(2026, 9, 1)},
		{"no days is the same day", date(2026, 12, 3), 0, date(2026, 12, 3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cat().AddWorkingDays(tt.from, tt.n); !got.Equal(tt.want) {
				t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from.Format("Mon 2 Jan 2006"), tt.n, got.Format("Mon 2 Jan 2006"), tt.want.Format("Mon 2 Jan 2006"))
			}
		})
	}
}

// TestBankHolidaysCoverNow guards the data: due dates count bank holidays only
// for the years the catalogue lists, so it must reach past the coming year.
func TestBankHolidaysCoverNow(t *testing.T) {
	last := cat().BankHolidays[len(cat().BankHolidays)-1]
	if last < time.Now().AddDate(1, 0, 0).Format("2006") {
		t.Errorf("the bank holidays end at %s: add the next years to assets/definitions.json", last)
	}
}

// practiceCase is a made-up case for the practice rules: a child of 15 with
// records added by each test.
func practiceCase() *model.Case {
	c := &model.Case{ID: "case-1"}
	c.Child = model.Item[model.Child]{RecordID: "child-1", Value: validChild()}
	return c
}

func addInterview(c *model.Case, id string, held time.Time, obs ...model.Observation) {
	r := validHeldInterview()
	r.HeldAt, r.Indicators, r.HarmDisclosed = held, obs, false
	c.Interviews = append(c.Interviews, model.Item[model.ReturnInterview]{RecordID: id, SavedAt: held, Value: r})
}

func addScreening(c *model.Case, id string, on time.Time, level model.Level, ins ...model.ScreenedIndicator) {
	s := screening(ins...)
	s.HeldOn, s.Chosen = on, level
	c.Screenings = append(c.Screenings, model.Item[model.Screening]{RecordID: id, SavedAt: on, Value: s})
}

func addEpisode(c *model.Case, id string, went time.Time) {
	c.Episodes = append(c.Episodes, model.Item[model.MissingEpisode]{RecordID: id, SavedAt: went,
		Value: model.MissingEpisode{WentMissing: went, Returned: went.Add(5 * time.Hour), WhereFound: "Town centre"}})
}

func TestPracticeDue(t *testing.T) {
	obs := model.Observation{Indicator: "rel.gifts", Evidence: model.EvidenceReported}
	friday := time.Date(2025, 3, 14, 15, 0, 0, 0, time.UTC)
	type want struct {
		kind model.DueKind
		by   time.Time
	}
	tests := []struct {
		name  string
		build func(c *model.Case)
		now   time.Time
		want  []want
	}{
		{"nothing recorded, nothing due", func(*model.Case) {}, friday, nil},
		{"an interview with no indicators makes nothing due", func(c *model.Case) { addInterview(c, "rhi-1", friday) }, friday, nil},
		{"an interview with an indicator and no screening: due in 5 working days", func(c *model.Case) {
			addInterview(c, "rhi-1", friday, obs)
		}, friday, []want{{model.DueScreening, date(2025, 3, 21)}}},
		{"an interview before Easter counts round the bank holidays", func(c *model.Case) {
			addInterview(c, "rhi-1", time.Date(2025, 4, 16, 10, 0, 0, 0, time.UTC), obs)
		}, friday, []want{{model.DueScreening, date(2025, 4, 25)}}},
		{"a screening 40 days before the interview: a screening is due", func(c *model.Case) {
			addScreening(c, "scr-1", date(2025, 2, 2), model.LevelLow)
			addInterview(c, "rhi-1", friday, obs)
		}, friday, []want{{model.DueScreening, date(2025, 3, 21)}}},
		{"a screening 10 days before the interview: a re-screen on the trigger", func(c *model.Case) {
			addScreening(c, "scr-1", date(2025, 3, 4), model.LevelLow)
			addInterview(c, "rhi-1", friday, obs)
		}, friday, []want{{model.DueRescreen, date(2025, 3, 21)}}},
		{"a screening after the interview answers it: the schedule stands", func(c *model.Case) {
			addInterview(c, "rhi-1", friday, obs)
			addScreening(c, "scr-1", date(2025, 3, 17), model.LevelHigh)
		}, friday, []want{{model.DueRescreen, date(2025, 4, 14)}}},
		{"medium re-screens in 6 weeks", func(c *model.Case) {
			addScreening(c, "scr-1", date(2025, 3, 3), model.LevelMedium)
		}, friday, []want{{model.DueRescreen, date(2025, 4, 14)}}},
		{"low re-screens in 3 months", func(c *model.Case) {
			addScreening(c, "scr-1", date(2025, 3, 3), model.LevelLow)
		}, friday, []want{{model.DueRescreen, date(2025, 6, 2)}}},
		{"no apparent risk has no schedule", func(c *model.Case) {
			addScreening(c, "scr-1", date(2025, 3, 3), model.LevelNone)
		}, friday, nil},
		{"a new episode after a screening triggers a re-screen", func(c *model.Case) {
			addScreening(c, "scr-1", date(2025, 3, 3), model.LevelLow)
			addEpisode(c, "ep-1", time.Date(2025, 3, 10, 22, 0, 0, 0, time.UTC))
		}, friday, []want{{model.DueRescreen, date(2025, 3, 17)}}},
		{"a health concern triggers a re-screen", func(c *model.Case) {
			addScreening(c, "scr-1", date(2025, 3, 3), model.LevelLow)
			c.HealthReviews = append(c.HealthReviews, model.Item[model.HealthReview]{RecordID: "hr-1", Value: healthReview(date(2025, 3, 12))})
		}, friday, []want{{model.DueRescreen, date(2025, 3, 19)}}},
		{"three episodes in 30 days prompt a strategy discussion", func(c *model.Case) {
			addEpisode(c, "ep-1", date(2025, 2, 20))
			addEpisode(c, "ep-2", date(2025, 3, 1))
			addEpisode(c, "ep-3", date(2025, 3, 12))
		}, friday, []want{{model.DueStrategy, date(2025, 3, 12)}}},
		{"three episodes over more than 30 days do not", func(c *model.Case) {
			addEpisode(c, "ep-1", date(2025, 1, 20))
			addEpisode(c, "ep-2", date(2025, 3, 1))
			addEpisode(c, "ep-3", date(2025, 3, 12))
		}, friday, nil},
		{"a plan agreed since sets the review and does not answer the strategy prompt", func(c *model.Case) {
			addEpisode(c, "ep-1", date(2025, 2, 20))
			addEpisode(c, "ep-2", date(2025, 3, 1))
			addEpisode(c, "ep-3", date(2025, 3, 12))
			p := validPlan()
			c.Plans = append(c.Plans, model.Item[model.Plan]{RecordID: "plan-1", SavedAt: friday, Value: p})
		}, friday, []want{{model.DueStrategy, date(2025, 3, 12)}, {model.DuePlanReview, date(2025, 4, 11)}}},
		{"a plan review sets the next one", func(c *model.Case) {
			c.Plans = append(c.Plans, model.Item[model.Plan]{RecordID: "plan-1", SavedAt: friday, Value: validPlan()})
			c.PlanReviews = append(c.PlanReviews, model.Item[model.PlanReview]{RecordID: "pr-1", Value: model.PlanReview{PlanID: "plan-1",
				HeldOn: date(2025, 3, 14), NextReview: date(2025, 5, 1), ChildView: "It's OK"}})
		}, friday, []want{{model.DuePlanReview, date(2025, 5, 1)}}},
		{"an interview later on the day of a screening triggers a re-screen", func(c *model.Case) {
			addScreening(c, "scr-1", date(2025, 3, 14), model.LevelLow)
			addInterview(c, "rhi-1", friday, obs)
		}, friday, []want{{model.DueRescreen, date(2025, 3, 21)}}},
		{"an interview the screening started from does not", func(c *model.Case) {
			addScreening(c, "scr-1", date(2025, 3, 14), model.LevelLow)
			c.Screenings[0].Value.Considered = []string{"rhi-1"}
			addInterview(c, "rhi-1", friday, obs)
		}, friday, []want{{model.DueRescreen, date(2025, 6, 13)}}},
		{"going missing after a screening was saved, the same day, triggers a re-screen", func(c *model.Case) {
			addScreening(c, "scr-1", date(2025, 3, 14), model.LevelLow)
			c.Screenings[0].SavedAt = friday
			addEpisode(c, "ep-1", friday.Add(6*time.Hour))
		}, friday, []want{{model.DueRescreen, date(2025, 3, 21)}}},
		{"going missing before a screening was saved, the same day, does not", func(c *model.Case) {
			addScreening(c, "scr-1", date(2025, 3, 14), model.LevelLow)
			c.Screenings[0].SavedAt = friday
			addEpisode(c, "ep-1", friday.Add(-6*time.Hour))
		}, friday, []want{{model.DueRescreen, date(2025, 6, 13)}}},
		{"a strategy discussion a screening records answers the prompt", func(c *model.Case) {
			addEpisode(c, "ep-1", date(2025, 2, 20))
			addEpisode(c, "ep-2", date(2025, 3, 1))
			addEpisode(c, "ep-3", date(2025, 3, 12))
			addScreening(c, "scr-1", date(2025, 3, 13), model.LevelLow)
			c.Screenings[0].Value.StrategyHeld = date(2025, 3, 12)
		}, friday, []want{{model.DueRescreen, date(2025, 6, 12)}}},
		{"one held before the episodes does not", func(c *model.Case) {
			addEpisode(c, "ep-1", date(2025, 2, 20))
			addEpisode(c, "ep-2", date(2025, 3, 1))
			addEpisode(c, "ep-3", date(2025, 3, 12))
			addScreening(c, "scr-1", date(2025, 3, 13), model.LevelLow)
			c.Screenings[0].Value.StrategyHeld = date(2025, 3, 1)
		}, friday, []want{{model.DueStrategy, date(2025, 3, 12)}, {model.DueRescreen, date(2025, 6, 12)}}},
		{"a finding after the plan was agreed makes a change to the plan due", func(c *model.Case) {
			c.Plans = append(c.Plans, model.Item[model.Plan]{RecordID: "plan-1", SavedAt: friday, Value: validPlan()})
			addInterview(c, "rhi-1", friday, obs)
		}, friday, []want{{model.DueScreening, date(2025, 3, 21)}, {model.DuePlan, date(2025, 3, 21)}, {model.DuePlanReview, date(2025, 4, 11)}}},
		{"a plan not agreed yet is not due for a change", func(c *model.Case) {
			p := validPlan()
			p.Agreed = false
			c.Plans = append(c.Plans, model.Item[model.Plan]{RecordID: "plan-1", SavedAt: friday, Value: p})
			addInterview(c, "rhi-1", friday, obs)
		}, friday, []want{{model.DueScreening, date(2025, 3, 21)}}},
		{"new information after a screening triggers a re-screen", func(c *model.Case) {
			addScreening(c, "scr-1", date(2025, 3, 3), model.LevelLow)
			c.Information = append(c.Information, model.Item[model.Information]{RecordID: "inf-1", Value: information(time.Date(2025, 3, 11, 9, 0, 0, 0, time.UTC))})
		}, friday, []want{{model.DueRescreen, date(2025, 3, 18)}}},
		{"most pressing first", func(c *model.Case) {
			addScreening(c, "scr-1", date(2025, 1, 2), model.LevelHigh) // re-screen due 30 January: overdue
			c.Plans = append(c.Plans, model.Item[model.Plan]{RecordID: "plan-1", SavedAt: friday, Value: validPlan()})
		}, friday, []want{{model.DueRescreen, date(2025, 1, 30)}, {model.DuePlanReview, date(2025, 4, 11)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := practiceCase()
			tt.build(c)
			c.Sort()
			got := c.Summary().PracticeDue(cat(), tt.now)
			if len(got) != len(tt.want) {
				t.Fatalf("due: %+v, want %+v", got, tt.want)
			}
			for i, w := range tt.want {
				if got[i].Kind != w.kind || !got[i].By.Equal(w.by) {
					t.Errorf("due %d: %s by %s, want %s by %s", i, got[i].Kind, got[i].By.Format(time.DateOnly), w.kind, w.by.Format(time.DateOnly))
				}
				if got[i].Describe(tt.now) == "" {
					t.Errorf("due %d has no words", i)
				}
			}
		})
	}
}

// TestNextScreeningRecency: what arrives ticked takes its recency from when it
// was found, and what a screening did not see arrives even from its own day.
func TestNextScreeningRecency(t *testing.T) {
	today := date(2026, 12, 4)
	c := practiceCase()
	addInterview(c, "rhi-old", date(2024, 11, 2), model.Observation{Indicator: "mis.late", Evidence: model.EvidenceReported})
	addInterview(c, "rhi-8m", date(2026, 4, 1), model.Observation{Indicator: "rel.cars", Evidence: model.EvidenceReported})
	addInterview(c, "rhi-now", today.Add(-30*time.Hour), model.Observation{Indicator: "rel.cars", Evidence: model.EvidenceObserved})
	c.Sort()
	s := c.NextScreening(cat(), today)
	got := map[string]model.ScreenedIndicator{}
	for _, si := range s.Indicators {
		got[si.Indicator] = si
	}
	if si := got["mis.late"]; si.Recency != model.RecencyHistoric {
		t.Errorf("an interview two years ago arrives as %s, want historic", si.Recency)
	}
	if si := got["rel.cars"]; si.Recency != model.RecencyBoth || si.Source != "rhi-now" || si.Evidence != model.EvidenceObserved {
		t.Errorf("found 8 months ago and now: %+v, want both, from the newer interview", si)
	}
	if len(s.Considered) != 3 {
		t.Errorf("considered %v, want the three interviews", s.Considered)
	}

	// Screened this morning, from those; an interview this afternoon arrives in
	// the next one, and the three it saw do not come again except as carried.
	c.Screenings = append(c.Screenings, model.Item[model.Screening]{RecordID: "scr-1", SavedAt: today.Add(10 * time.Hour), Value: s})
	addInterview(c, "rhi-pm", today.Add(15*time.Hour), model.Observation{Indicator: "onl.images", Evidence: model.EvidenceReported})
	c.Sort()
	re := c.NextScreening(cat(), today)
	if len(re.Considered) != 1 || re.Considered[0] != "rhi-pm" {
		t.Errorf("the re-screen considered %v, want only the afternoon's interview", re.Considered)
	}
	for _, si := range re.Indicators {
		if si.Indicator == "onl.images" && si.Source != "rhi-pm" {
			t.Errorf("onl.images came from %s", si.Source)
		}
		if si.Indicator != "onl.images" && si.SourceKind != model.KindScreening {
			t.Errorf("%s was found again from %s, want carried from the screening", si.Indicator, si.Source)
		}
	}
	if len(re.Indicators) != 3 {
		t.Errorf("re-screen ticks %+v", re.Indicators)
	}
}

// TestCarriedIndicatorsAge: a re-screen carries the last screening's
// indicators with their recency on its own day, taking each finding as late as
// its recency allows, so a significant indicator current nine months ago no
// longer scores as current, and one current a month ago still does.
func TestCarriedIndicatorsAge(t *testing.T) {
	today := date(2026, 12, 4)
	for _, tc := range []struct {
		name       string
		screened   time.Time
		was, wants model.Recency
	}{
		{"current a month ago", today.AddDate(0, -1, 0), model.RecencyCurrent, model.RecencyCurrent},
		{"current nine months ago", today.AddDate(0, -9, 0), model.RecencyCurrent, model.RecencyPrevious},
		{"current over a year ago", today.AddDate(-1, -1, 0), model.RecencyCurrent, model.RecencyHistoric},
		{"previous three months ago", today.AddDate(0, -3, 0), model.RecencyPrevious, model.RecencyPrevious},
		{"previous seven months ago", today.AddDate(0, -7, 0), model.RecencyPrevious, model.RecencyHistoric},
		{"both a month ago", today.AddDate(0, -1, 0), model.RecencyBoth, model.RecencyBoth},
		{"both eight months ago", today.AddDate(0, -8, 0), model.RecencyBoth, model.RecencyPrevious},
		{"historic", today.AddDate(0, -1, 0), model.RecencyHistoric, model.RecencyHistoric},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := practiceCase()
			addScreening(c, "scr-1", tc.screened, model.LevelMedium, ind("rel.gifts", tc.was))
			c.Sort()
			s := c.NextScreening(cat(), today)
			if len(s.Indicators) != 1 || s.Indicators[0].Recency != tc.wants {
				t.Fatalf("carried %+v, want %s", s.Indicators, tc.wants)
			}
		})
	}
}

// TestRiskHistorySameDay: of two screenings on one day, the chart ends on the
// one saved later, the level the caseload shows.
func TestRiskHistorySameDay(t *testing.T) {
	c := practiceCase()
	addScreening(c, "scr-later", date(2026, 12, 1), model.LevelHigh)
	addScreening(c, "scr-earlier", date(2026, 12, 1), model.LevelLow)
	c.Screenings[0].SavedAt = date(2026, 12, 1).Add(15 * time.Hour)
	c.Screenings[1].SavedAt = date(2026, 12, 1).Add(9 * time.Hour)
	h := c.RiskHistory()
	latest, _ := c.LatestScreening()
	if len(h) != 2 || h[1].RecordID != "scr-later" || latest.RecordID != "scr-later" {
		t.Errorf("history %+v, latest %s: want both ending on scr-later", h, latest.RecordID)
	}
}

func TestAllDueIncludesTheInterviewClock(t *testing.T) {
	c := practiceCase()
	addScreening(c, "scr-1", date(2025, 1, 2), model.LevelHigh)
	c.Episodes = append(c.Episodes, model.Item[model.MissingEpisode]{RecordID: "ep-1", Value: validEpisode()})
	got := c.Summary().AllDue(cat(), now)
	// The re-screen of 30 January is overdue; the interview is not yet.
	if len(got) != 2 || got[0].Kind != model.DueRescreen || got[1].Kind != model.DueRHI {
		t.Fatalf("due: %+v", got)
	}
	if !strings.HasPrefix(got[1].Describe(now), "Return home interview due in") {
		t.Errorf("interview: %q", got[1].Describe(now))
	}
	if !strings.Contains(got[0].Describe(now), "overdue since Thu 30 Jan") {
		t.Errorf("re-screen: %q", got[0].Describe(now))
	}
}

func healthReview(on time.Time) model.HealthReview {
	sdq := 19
	return model.HealthReview{HeldOn: on, HeldBy: "Looked-after children's nurse", SDQ: &sdq,
		Concerns: []model.HealthConcern{{Area: "health.sexual", Detail: "Asked about emergency contraception twice"}}}
}

// information is what police intelligence says of a made-up child, received at.
func information(at time.Time) model.Information {
	return model.Information{Received: at, Agency: "agency.police", From: "PC Example",
		What: "She was seen getting into a car with two adult men outside the takeaway."}
}

// TestInformationReachesScreeningAndPlan: information from an agency is
// considered by the next screening, which lists it, and is a finding of the
// plan.
func TestInformationReachesScreeningAndPlan(t *testing.T) {
	c := practiceCase()
	c.Information = append(c.Information, model.Item[model.Information]{RecordID: "inf-1", Value: information(at(-5 * time.Hour))})
	c.Sort()
	s := c.NextScreening(cat(), day(now))
	if len(s.Considered) != 1 || s.Considered[0] != "inf-1" || len(s.Indicators) != 0 {
		t.Errorf("the screening considered %v and ticked %+v, want the information and nothing ticked", s.Considered, s.Indicators)
	}
	f := c.Findings(cat())
	if len(f) != 1 || f[0].ID != "inf-1/information" || f[0].Label != "Information from Police" || !strings.HasPrefix(f[0].Detail, "She was seen") {
		t.Errorf("findings %+v", f)
	}
}

func validPlan() model.Plan {
	return model.Plan{Agreed: true, AgreedOn: date(2025, 3, 14), ReviewBy: date(2025, 4, 11),
		Actions: []model.PlanAction{{ID: "a1", What: "Weekly sessions with a specialist worker", Agency: "agency.voluntary",
			Person: "Sam Wickens", Due: date(2025, 3, 21)}}}
}

// TestInterviewReachesScreeningAndPlan follows an interview's indicators into
// the next screening, with a link back, and into the plan's coverage (audit F1,
// F2).
func TestInterviewReachesScreeningAndPlan(t *testing.T) {
	c := practiceCase()
	addInterview(c, "rhi-1", at(-48*time.Hour),
		model.Observation{Indicator: "rel.cars", Evidence: model.EvidenceReported, Note: "Lift from an unknown adult"},
		model.Observation{Indicator: "mis.late", Evidence: model.EvidenceObserved})
	c.HealthReviews = append(c.HealthReviews, model.Item[model.HealthReview]{RecordID: "hr-1", Value: healthReview(day(at(-24 * time.Hour)))})
	c.Sort()

	s := c.NextScreening(cat(), day(now))
	if s.Rescreen || s.Age != 14 {
		t.Errorf("first screening: rescreen %v, age %d", s.Rescreen, s.Age)
	}
	want := map[string]string{"rel.cars": "rhi-1", "mis.late": "rhi-1", "hea.sexual_concern": "hr-1"}
	if len(s.Indicators) != len(want) {
		t.Fatalf("pre-ticked: %+v", s.Indicators)
	}
	for _, si := range s.Indicators {
		if want[si.Indicator] != si.Source || si.Recency != model.RecencyCurrent {
			t.Errorf("%s came from %q (%s), want %q, current", si.Indicator, si.Source, si.Recency, want[si.Indicator])
		}
	}
	if s.Indicators[0].Evidence != model.EvidenceReported || s.Indicators[0].Note == "" {
		t.Errorf("the interview's evidence and note did not come across: %+v", s.Indicators[0])
	}

	// The screening is saved; a re-screen carries its indicators, and a new
	// interview's finding replaces one carried.
	for i := range s.Indicators {
		s.Indicators[i].Agency = "agency.voluntary"
	}
	c.Screenings = append(c.Screenings, model.Item[model.Screening]{RecordID: "scr-1", SavedAt: now, Value: s})
	addInterview(c, "rhi-2", now.AddDate(0, 0, 10), model.Observation{Indicator: "mis.late", Evidence: model.EvidenceReported})
	c.Sort()
	re := c.NextScreening(cat(), day(now.AddDate(0, 0, 11)))
	if !re.Rescreen || len(re.Indicators) != 3 {
		t.Fatalf("re-screen: %+v", re)
	}
	for _, si := range re.Indicators {
		switch {
		case si.Indicator == "mis.late" && si.Source != "rhi-2":
			t.Errorf("mis.late comes from %s, want the newer interview", si.Source)
		case si.Indicator != "mis.late" && (si.Source != "scr-1" || si.SourceKind != model.KindScreening):
			t.Errorf("%s comes from %s, want carried from scr-1", si.Indicator, si.Source)
		}
	}

	// Every finding shows on the plan; each is unaddressed until an action or a
	// reason answers it, and until then the plan cannot be agreed.
	findings := c.Findings(cat())
	ids := map[string]bool{}
	for _, f := range findings {
		ids[f.ID] = true
	}
	for _, id := range []string{"rhi-1/rel.cars", "rhi-1/mis.late", "hr-1/health.sexual", "rhi-2/mis.late"} {
		if !ids[id] {
			t.Errorf("finding %s is not listed: %+v", id, findings)
		}
	}
	if len(findings) != 4 {
		t.Errorf("findings: %d, want 4 (a screening's indicators from those records are not findings twice)", len(findings))
	}
	p := validPlan()
	if p.Unaddressed(findings) != 4 || p.CheckAgainst(findings).For("agreed") == "" {
		t.Fatalf("an agreed plan addressing nothing: unaddressed %d, problems %v", p.Unaddressed(findings), p.CheckAgainst(findings))
	}
	p.Actions[0].Addresses = []string{"rhi-1/rel.cars", "rhi-1/mis.late", "rhi-2/mis.late"}
	if p.Unaddressed(findings) != 1 || !strings.HasPrefix(p.CheckAgainst(findings).For("agreed"), "1 finding not addressed") {
		t.Errorf("one left: %v", p.CheckAgainst(findings))
	}
	p.NoAction = []model.NoAction{{Finding: "hr-1/health.sexual", Reason: "The sexual health clinic already sees her weekly."}}
	if len(p.CheckAgainst(findings)) != 0 {
		t.Errorf("every finding answered: %v", p.CheckAgainst(findings))
	}
	for _, cv := range p.Coverage(findings) {
		if !cv.Addressed() {
			t.Errorf("%s is not addressed", cv.Finding.ID)
		}
	}
	p.Agreed = false
	p.NoAction = nil
	if len(p.CheckAgainst(findings)) != 0 {
		t.Error("a plan not yet agreed may leave findings open")
	}

	// A finding the plan no longer needs is closed, with its reason: it is
	// answered, so the plan can be agreed, and it keeps its reason.
	p.Agreed = true
	p.Closed = []model.ClosedFinding{{Finding: "hr-1/health.sexual", On: day(now), Reason: "The clinic's tests were clear and the concern was ruled out."}}
	if len(p.CheckAgainst(findings)) != 0 || p.Unaddressed(findings) != 0 {
		t.Errorf("with the last finding closed: %v", p.CheckAgainst(findings))
	}
	for _, cv := range p.Coverage(findings) {
		if (cv.Closed != nil) != (cv.Finding.ID == "hr-1/health.sexual") {
			t.Errorf("%s closed: %v", cv.Finding.ID, cv.Closed)
		}
	}
	c.Plans = []model.Item[model.Plan]{{RecordID: "plan-1", Value: p}}
	if pr := c.Practice(); pr.Unaddressed != 0 {
		t.Errorf("the agreed plan with every finding answered or closed leaves %d unaddressed", pr.Unaddressed)
	}
}

func TestPracticeValidate(t *testing.T) {
	valid := []model.Record{
		screening(ind("rel.gifts", model.RecencyCurrent)),
		healthReview(day(now)),
		validPlan(),
		model.PlanReview{PlanID: "plan-1", HeldOn: day(now), ChildView: "Better since the sessions started", NextReview: day(now).AddDate(0, 0, 28),
			Progress: []model.ActionProgress{{Action: "a1", Status: model.ProgressUnderway}}},
		information(now.Add(-time.Hour)),
	}
	for _, r := range valid {
		t.Run(string(r.Kind())+" valid", func(t *testing.T) { checkValid(t, r) })
	}
	chosen := screening(ind("rel.gifts", model.RecencyCurrent))
	chosen.Chosen = model.LevelHigh
	stale := screening(ind("rel.gifts", model.RecencyCurrent))
	stale.Indicators = append(stale.Indicators, ind("rel.cars", model.RecencyCurrent))
	noAgency := screening(ind("rel.gifts", model.RecencyCurrent))
	noAgency.Indicators[0].Agency = ""
	noRecency := screening(model.ScreenedIndicator{Indicator: "rel.gifts", Evidence: model.EvidenceConcern, Agency: "agency.school"})
	twice := screening(ind("rel.gifts", model.RecencyCurrent), ind("rel.gifts", model.RecencyPrevious))
	future := screening()
	future.HeldOn = day(now).AddDate(0, 0, 1)
	noLevel := screening()
	noLevel.Chosen = ""
	badSDQ := healthReview(day(now))
	sdq := 41
	badSDQ.SDQ = &sdq
	noDetail := healthReview(day(now))
	noDetail.Concerns[0].Detail = " "
	badArea := healthReview(day(now))
	badArea.Concerns[0].Area = "health.teeth"
	noOwner := validPlan()
	noOwner.Actions[0].Agency = ""
	noDue := validPlan()
	noDue.Actions[0].Due = time.Time{}
	noReview := validPlan()
	noReview.ReviewBy = time.Time{}
	emptyAgreed := validPlan()
	emptyAgreed.Actions = nil
	noReason := validPlan()
	noReason.NoAction = []model.NoAction{{Finding: "rhi-1/rel.cars"}}
	closedNoReason, closedNoDate, closedAhead := validPlan(), validPlan(), validPlan()
	closedNoReason.Closed = []model.ClosedFinding{{Finding: "rhi-1/rel.cars", On: day(now), Reason: " "}}
	closedNoDate.Closed = []model.ClosedFinding{{Finding: "rhi-1/rel.cars", Reason: "Ruled out"}}
	closedAhead.Closed = []model.ClosedFinding{{Finding: "rhi-1/rel.cars", On: day(now).AddDate(0, 0, 1), Reason: "Ruled out"}}
	closed := validPlan()
	closed.Closed = []model.ClosedFinding{{Finding: "rhi-1/rel.cars", On: day(now), Reason: "The police found the lifts were from her aunt."}}
	t.Run("plan: a finding closed with its reason", func(t *testing.T) { checkValid(t, closed) })
	strategyAhead := screening()
	strategyAhead.StrategyHeld = day(now).AddDate(0, 0, 2)
	infoAhead, infoNoAgency, infoEmpty := information(now.Add(time.Hour)), information(now), information(now)
	infoNoAgency.Agency = "agency.nowhere"
	infoEmpty.What = "  "
	tests := []struct {
		name  string
		r     model.Record
		field string
	}{
		{"screening: another level with no reason", chosen, "reason"},
		{"screening: score out of date", stale, "computed"},
		{"screening: no agency", noAgency, "indicators"},
		{"screening: no recency", noRecency, "indicators"},
		{"screening: an indicator twice", twice, "indicators"},
		{"screening: in the future", future, "held_on"},
		{"screening: no level chosen", noLevel, "chosen"},
		{"screening: a strategy discussion to come", strategyAhead, "strategy_held"},
		{"information: in the future", infoAhead, "received"},
		{"information: an agency not in the list", infoNoAgency, "agency"},
		{"information: nothing said", infoEmpty, "what"},
		{"health review: SDQ over 40", badSDQ, "sdq"},
		{"health review: concern with no detail", noDetail, "concerns"},
		{"health review: unknown area", badArea, "concerns"},
		{"plan: action with no owner", noOwner, "actions"},
		{"plan: action with no due date", noDue, "actions"},
		{"plan: agreed with no review date", noReview, "review_by"},
		{"plan: agreed with no actions", emptyAgreed, "actions"},
		{"plan: no action needed with no reason", noReason, "no_action"},
		{"plan: a finding closed with no reason", closedNoReason, "closed"},
		{"plan: a finding closed with no date", closedNoDate, "closed"},
		{"plan: a finding closed in the future", closedAhead, "closed"},
		{"plan review: no child's view", model.PlanReview{PlanID: "plan-1", HeldOn: day(now), NextReview: day(now).AddDate(0, 0, 28)}, "child_view"},
		{"plan review: next before this", model.PlanReview{PlanID: "plan-1", HeldOn: day(now), ChildView: "Fine", NextReview: day(now)}, "next_review"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkOnly(t, tt.r, tt.field) })
	}
	chosen.Reason = "Police intelligence not yet on the tool: two cars seen at the home this week."
	t.Run("screening: another level with a reason", func(t *testing.T) { checkValid(t, chosen) })

	review := model.PlanReview{PlanID: "plan-1", HeldOn: day(now), ChildView: "OK", NextReview: day(now).AddDate(0, 0, 28)}
	if review.CheckAgainst(validPlan()).For("progress") == "" {
		t.Error("a review with no progress on an action passed")
	}
}

func TestSingleAgency(t *testing.T) {
	s := screening(ind("rel.gifts", model.RecencyCurrent))
	s.Contributions = nil
	if !s.SingleAgency() {
		t.Error("one agency not flagged")
	}
	s.Contributions = []model.Contribution{{Agency: "agency.police", What: "Intelligence about cars"}}
	if s.SingleAgency() || len(s.Agencies()) != 2 {
		t.Errorf("two agencies: %v", s.Agencies())
	}
}

func TestPracticeRecordsRoundTrip(t *testing.T) {
	for _, r := range []model.Record{screening(ind("rel.gifts", model.RecencyBoth)), healthReview(day(now)), validPlan(), information(now),
		model.PlanReview{PlanID: "plan-1", HeldOn: day(now), ChildView: "OK", NextReview: day(now).AddDate(0, 0, 28)}} {
		b, err := model.Encode(model.Payload{Record: r, SavedAt: now, SavedBy: "x"})
		if err != nil {
			t.Fatal(err)
		}
		p, err := model.Decode(b)
		if err != nil || p.Kind != r.Kind() {
			t.Fatalf("%s: %v, %s", r.Kind(), err, p.Kind)
		}
	}
}

func TestTimelineShowsPractice(t *testing.T) {
	c := practiceCase()
	addScreening(c, "scr-1", date(2025, 3, 3), model.LevelLow)
	c.Screenings = append(c.Screenings, model.Item[model.Screening]{RecordID: "scr-2", Value: screening(ind("rel.gifts", model.RecencyCurrent))})
	c.HealthReviews = append(c.HealthReviews, model.Item[model.HealthReview]{RecordID: "hr-1", Value: healthReview(date(2025, 3, 5))})
	c.Plans = append(c.Plans, model.Item[model.Plan]{RecordID: "plan-1", Value: validPlan()})
	c.Sort()
	got := map[string]string{}
	for _, ev := range c.Timeline(cat()) {
		got[ev.RecordID] = ev.Title + ": " + ev.Detail
	}
	want := map[string]string{
		"scr-1":  "Screening: Low risk; one agency only",
		"scr-2":  "Screening: Medium risk; 2 agencies",
		"hr-1":   "Health review: With Looked-after children's nurse; 1 concern",
		"plan-1": "Plan agreed: 1 action",
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: %q, want %q", id, got[id], w)
		}
	}
}
