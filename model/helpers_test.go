package model_test

import (
	"errors"
	"testing"
	"time"

	"homeward/model"
)

// All names, numbers and places in these tests are made up. The NHS numbers are the
// published synthetic test numbers, which belong to nobody.

// now is the fixed "now" the tests validate against: Friday 14 March 2025, noon.
var now = time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)

// at returns now moved by d.
func at(d time.Duration) time.Time { return now.Add(d) }

func cat() *model.Catalogue { return model.DefaultCatalogue() }

// problems returns the Problems err holds, failing the test if err is some other
// error. A nil err gives nil.
func problems(t *testing.T, err error) model.Problems {
	t.Helper()
	if err == nil {
		return nil
	}
	var p model.Problems
	if !errors.As(err, &p) {
		t.Fatalf("Validate returned %T (%v), want model.Problems", err, err)
	}
	return p
}

// checkValid fails the test if r does not validate.
func checkValid(t *testing.T, r model.Record) {
	t.Helper()
	if err := r.Validate(cat(), now); err != nil {
		for _, q := range problems(t, err) {
			t.Errorf("unexpected problem with %s: %s", q.Field, q.Message)
		}
	}
}

// checkOnly fails the test unless validating r finds problems, all of them with
// field, and each with a message.
func checkOnly(t *testing.T, r model.Record, field string) {
	t.Helper()
	p := problems(t, r.Validate(cat(), now))
	if len(p) == 0 {
		t.Fatalf("Validate found no problem, want one with %s", field)
	}
	if p.For(field) == "" {
		t.Errorf("no message for %s; got %+v", field, p)
	}
	for _, q := range p {
		if q.Field != field {
			t.Errorf("unexpected problem with %s (%q), want only %s", q.Field, q.Message, field)
		}
		if q.Message == "" {
			t.Errorf("problem with %s has no message", q.Field)
		}
	}
}

func validChild() model.Child {
	return model.Child{
		Name:            "Maisie Thornbury",
		DateOfBirth:     time.Date(2010, 6, 15, 0, 0, 0, 0, time.UTC),
		NHSNumber:       "943 476 5919",
		Placement:       "place.foster",
		LookedAfter:     true,
		AllocatedWorker: "Priya Okafor",
	}
}

func validEpisode() model.MissingEpisode {
	return model.MissingEpisode{
		WentMissing:     at(-50 * time.Hour),
		Returned:        at(-30 * time.Hour),
		WhereFound:      "A friend's flat in town",
		PoliceReference: "MPR/2025/000123",
	}
}

func validHeldInterview() model.ReturnInterview {
	return model.ReturnInterview{
		EpisodeID:       "ep-1",
		OfferedAt:       at(-28 * time.Hour),
		Held:            true,
		HeldAt:          at(-4 * time.Hour),
		Interviewer:     "Jordan Ellery",
		InterviewerRole: "Return interview worker",
		Independent:     model.Answer(true),
		Venue:           "Cafe near school",
		PresentWith:     "Nobody: she chose to talk alone",
		PushFactors:     []string{"push.family_conflict", "push.rules"},
		PullFactors:     []string{"pull.friends_family"},
		Before:          "An argument about phone use.",
		WhereStayed:     "A friend's flat",
		WhoWith:         "Two friends from school",
		HowTravelled:    "Bus",
		HowReturned:     "Walked home in the morning",
		HarmDisclosed:   true,
		HarmDetails:     "Said an older man gave her a lift and was frightening.",
		ActionTaken:     "Strategy discussion requested with the social worker the same day.",
		Indicators: []model.Observation{
			{Indicator: "rel.cars", Evidence: model.EvidenceReported, Note: "Lift from an unknown adult"},
			{Indicator: "mis.late", Evidence: model.EvidenceObserved},
		},
		FeelsNow:      "Tired but OK",
		WhatWouldHelp: "Someone to text when things go wrong at home",
		ShareAgreed:   "That she was safe, and about the lift, with her social worker and the police.",
		ShareWith:     []string{"agency.social_care", "agency.police"},
		Referrals:     []model.Referral{{To: "Local young people's counselling service", Reason: "She asked for someone to talk to"}},
	}
}

func validNotHeldInterview() model.ReturnInterview {
	return model.ReturnInterview{
		EpisodeID:   "ep-1",
		OfferedAt:   at(-28 * time.Hour),
		Interviewer: "Jordan Ellery",
		Independent: model.Answer(true),
		Attempts: []model.Attempt{
			{At: at(-26 * time.Hour), How: "Home visit", Outcome: "Not at home"},
			{At: at(-6 * time.Hour), How: "Phone call", Outcome: "No answer"},
		},
		NotHeldReason: model.NotHeldNoContact,
	}
}

func validVoice(m model.VoiceMethod) model.VoiceEntry {
	v := model.VoiceEntry{
		InterviewID:  "rhi-1",
		RecordedAt:   at(-3 * time.Hour),
		Method:       m,
		ChildChecked: true,
		Share:        model.ShareTeam,
	}
	switch m {
	case model.MethodWords:
		v.Words = "I just wanted to be somewhere nobody was shouting."
		v.Interpretation = "She may have left to get away from conflict at home."
	case model.MethodObservation:
		v.Words = "Kept her hood up and looked at the door when a car went past."
	case model.MethodFeelings:
		v.Feelings = []string{"feel.tired", "feel.worried"}
	case model.MethodScale:
		v.Scale = &model.Scale{Question: "How safe do you feel at home?", Zero: "Not safe at all", Ten: "Totally safe", Value: 6}
	case model.MethodThreeHouses:
		v.Houses = &model.ThreeHouses{Worries: "Mum and Dad arguing", GoodThings: "My nan", HopesDreams: "Be a vet"}
	}
	return v
}
