package store_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"homeward/model"
)

// TestSummaryKeptBySavesMatchesOneMadeAfresh saves records of every kind at
// random (new ones, edits, forks, merges; episodes that end, interviews held and
// not held) and checks after each save that the summary the save kept up to
// date is the one made afresh from the versions.
func TestSummaryKeptBySavesMatchesOneMadeAfresh(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			s := mustCreate(t)
			caseID, _ := s.NewCase()
			now := time.Now().UTC().Truncate(time.Second)
			type rec struct {
				id    string
				heads []string
				all   []string
				make  func() model.Record
			}
			var recs []*rec
			var episodes []string
			add := func(mk func() model.Record) {
				r := &rec{id: s.NewRecordID(), make: mk}
				r.heads = []string{mustSave(t, s, caseID, r.id, nil, mk())}
				r.all = r.heads
				recs = append(recs, r)
			}
			add(func() model.Record { return child(fmt.Sprint("Summary Child ", rng.IntN(100))) })
			for op := range 80 {
				switch k := rng.IntN(10); {
				case k < 2:
					went := now.Add(-time.Duration(rng.IntN(200)) * time.Hour)
					id := s.NewRecordID()
					mk := func() model.Record {
						e := model.MissingEpisode{WentMissing: went}
						if rng.IntN(3) > 0 {
							e.Returned = went.Add(time.Duration(1+rng.IntN(48)) * time.Hour)
						}
						return e
					}
					v := mustSave(t, s, caseID, id, nil, mk())
					recs = append(recs, &rec{id: id, heads: []string{v}, all: []string{v}, make: mk})
					episodes = append(episodes, id)
				case k < 4 && len(episodes) > 0:
					ep := episodes[rng.IntN(len(episodes))]
					add(func() model.Record {
						r := model.ReturnInterview{EpisodeID: ep, OfferedAt: now.Add(-2 * time.Hour)}
						switch rng.IntN(3) {
						case 0:
							r.Held, r.HeldAt = true, now.Add(-time.Hour)
							if rng.IntN(2) == 0 {
								r.Indicators = []model.Observation{{Indicator: "rel.gifts", Evidence: model.EvidenceReported}}
							}
						case 1:
							r.NotHeldReason = model.NotHeldNoContact
						default:
							r.NotHeldReason = model.NotHeldRefused
						}
						return r
					})
				case k < 5 && rng.IntN(2) == 0:
					add(func() model.Record { return voice4K(rng) })
				case k < 5: // "I don't feel safe", with what was done recorded or not, as each edit says
					pressed := now.Add(-time.Duration(rng.IntN(200)) * time.Hour)
					add(func() model.Record {
						v := model.VoiceEntry{RecordedAt: pressed, Method: model.MethodNotSafe}
						if rng.IntN(2) == 0 {
							v.Response = &model.NotSafeResponse{At: now, What: "Talked with them; told the duty manager."}
						}
						return v
					})
				case k < 6:
					kind := rng.IntN(5) // an edit keeps the record's kind
					add(func() model.Record { return practiceRecord(rng, now, kind) })
				default: // edit a head, fork from an older version, or merge
					r := recs[rng.IntN(len(recs))]
					var parents []string
					switch rng.IntN(3) {
					case 0:
						parents = r.heads
					case 1:
						parents = []string{r.all[rng.IntN(len(r.all))]}
					default:
						parents = []string{r.heads[rng.IntN(len(r.heads))]}
					}
					v := mustSave(t, s, caseID, r.id, parents, r.make())
					kept := []string{v}
					for _, h := range r.heads {
						if !contains(parents, h) {
							kept = append(kept, h)
						}
					}
					r.heads = kept
					r.all = append(r.all, v)
				}
				got, _ := s.Summary(caseID)
				want := s.SummaryAfresh(caseID)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("after op %d the summary kept by saves\n %+v\nis not the one made afresh\n %+v", op, got, want)
				}
			}
		})
	}
}

// practiceRecord is a screening, health review, plan, plan review or
// information (by kind, 0 to 4) with dates at random, as what falls due
// depends on each.
func practiceRecord(rng *rand.Rand, now time.Time, kind int) model.Record {
	day := now.Truncate(24*time.Hour).AddDate(0, 0, -rng.IntN(60))
	switch kind {
	case 0:
		s := model.Screening{HeldOn: day, Chosen: model.Levels[rng.IntN(len(model.Levels))]}
		if rng.IntN(2) == 0 {
			s.StrategyHeld = day
		}
		return s
	case 1:
		return model.HealthReview{HeldOn: day, Concerns: []model.HealthConcern{{Area: "health.injuries"}}[:rng.IntN(2)]}
	case 2:
		return model.Plan{Agreed: rng.IntN(2) == 0, AgreedOn: day, ReviewBy: day.AddDate(0, 0, 28+rng.IntN(30))}
	case 3:
		return model.PlanReview{HeldOn: day, NextReview: day.AddDate(0, 0, 28+rng.IntN(30))}
	}
	return model.Information{Received: day.Add(time.Duration(rng.IntN(24)) * time.Hour), Agency: "agency.school", What: "Attendance dropped"}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestTwoChildRecordsGiveOneAnswer: a case has one child record, but should
// two ever arrive, every reading of the case names the same child, and the
// summary saves keep agrees with one made afresh.
func TestTwoChildRecordsGiveOneAnswer(t *testing.T) {
	s := mustCreate(t)
	caseID, _ := s.NewCase()
	mustSave(t, s, caseID, s.NewRecordID(), nil, child("First Example"))
	mustSave(t, s, caseID, s.NewRecordID(), nil, child("Second Example"))
	first, _ := s.Case(caseID)
	for range 20 {
		s.ForgetCases()
		if c, _ := s.Case(caseID); c.Child.RecordID != first.Child.RecordID {
			t.Fatal("the case names a different child from one reading to the next")
		}
	}
	if got, _ := s.Summary(caseID); !reflect.DeepEqual(got, s.SummaryAfresh(caseID)) || got.Child.RecordID != first.Child.RecordID {
		t.Fatalf("the summary does not name the child the case does:\n%+v\n%+v\n%s", got, s.SummaryAfresh(caseID), first.Child.RecordID)
	}
}
