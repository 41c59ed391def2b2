// Package demo fills a throwaway profile with a made-up caseload so that anyone can
// try Homeward in one command. Every child, place and word in it is invented.
package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"homeward/model"
	"homeward/store"
)

var (
	given     = []string{"Amara", "Ben", "Caitlin", "Dev", "Ellie", "Femi", "Grace", "Harvey", "Isla", "Jayden", "Kacey", "Leon", "Maya", "Nico", "Olivia", "Pavel", "Quinn", "Rhys", "Sana", "Tyler", "Una", "Vinnie", "Willow", "Xander", "Yasmin", "Zac"}
	family    = []string{"Ashby", "Brennan", "Carver", "Dalton", "Ekwueme", "Fairley", "Gowan", "Hartley", "Iqbal", "Jessop", "Kowalczyk", "Lister", "Mensah", "Norcott", "Okafor", "Pembury", "Quayle", "Radley", "Sutcliffe", "Thorne", "Umber", "Varley", "Whitlock", "Yardley"}
	reporters = []string{"Foster carer", "Residential home staff", "Parent", "Kinship carer"}
	found     = []string{"Found by police at a flat in the town centre", "Came back on their own in the morning", "Brought home by a friend's parent", "Found at the bus station", "Returned by police from another town", "Collected by carer from a fast food shop"}
	words     = []string{
		"I just wanted to be somewhere nobody was shouting.",
		"They said I could stay as long as I wanted. I didn't have to pay for anything.",
		"I don't want to talk about where I was.",
		"My phone died so I couldn't ring anyone.",
		"I felt safe at my nan's but I can't go there now.",
		"He kept buying me things and then said I owed him.",
		"I want to go back to football on Saturdays.",
		"School is better when Miss Patel is there.",
	}
	workers = []string{"Sam Okoro", "Jo Whitfield", "Priya Nair", "Chris Doyle"}

	houseWorries = []string{"People messaging me at night.", "Mum getting ill again.", "Going back to school after the holidays."}
	houseGood    = []string{"My little brother. Drawing.", "My key worker listens.", "Boxing on Tuesdays."}
	houseHopes   = []string{"Live with my nan.", "Be a vet.", "Have my own room and a dog."}
)

// Fill saves n made-up children into s, each with a history of missing episodes,
// return home interviews and the child's voice, spread so that the caseload shows
// every state of the 72-hour clock relative to now. The same seed gives the same
// caseload.
func Fill(s *store.Store, now time.Time, n int, seed int64) error {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x486f6d65))
	cat := model.DefaultCatalogue()
	for i := range n {
		if err := fillChild(s, cat, rng, now, i); err != nil {
			return fmt.Errorf("demo: child %d: %w", i+1, err)
		}
	}
	return nil
}

func fillChild(s *store.Store, cat *model.Catalogue, rng *rand.Rand, now time.Time, i int) error {
	caseID, err := s.NewCase()
	if err != nil {
		return err
	}
	age := 11 + rng.IntN(7)
	dob := time.Date(now.Year()-age, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
	placement := cat.Placements[rng.IntN(len(cat.Placements)-1)].ID
	child := model.Child{
		Name:            given[i%len(given)] + " " + family[(i*7+rng.IntN(3))%len(family)],
		DateOfBirth:     dob,
		Placement:       placement,
		LookedAfter:     placement != "place.family",
		AllocatedWorker: workers[rng.IntN(len(workers))],
	}
	if err := save(s, caseID, child); err != nil {
		return err
	}
	// The newest episode decides where the child stands on the clock: a spread of
	// overdue, due, still missing and done.
	episodes := rng.IntN(4)
	if i < 12 {
		episodes = 1 + rng.IntN(3)
	}
	for e := range episodes {
		newest := e == episodes-1
		back := time.Duration(10+rng.IntN(80)) * 24 * time.Hour * time.Duration(episodes-e)
		went := now.Add(-back)
		state := 3
		if newest && i < 12 {
			state = i % 4
		}
		away := time.Duration(6+rng.IntN(40)) * time.Hour
		returned := went.Add(away)
		switch state {
		case 0: // the interview is overdue
			returned = now.Add(-time.Duration(73+rng.IntN(80)) * time.Hour)
		case 1: // the interview is due
			returned = now.Add(-time.Duration(1+rng.IntN(70)) * time.Hour)
		case 2: // missing now
			went = now.Add(-time.Duration(2+rng.IntN(20)) * time.Hour)
		}
		if state != 2 {
			went = returned.Add(-away)
		}
		ep := model.MissingEpisode{WentMissing: went, PoliceReference: fmt.Sprintf("MP/%d/%05d", now.Year()%100, rng.IntN(99999)),
			ReportedBy: reporters[went.Hour()%len(reporters)], PoliceRisk: model.PoliceRisks[went.Minute()%3]}
		if state != 2 {
			ep.Returned = returned
			ep.WhereFound = found[rng.IntN(len(found))]
		}
		epID := s.NewRecordID()
		if err := saveAs(s, caseID, epID, ep); err != nil {
			return err
		}
		if state == 3 {
			if err := interview(s, cat, rng, caseID, epID, ep); err != nil {
				return err
			}
		}
	}
	if i == 5 {
		// In child mode this morning they pressed "I don't feel safe", and
		// nobody has recorded yet what was done.
		if err := save(s, caseID, model.VoiceEntry{RecordedAt: now.Add(-3 * time.Hour), Method: model.MethodNotSafe}); err != nil {
			return err
		}
	}
	if i%3 == 2 {
		return nil
	}
	return practice(s, cat, rng, caseID, now)
}

// practice adds a health review, for a child looked after, screenings that
// took up what the interviews found, now and then information from a school
// since, and a plan that addresses some of it.
func practice(s *store.Store, cat *model.Catalogue, rng *rand.Rand, caseID string, now time.Time) error {
	c, _ := s.Case(caseID)
	day := func(t time.Time) time.Time { return t.UTC().Truncate(24 * time.Hour) }
	if c.Child.Value.LookedAfter {
		h := model.HealthReview{HeldOn: day(now.AddDate(0, 0, -20-rng.IntN(60))), HeldBy: "Looked-after children's nurse"}
		if rng.IntN(2) == 0 {
			h.Concerns = []model.HealthConcern{{Area: "health.emotional", Detail: "Low mood and not sleeping since the last placement move"}}
		}
		sdq := 10 + rng.IntN(20)
		h.SDQ = &sdq
		if err := save(s, caseID, h); err != nil {
			return err
		}
		c, _ = s.Case(caseID)
	}
	for k, ago := range []int{80 + rng.IntN(40), 10 + rng.IntN(30)} {
		sc := c.NextScreening(cat, day(now.AddDate(0, 0, -ago)))
		sc.HeldBy = workers[rng.IntN(len(workers))]
		for j := range sc.Indicators {
			sc.Indicators[j].Agency = cat.Agencies[rng.IntN(len(cat.Agencies))].ID
		}
		sc.Contributions = []model.Contribution{{Agency: "agency.social_care", What: "Chronology and what the return interviews found"}}
		if k == 1 && rng.IntN(2) == 0 {
			sc.Contributions = append(sc.Contributions, model.Contribution{Agency: "agency.school", What: "Attendance has dropped this term"})
		}
		score := model.ComputeScore(cat, sc.Input())
		sc.Points, sc.Computed, sc.Chosen = score.Points, score.Level, score.Level
		if err := save(s, caseID, sc); err != nil {
			return err
		}
		c, _ = s.Case(caseID)
	}
	if rng.IntN(3) == 0 {
		inf := model.Information{Received: now.Add(-time.Duration(24+rng.IntN(96)) * time.Hour), Agency: "agency.school", From: "Head of year",
			What: "Seen being collected from the school gate by an adult the school does not know, twice this week."}
		if err := save(s, caseID, inf); err != nil {
			return err
		}
		c, _ = s.Case(caseID)
	}
	findings := c.Findings(cat)
	plan := model.Plan{Actions: []model.PlanAction{{ID: "a1", What: "Weekly sessions with a specialist exploitation worker", Agency: "agency.voluntary",
		Person: workers[rng.IntN(len(workers))], Due: day(now.AddDate(0, 0, 14))}}}
	for j, f := range findings {
		if j%2 == 0 {
			plan.Actions[0].Addresses = append(plan.Actions[0].Addresses, f.ID)
		}
	}
	if plan.Unaddressed(findings) == 0 {
		plan.Agreed, plan.AgreedOn, plan.ReviewBy = true, day(now.AddDate(0, 0, -7)), day(now.AddDate(0, 0, 21+rng.IntN(20)))
	}
	return save(s, caseID, plan)
}

func interview(s *store.Store, cat *model.Catalogue, rng *rand.Rand, caseID, epID string, ep model.MissingEpisode) error {
	offered := ep.Returned.Add(time.Duration(2+rng.IntN(20)) * time.Hour)
	r := model.ReturnInterview{
		EpisodeID: epID, OfferedAt: offered, Interviewer: workers[rng.IntN(len(workers))], InterviewerRole: "Return interview worker",
		Independent: model.Answer(true), Venue: "Youth centre", Before: "Arguments at home about curfew.",
		WhereStayed: "A flat; the child did not know the address", WhoWith: "Older people they met online",
		HowReturned: "Police brought them back", FeelsNow: "Tired, glad to be back", WhatWouldHelp: "Someone to talk to after school",
	}
	if rng.IntN(6) == 0 {
		r.NotHeldReason = model.NotHeldRefused
		r.Attempts = []model.Attempt{{At: offered, How: "Home visit", Outcome: "The child said no, politely"}}
		return save(s, caseID, r)
	}
	r.Held = true
	r.HeldAt = offered.Add(time.Duration(1+rng.IntN(60)) * time.Hour)
	if r.HeldLate(ep) {
		r.LateReason = "The child asked to wait until after the weekend."
	}
	r.PushFactors = []string{cat.PushFactors[rng.IntN(len(cat.PushFactors))].ID}
	r.PullFactors = []string{cat.PullFactors[rng.IntN(len(cat.PullFactors))].ID}
	for range rng.IntN(4) {
		in := cat.Indicators[rng.IntN(len(cat.Indicators))]
		if !hasIndicator(r.Indicators, in.ID) {
			r.Indicators = append(r.Indicators, model.Observation{Indicator: in.ID, Evidence: model.Evidences[rng.IntN(3)]})
		}
	}
	interviewID := s.NewRecordID()
	if err := saveAs(s, caseID, interviewID, r); err != nil {
		return err
	}
	voice := model.VoiceEntry{InterviewID: interviewID, RecordedAt: r.HeldAt, Method: model.MethodWords,
		Words: words[rng.IntN(len(words))], ChildChecked: true, Share: model.ShareTeam}
	if err := save(s, caseID, voice); err != nil {
		return err
	}
	scale := model.VoiceEntry{InterviewID: interviewID, RecordedAt: r.HeldAt, Method: model.MethodScale, Share: model.ShareTeam,
		Scale: &model.Scale{Question: "How safe do you feel at home?", Zero: "Not safe at all", Ten: "Completely safe", Value: rng.IntN(11)}}
	if err := save(s, caseID, scale); err != nil {
		return err
	}
	if rng.IntN(2) == 0 {
		// One feeling from each half of the list: the calmer and the harder ones.
		feelings := model.VoiceEntry{InterviewID: interviewID, RecordedAt: r.HeldAt, Method: model.MethodFeelings, Share: model.ShareTeam,
			Feelings: []string{cat.Feelings[rng.IntN(6)].ID, cat.Feelings[6+rng.IntN(6)].ID}}
		return save(s, caseID, feelings)
	}
	houses := model.VoiceEntry{InterviewID: interviewID, RecordedAt: r.HeldAt, Method: model.MethodThreeHouses, ChildChecked: true, Share: model.ShareWorkerOnly,
		Houses: &model.ThreeHouses{Worries: houseWorries[rng.IntN(len(houseWorries))], GoodThings: houseGood[rng.IntN(len(houseGood))], HopesDreams: houseHopes[rng.IntN(len(houseHopes))]}}
	return save(s, caseID, houses)
}

func hasIndicator(list []model.Observation, id string) bool {
	for _, o := range list {
		if o.Indicator == id {
			return true
		}
	}
	return false
}

func save(s *store.Store, caseID string, r model.Record) error {
	return saveAs(s, caseID, s.NewRecordID(), r)
}

// saveAs saves a record only if it passes the same validation as a form would.
func saveAs(s *store.Store, caseID, recordID string, r model.Record) error {
	if err := r.Validate(model.DefaultCatalogue(), time.Now()); err != nil {
		return fmt.Errorf("%s: %w", r.Kind(), err)
	}
	_, err := s.Save(caseID, recordID, nil, r)
	return err
}
