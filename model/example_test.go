package model_test

import (
	"fmt"
	"time"

	"homeward/model"
)

// The 72-hour clock: a child came home on Monday evening after a night missing; the
// interview for that return is due by Thursday evening. Until then the caseload says
// how long is left, and once the 72 hours pass it says how long it is overdue. A
// child who is missing again has no clock running for that episode until they return.
func ExampleCase_NextDue() {
	back := time.Date(2025, 3, 10, 19, 0, 0, 0, time.UTC) // Monday 19:00
	c := &model.Case{
		ID: "case-1",
		Episodes: []model.Item[model.MissingEpisode]{{
			RecordID: "ep-1",
			Value: model.MissingEpisode{
				WentMissing: back.Add(-20 * time.Hour),
				Returned:    back,
				WhereFound:  "Came home by taxi; does not know who paid",
			},
		}},
	}

	for _, now := range []time.Time{
		back.Add(2 * time.Hour),                 // Monday 21:00
		back.Add(71*time.Hour + 40*time.Minute), // Thursday 18:40
		back.Add(77 * time.Hour),                // Friday 00:00
	} {
		d := c.NextDue(now)
		fmt.Printf("%s  %s\n", now.Format("Mon 15:04"), d.Describe(now))
	}

	// The interview is held on Friday morning, after the 72 hours.
	c.Interviews = append(c.Interviews, model.Item[model.ReturnInterview]{
		RecordID: "rhi-1",
		Value:    model.ReturnInterview{EpisodeID: "ep-1", Held: true, HeldAt: back.Add(86 * time.Hour)},
	})
	now := back.Add(90 * time.Hour)
	fmt.Println(c.NextDue(now).Describe(now), "/ held late:", c.RHIStatusOf(c.Episodes[0], now).State == model.RHIHeldLate)

	// Output:
	// Mon 21:00  Return home interview due in 70 hours
	// Thu 18:40  Return home interview due in 20 minutes
	// Fri 00:00  Return home interview overdue by 5 hours
	// Nothing due / held late: true
}
