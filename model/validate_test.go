package model_test

import (
	"strings"
	"testing"
	"time"

	"homeward/model"
)

func TestChildValidate(t *testing.T) {
	valid := []struct {
		name   string
		change func(*model.Child)
	}{
		{"example", func(*model.Child) {}},
		{"no NHS number", func(c *model.Child) { c.NHSNumber = "" }},
		{"NHS number without spaces", func(c *model.Child) { c.NHSNumber = "4010232137" }},
		{"not looked after, living with family", func(c *model.Child) { c.LookedAfter, c.Placement = false, "place.family" }},
		{"born today", func(c *model.Child) { c.DateOfBirth = time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC) }},
		{"24 the day before the 25th birthday", func(c *model.Child) { c.DateOfBirth = time.Date(2000, 3, 15, 0, 0, 0, 0, time.UTC) }},
	}
	for _, tt := range valid {
		t.Run("valid/"+tt.name, func(t *testing.T) {
			c := validChild()
			tt.change(&c)
			checkValid(t, c)
		})
	}

	broken := []struct {
		name   string
		field  string
		change func(*model.Child)
	}{
		{"no name", "name", func(c *model.Child) { c.Name = "" }},
		{"name only spaces", "name", func(c *model.Child) { c.Name = "  \t " }},
		{"no date of birth", "date_of_birth", func(c *model.Child) { c.DateOfBirth = time.Time{} }},
		{"date of birth tomorrow", "date_of_birth", func(c *model.Child) { c.DateOfBirth = time.Date(2025, 3, 15, 0, 0, 0, 0, time.UTC) }},
		{"25 today", "date_of_birth", func(c *model.Child) { c.DateOfBirth = time.Date(2000, 3, 14, 0, 0, 0, 0, time.UTC) }},
		{"year typed wrong", "date_of_birth", func(c *model.Child) { c.DateOfBirth = time.Date(1910, 6, 15, 0, 0, 0, 0, time.UTC) }},
		{"NHS number bad check digit", "nhs_number", func(c *model.Child) { c.NHSNumber = "9434765918" }},
		{"NHS number too short", "nhs_number", func(c *model.Child) { c.NHSNumber = "943476591" }},
		{"no placement", "placement", func(c *model.Child) { c.Placement = "" }},
		{"placement not in the list", "placement", func(c *model.Child) { c.Placement = "place.boat" }},
		{"no allocated worker", "allocated_worker", func(c *model.Child) { c.AllocatedWorker = " " }},
	}
	for _, tt := range broken {
		t.Run(tt.name, func(t *testing.T) {
			c := validChild()
			tt.change(&c)
			checkOnly(t, c, tt.field)
		})
	}
}

func TestMissingEpisodeValidate(t *testing.T) {
	valid := []struct {
		name   string
		change func(*model.MissingEpisode)
	}{
		{"returned", func(*model.MissingEpisode) {}},
		{"still missing, nothing about where found", func(e *model.MissingEpisode) { e.Returned, e.WhereFound = time.Time{}, "" }},
		{"no police reference", func(e *model.MissingEpisode) { e.PoliceReference = "" }},
		{"returned the moment they went", func(e *model.MissingEpisode) { e.Returned = e.WentMissing }},
		{"returned just now", func(e *model.MissingEpisode) { e.Returned = now }},
		{"where found not known", func(e *model.MissingEpisode) { e.WhereFound = "Not known" }},
		{"who reported it and the police's grade", func(e *model.MissingEpisode) {
			e.ReportedBy, e.PoliceRisk = "The foster carer", model.PoliceRiskMedium
		}},
	}
	for _, tt := range valid {
		t.Run("valid/"+tt.name, func(t *testing.T) {
			e := validEpisode()
			tt.change(&e)
			checkValid(t, e)
		})
	}

	broken := []struct {
		name   string
		field  string
		change func(*model.MissingEpisode)
	}{
		{"no time went missing", "went_missing", func(e *model.MissingEpisode) { e.WentMissing = time.Time{} }},
		{"went missing in the future", "went_missing", func(e *model.MissingEpisode) {
			e.WentMissing, e.Returned, e.WhereFound = at(time.Hour), time.Time{}, ""
		}},
		{"returned in the future", "returned", func(e *model.MissingEpisode) { e.Returned = at(time.Minute) }},
		{"returned before going missing", "returned", func(e *model.MissingEpisode) { e.Returned = e.WentMissing.Add(-time.Hour) }},
		{"returned, nothing about where found", "where_found", func(e *model.MissingEpisode) { e.WhereFound = "" }},
		{"returned, where found only spaces", "where_found", func(e *model.MissingEpisode) { e.WhereFound = "   " }},
		{"a police grade not in the list", "police_risk", func(e *model.MissingEpisode) { e.PoliceRisk = "severe" }},
	}
	for _, tt := range broken {
		t.Run(tt.name, func(t *testing.T) {
			e := validEpisode()
			tt.change(&e)
			checkOnly(t, e, tt.field)
		})
	}
}

func TestReturnInterviewValidate(t *testing.T) {
	held := func(f func(*model.ReturnInterview)) func() model.ReturnInterview {
		return func() model.ReturnInterview { r := validHeldInterview(); f(&r); return r }
	}
	notHeld := func(f func(*model.ReturnInterview)) func() model.ReturnInterview {
		return func() model.ReturnInterview { r := validNotHeldInterview(); f(&r); return r }
	}

	valid := []struct {
		name string
		make func() model.ReturnInterview
	}{
		{"held", held(func(*model.ReturnInterview) {})},
		{"not held", notHeld(func(*model.ReturnInterview) {})},
		{"held, nothing optional", held(func(r *model.ReturnInterview) {
			*r = model.ReturnInterview{EpisodeID: "ep-1", OfferedAt: at(-2 * time.Hour), Held: true, HeldAt: at(-time.Hour), Interviewer: "Jordan Ellery", Independent: model.Answer(true)}
		})},
		{"held the moment it was offered", held(func(r *model.ReturnInterview) { r.HeldAt = r.OfferedAt })},
		{"not independent, with the reason", held(func(r *model.ReturnInterview) {
			r.Independent, r.NotIndependentReason = model.Answer(false), "She asked for her foster carer's support worker, whom she trusts."
		})},
		{"no harm disclosed, no action", held(func(r *model.ReturnInterview) { r.HarmDisclosed, r.HarmDetails, r.ActionTaken = false, "", "" })},
		{"no agencies, nothing agreed", held(func(r *model.ReturnInterview) { r.ShareWith, r.ShareAgreed = nil, "" })},
		{"every kind of evidence", held(func(r *model.ReturnInterview) {
			r.Indicators = []model.Observation{
				{Indicator: "rel.cars", Evidence: model.EvidenceObserved},
				{Indicator: "rel.gifts", Evidence: model.EvidenceReported},
				{Indicator: "onl.multiple_phones", Evidence: model.EvidenceConcern},
			}
		})},
		{"not held: a decision, with notes", notHeld(func(r *model.ReturnInterview) {
			r.NotHeldReason, r.NotHeldNotes = model.NotHeldDecision, "Strategy meeting agreed the police interview comes first."
		})},
		{"not held: another reason, with notes", notHeld(func(r *model.ReturnInterview) {
			r.NotHeldReason, r.NotHeldNotes = model.NotHeldOther, "In hospital."
		})},
		{"not held: missing again", notHeld(func(r *model.ReturnInterview) { r.NotHeldReason = model.NotHeldMissingAgain })},

		// An offer is needed only when the interview was held or turned down.
		{"not held: could not reach the child, no offer", notHeld(func(r *model.ReturnInterview) { r.OfferedAt = time.Time{} })},
		{"not held: missing again, no offer", notHeld(func(r *model.ReturnInterview) {
			r.NotHeldReason, r.OfferedAt = model.NotHeldMissingAgain, time.Time{}
		})},
		{"not held: a decision, no offer", notHeld(func(r *model.ReturnInterview) {
			r.NotHeldReason, r.NotHeldNotes, r.OfferedAt = model.NotHeldDecision, "Police asked us to wait for their interview.", time.Time{}
		})},
		{"not held: another reason, no offer", notHeld(func(r *model.ReturnInterview) {
			r.NotHeldReason, r.NotHeldNotes, r.OfferedAt = model.NotHeldOther, "In hospital.", time.Time{}
		})},
		{"not held: refused, with the offer", notHeld(func(r *model.ReturnInterview) { r.NotHeldReason = model.NotHeldRefused })},
		{"not held: could not reach the child, offered just now", notHeld(func(r *model.ReturnInterview) { r.OfferedAt = now })},
	}
	for _, tt := range valid {
		t.Run("valid/"+tt.name, func(t *testing.T) { checkValid(t, tt.make()) })
	}

	broken := []struct {
		name  string
		field string
		make  func() model.ReturnInterview
	}{
		{"no episode", "episode_id", held(func(r *model.ReturnInterview) { r.EpisodeID = "" })},
		{"no offer time", "offered_at", held(func(r *model.ReturnInterview) { r.OfferedAt = time.Time{} })},
		{"offered in the future", "offered_at", notHeld(func(r *model.ReturnInterview) { r.OfferedAt = at(time.Hour) })},
		{"not held: refused, no offer time", "offered_at", notHeld(func(r *model.ReturnInterview) {
			r.NotHeldReason, r.OfferedAt = model.NotHeldRefused, time.Time{}
		})},
		{"not held: missing again, offered in the future", "offered_at", notHeld(func(r *model.ReturnInterview) {
			r.NotHeldReason, r.OfferedAt = model.NotHeldMissingAgain, at(time.Minute)
		})},
		{"not held: a decision, offered in the future", "offered_at", notHeld(func(r *model.ReturnInterview) {
			r.NotHeldReason, r.NotHeldNotes, r.OfferedAt = model.NotHeldDecision, "Police asked us to wait.", at(24*time.Hour)
		})},
		{"not held: no reason, no offer", "not_held_reason", notHeld(func(r *model.ReturnInterview) {
			r.NotHeldReason, r.OfferedAt = "", time.Time{}
		})},
		{"no interviewer", "interviewer", held(func(r *model.ReturnInterview) { r.Interviewer = " " })},
		{"independence not answered", "independent", held(func(r *model.ReturnInterview) { r.Independent = nil })},
		{"not independent, no reason", "not_independent_reason", held(func(r *model.ReturnInterview) { r.Independent = model.Answer(false) })},
		{"not independent, reason only spaces", "not_independent_reason", notHeld(func(r *model.ReturnInterview) {
			r.Independent, r.NotIndependentReason = model.Answer(false), "  "
		})},

		// Held.
		{"held: no time held", "held_at", held(func(r *model.ReturnInterview) { r.HeldAt = time.Time{} })},
		{"held: in the future", "held_at", held(func(r *model.ReturnInterview) { r.HeldAt = at(time.Minute) })},
		{"held: before the offer", "held_at", held(func(r *model.ReturnInterview) { r.HeldAt = r.OfferedAt.Add(-time.Minute) })},
		{"held: harm disclosed, no action", "action_taken", held(func(r *model.ReturnInterview) { r.ActionTaken = "" })},
		{"held: harm disclosed, action only spaces", "action_taken", held(func(r *model.ReturnInterview) { r.ActionTaken = "\n " })},

		// Not held.
		{"not held: no reason", "not_held_reason", notHeld(func(r *model.ReturnInterview) { r.NotHeldReason = "" })},
		{"not held: reason not in the list", "not_held_reason", notHeld(func(r *model.ReturnInterview) { r.NotHeldReason = "busy" })},
		{"not held: a decision, no notes", "not_held_notes", notHeld(func(r *model.ReturnInterview) { r.NotHeldReason = model.NotHeldDecision })},
		{"not held: another reason, no notes", "not_held_notes", notHeld(func(r *model.ReturnInterview) {
			r.NotHeldReason, r.NotHeldNotes = model.NotHeldOther, " "
		})},
		{"not held: no attempts", "attempts", notHeld(func(r *model.ReturnInterview) { r.Attempts = nil })},
		{"not held: attempt with no time", model.ItemField("attempts", 1, "at"), notHeld(func(r *model.ReturnInterview) { r.Attempts[1].At = time.Time{} })},
		{"not held: attempt with no way", model.ItemField("attempts", 0, "how"), notHeld(func(r *model.ReturnInterview) { r.Attempts[0].How = "" })},
		{"held: attempt with no way", model.ItemField("attempts", 0, "how"), held(func(r *model.ReturnInterview) {
			r.Attempts = []model.Attempt{{At: r.OfferedAt, How: " "}}
		})},

		// Pick-lists.
		{"push factor not in the list", "push_factors", held(func(r *model.ReturnInterview) { r.PushFactors = append(r.PushFactors, "push.weather") })},
		{"push factor twice", "push_factors", held(func(r *model.ReturnInterview) { r.PushFactors = append(r.PushFactors, r.PushFactors[0]) })},
		{"pull factor not in the list", "pull_factors", held(func(r *model.ReturnInterview) { r.PullFactors = []string{"push.school"} })},
		{"pull factor twice", "pull_factors", held(func(r *model.ReturnInterview) { r.PullFactors = []string{"pull.parties", "pull.parties"} })},
		{"agency not in the list", "share_with", held(func(r *model.ReturnInterview) { r.ShareWith = []string{"agency.press"} })},
		{"agency twice", "share_with", held(func(r *model.ReturnInterview) { r.ShareWith = append(r.ShareWith, "agency.police") })},

		// Indicators.
		{"indicator not in the catalogue", "indicators", held(func(r *model.ReturnInterview) {
			r.Indicators = append(r.Indicators, model.Observation{Indicator: "rel.unknown", Evidence: model.EvidenceConcern})
		})},
		{"indicator that is a push factor", "indicators", held(func(r *model.ReturnInterview) {
			r.Indicators = []model.Observation{{Indicator: "push.school", Evidence: model.EvidenceReported}}
		})},
		{"indicator twice", "indicators", held(func(r *model.ReturnInterview) {
			r.Indicators = append(r.Indicators, model.Observation{Indicator: "rel.cars", Evidence: model.EvidenceObserved})
		})},
		{"indicator with no evidence", model.IndicatorField("mis.late"), held(func(r *model.ReturnInterview) { r.Indicators[1].Evidence = "" })},
		{"indicator with unknown evidence", model.IndicatorField("rel.cars"), held(func(r *model.ReturnInterview) { r.Indicators[0].Evidence = "gut" })},

		// Sharing and referrals.
		{"agencies chosen, nothing agreed", "share_agreed", held(func(r *model.ReturnInterview) { r.ShareAgreed = "" })},
		{"agencies chosen, agreement only spaces", "share_agreed", notHeld(func(r *model.ReturnInterview) {
			r.ShareWith, r.ShareAgreed = []string{"agency.social_care"}, "  "
		})},
		{"referral to nobody", model.ItemField("referrals", 1, "to"), held(func(r *model.ReturnInterview) {
			r.Referrals = append(r.Referrals, model.Referral{Reason: "Sexual health advice"})
		})},
	}
	for _, tt := range broken {
		t.Run(tt.name, func(t *testing.T) { checkOnly(t, tt.make(), tt.field) })
	}
}

// The messages for pick-lists name the list in plain English with the right article.
func TestReturnInterviewPickListMessages(t *testing.T) {
	r := validHeldInterview()
	r.ShareWith = []string{"agency.press"}
	p := problems(t, r.Validate(cat(), now))
	if got := p.For("share_with"); !strings.HasPrefix(got, "An agency ") {
		t.Errorf("share_with message = %q, want it to begin %q", got, "An agency ")
	}
	r = validHeldInterview()
	r.PushFactors = []string{"push.school", "push.school"}
	p = problems(t, r.Validate(cat(), now))
	if got := p.For("push_factors"); !strings.HasPrefix(got, "A push factor ") {
		t.Errorf("push_factors message = %q, want it to begin %q", got, "A push factor ")
	}
}

// Every rule broken at once gives a message for each field, and the error's text
// carries every message.
func TestReturnInterviewEverythingWrong(t *testing.T) {
	r := model.ReturnInterview{
		OfferedAt:   at(time.Hour),
		ShareWith:   []string{"agency.police"},
		Referrals:   []model.Referral{{}},
		PushFactors: []string{"nope"},
		Indicators:  []model.Observation{{Indicator: "nope"}},
	}
	err := r.Validate(cat(), now)
	p := problems(t, err)
	for _, f := range []string{"episode_id", "offered_at", "interviewer", "independent", "not_held_reason", "attempts", "push_factors", "indicators", "share_agreed", model.ItemField("referrals", 0, "to")} {
		if p.For(f) == "" {
			t.Errorf("no message for %s", f)
		}
		if !strings.Contains(err.Error(), p.For(f)) {
			t.Errorf("Error() does not carry the message for %s", f)
		}
	}
}

func TestReturnInterviewRescreenTriggered(t *testing.T) {
	tests := []struct {
		name string
		r    model.ReturnInterview
		want bool
	}{
		{"nothing found", model.ReturnInterview{}, false},
		{"harm disclosed", model.ReturnInterview{HarmDisclosed: true}, true},
		{"an indicator", model.ReturnInterview{Indicators: []model.Observation{{Indicator: "mis.late"}}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.RescreenTriggered(); got != tt.want {
				t.Errorf("RescreenTriggered() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestVoiceEntryValidate(t *testing.T) {
	entry := func(m model.VoiceMethod, f func(*model.VoiceEntry)) func() model.VoiceEntry {
		return func() model.VoiceEntry { v := validVoice(m); f(&v); return v }
	}
	same := func(*model.VoiceEntry) {}

	valid := []struct {
		name string
		make func() model.VoiceEntry
	}{
		{"words", entry(model.MethodWords, same)},
		{"feelings", entry(model.MethodFeelings, same)},
		{"scale", entry(model.MethodScale, same)},
		{"three houses", entry(model.MethodThreeHouses, same)},
		{"observation", entry(model.MethodObservation, same)},
		{"stand-alone", entry(model.MethodWords, func(v *model.VoiceEntry) { v.InterviewID = "" })},
		{"someone else speaking", entry(model.MethodWords, func(v *model.VoiceEntry) { v.Speaker = "Foster carer" })},
		{"sharing not asked yet", entry(model.MethodWords, func(v *model.VoiceEntry) { v.Share, v.ChildChecked = model.ShareNotAsked, false })},
		{"worker only", entry(model.MethodWords, func(v *model.VoiceEntry) { v.Share = model.ShareWorkerOnly })},
		{"agencies", entry(model.MethodWords, func(v *model.VoiceEntry) { v.Share = model.ShareAgencies })},
		{"scale at 0", entry(model.MethodScale, func(v *model.VoiceEntry) { v.Scale.Value = 0 })},
		{"scale at 10", entry(model.MethodScale, func(v *model.VoiceEntry) { v.Scale.Value = 10 })},
		{"scale with no question", entry(model.MethodScale, func(v *model.VoiceEntry) { v.Scale.Question = "" })},
		{"one feeling", entry(model.MethodFeelings, func(v *model.VoiceEntry) { v.Feelings = []string{"feel.safe"} })},
		{"only the worries house", entry(model.MethodThreeHouses, func(v *model.VoiceEntry) { v.Houses = &model.ThreeHouses{Worries: "Going back"} })},
		{"only the hopes house", entry(model.MethodThreeHouses, func(v *model.VoiceEntry) { v.Houses = &model.ThreeHouses{HopesDreams: "My own room"} })},
		{"recorded just now", entry(model.MethodWords, func(v *model.VoiceEntry) { v.RecordedAt = now })},
		{"not safe: the time is all", entry(model.MethodNotSafe, same)},
		{"not safe: what was done", entry(model.MethodNotSafe, func(v *model.VoiceEntry) {
			v.Response = &model.NotSafeResponse{At: now, What: "Talked with Robin; told the duty manager."}
		})},
		{"the child said yes in child mode", entry(model.MethodFeelings, func(v *model.VoiceEntry) { v.ChildShare = model.AnswerYes })},
		{"the child said no in child mode", entry(model.MethodScale, func(v *model.VoiceEntry) { v.ChildShare, v.Share = model.AnswerNo, model.ShareWorkerOnly })},
		{"the child was not sure", entry(model.MethodThreeHouses, func(v *model.VoiceEntry) { v.ChildShare, v.Share = model.AnswerNotSure, model.ShareNotAsked })},
	}
	for _, tt := range valid {
		t.Run("valid/"+tt.name, func(t *testing.T) { checkValid(t, tt.make()) })
	}

	broken := []struct {
		name  string
		field string
		make  func() model.VoiceEntry
	}{
		{"no time recorded", "recorded_at", entry(model.MethodWords, func(v *model.VoiceEntry) { v.RecordedAt = time.Time{} })},
		{"recorded in the future", "recorded_at", entry(model.MethodScale, func(v *model.VoiceEntry) { v.RecordedAt = at(time.Hour) })},
		{"no method", "method", entry(model.MethodWords, func(v *model.VoiceEntry) { v.Method = "" })},
		{"method not known", "method", entry(model.MethodWords, func(v *model.VoiceEntry) { v.Method = "words_pictures" })},
		{"words: empty", "words", entry(model.MethodWords, func(v *model.VoiceEntry) { v.Words = "" })},
		{"words: only spaces", "words", entry(model.MethodWords, func(v *model.VoiceEntry) { v.Words = " \n\t" })},
		{"words: interpretation but no words", "words", entry(model.MethodWords, func(v *model.VoiceEntry) { v.Words = "" })},
		{"observation: empty", "words", entry(model.MethodObservation, func(v *model.VoiceEntry) { v.Words = "" })},
		{"feelings: none", "feelings", entry(model.MethodFeelings, func(v *model.VoiceEntry) { v.Feelings = nil })},
		{"feelings: unknown ID", "feelings", entry(model.MethodFeelings, func(v *model.VoiceEntry) { v.Feelings = []string{"feel.safe", "feel.grumpy"} })},
		{"feelings: indicator ID", "feelings", entry(model.MethodFeelings, func(v *model.VoiceEntry) { v.Feelings = []string{"mis.late"} })},
		{"feelings: one twice", "feelings", entry(model.MethodFeelings, func(v *model.VoiceEntry) { v.Feelings = []string{"feel.sad", "feel.sad"} })},
		{"scale: missing", "scale", entry(model.MethodScale, func(v *model.VoiceEntry) { v.Scale = nil })},
		{"scale: 0 not defined", "scale", entry(model.MethodScale, func(v *model.VoiceEntry) { v.Scale.Zero = "" })},
		{"scale: 10 not defined", "scale", entry(model.MethodScale, func(v *model.VoiceEntry) { v.Scale.Ten = "  " })},
		{"scale: below 0", "scale", entry(model.MethodScale, func(v *model.VoiceEntry) { v.Scale.Value = -1 })},
		{"scale: above 10", "scale", entry(model.MethodScale, func(v *model.VoiceEntry) { v.Scale.Value = 11 })},
		{"three houses: missing", "houses", entry(model.MethodThreeHouses, func(v *model.VoiceEntry) { v.Houses = nil })},
		{"three houses: all empty", "houses", entry(model.MethodThreeHouses, func(v *model.VoiceEntry) { v.Houses = &model.ThreeHouses{} })},
		{"three houses: only spaces", "houses", entry(model.MethodThreeHouses, func(v *model.VoiceEntry) {
			v.Houses = &model.ThreeHouses{Worries: " ", GoodThings: "\n", HopesDreams: "\t"}
		})},
		{"share scope not known", "share", entry(model.MethodWords, func(v *model.VoiceEntry) { v.Share = "everyone" })},
		{"child's answer not known", "child_share", entry(model.MethodFeelings, func(v *model.VoiceEntry) { v.ChildShare = "maybe" })},
		{"what was done: not a not-safe entry", "response", entry(model.MethodWords, func(v *model.VoiceEntry) {
			v.Response = &model.NotSafeResponse{At: now, What: "Told the duty manager."}
		})},
		{"what was done: nothing written", "response", entry(model.MethodNotSafe, func(v *model.VoiceEntry) {
			v.Response = &model.NotSafeResponse{At: now, What: " \n"}
		})},
		{"what was done: no time", "response", entry(model.MethodNotSafe, func(v *model.VoiceEntry) {
			v.Response = &model.NotSafeResponse{What: "Told the duty manager."}
		})},
		{"what was done: in the future", "response", entry(model.MethodNotSafe, func(v *model.VoiceEntry) {
			v.Response = &model.NotSafeResponse{At: at(time.Hour), What: "Told the duty manager."}
		})},
		{"what was done: before the press", "response", entry(model.MethodNotSafe, func(v *model.VoiceEntry) {
			v.Response = &model.NotSafeResponse{At: v.RecordedAt.Add(-time.Minute), What: "Told the duty manager."}
		})},
	}
	for _, tt := range broken {
		t.Run(tt.name, func(t *testing.T) { checkOnly(t, tt.make(), tt.field) })
	}
}

// Every pick-list value a person chooses from reads as words, not as its code.
func TestLabels(t *testing.T) {
	for _, r := range model.NotHeldReasons {
		t.Run("not held/"+string(r), func(t *testing.T) {
			if l := r.Label(); l == "" || l == string(r) {
				t.Errorf("Label() = %q", l)
			}
		})
	}
	for _, m := range model.VoiceMethods {
		t.Run("method/"+string(m), func(t *testing.T) {
			if l := m.Label(); l == "" || l == string(m) {
				t.Errorf("Label() = %q", l)
			}
		})
	}
	for _, s := range model.ShareScopes {
		t.Run("share/"+string(s), func(t *testing.T) {
			if l := s.Label(); l == "" || l == string(s) {
				t.Errorf("Label() = %q", l)
			}
		})
	}
	t.Run("unknown values fall back to their code", func(t *testing.T) {
		if got := model.NotHeldReason("x").Label(); got != "x" {
			t.Errorf("NotHeldReason label = %q", got)
		}
		if got := model.VoiceMethod("y").Label(); got != "y" {
			t.Errorf("VoiceMethod label = %q", got)
		}
		if got := model.ShareScope("z").Label(); got != "z" {
			t.Errorf("ShareScope label = %q", got)
		}
	})
}

func TestRoleValid(t *testing.T) {
	for _, r := range model.Roles {
		if !r.Valid() {
			t.Errorf("%q.Valid() = false", r)
		}
	}
	for _, r := range []model.Role{"", "Practitioner", "manager"} {
		if r.Valid() {
			t.Errorf("%q.Valid() = true", r)
		}
	}
}
