package model_test

import (
	"strings"
	"testing"

	"homeward/model"
)

func TestDefaultCatalogue(t *testing.T) {
	c := model.DefaultCatalogue()
	if c == nil {
		t.Fatal("DefaultCatalogue() = nil")
	}
	if model.DefaultCatalogue() != c {
		t.Error("DefaultCatalogue() parsed twice")
	}
	lists := []struct {
		name   string
		prefix string
		n      int
		opts   []model.Option
	}{
		{"push factors", "push.", len(c.PushFactors), c.PushFactors},
		{"pull factors", "pull.", len(c.PullFactors), c.PullFactors},
		{"feelings", "feel.", len(c.Feelings), c.Feelings},
		{"agencies", "agency.", len(c.Agencies), c.Agencies},
		{"placements", "place.", len(c.Placements), c.Placements},
	}
	t.Run("indicators", func(t *testing.T) {
		if len(c.Indicators) == 0 {
			t.Fatal("no indicators")
		}
	})
	for _, l := range lists {
		t.Run(l.name, func(t *testing.T) {
			if l.n == 0 {
				t.Fatal("empty")
			}
			for _, o := range l.opts {
				if !strings.HasPrefix(o.ID, l.prefix) {
					t.Errorf("%q does not begin %q", o.ID, l.prefix)
				}
				if strings.TrimSpace(o.Label) != o.Label {
					t.Errorf("label of %q has spaces at an end", o.ID)
				}
			}
		})
	}
}

// An indicator's ID begins with its category's family, so the screening tool, which
// will share these IDs, can group them without a lookup.
func TestIndicatorIDsMatchCategory(t *testing.T) {
	family := map[string]string{
		"vul": "vulnerability",
		"mis": "missing",
		"edu": "education",
		"hea": "health",
		"beh": "behaviour",
		"rel": "relationships",
		"onl": "online",
		"dis": "disclosure",
	}
	seen := map[string]int{}
	for _, in := range model.DefaultCatalogue().Indicators {
		t.Run(in.ID, func(t *testing.T) {
			prefix, rest, ok := strings.Cut(in.ID, ".")
			if !ok || rest == "" {
				t.Fatalf("ID %q is not family.name", in.ID)
			}
			cat, known := family[prefix]
			if !known {
				t.Fatalf("ID %q has unknown family %q", in.ID, prefix)
			}
			if in.Category != cat {
				t.Errorf("ID %q is in category %q, want %q", in.ID, in.Category, cat)
			}
			switch in.Tier {
			case model.TierVulnerability, model.TierModerate, model.TierSignificant:
			default:
				t.Errorf("tier %q", in.Tier)
			}
			if (in.Tier == model.TierVulnerability) != (in.Category == "vulnerability") {
				t.Errorf("tier %q in category %q: vulnerabilities and only they have the vulnerability tier", in.Tier, in.Category)
			}
		})
		seen[in.Category]++
	}
	for _, cat := range family {
		if seen[cat] == 0 {
			t.Errorf("no indicator in category %q", cat)
		}
	}
}

func TestParseCatalogue(t *testing.T) {
	const ok = `{"indicators":[{"id":"mis.late","category":"missing","tier":"moderate","label":"Staying out late"}],
		"push_factors":[{"id":"push.school","label":"School"}],"feelings":[{"id":"feel.ok","label":"OK"}],
		"screening":{"model":"judgement","recent_screening_days":30,"due_working_days":5,"strategy_episodes":3,"strategy_days":30,"plan_review_days":42}}`
	t.Run("valid", func(t *testing.T) {
		c, err := model.ParseCatalogue([]byte(ok))
		if err != nil {
			t.Fatal(err)
		}
		if c.Label("push.school") != "School" || c.Label("mis.late") != "Staying out late" {
			t.Errorf("labels: %q, %q", c.Label("push.school"), c.Label("mis.late"))
		}
	})
	bad := []struct {
		name, in, want string
	}{
		{"not JSON", `{"indicators":`, ""},
		{"indicators not a list", `{"indicators":{}}`, ""},
		{"duplicate indicator", `{"indicators":[
			{"id":"mis.late","category":"missing","tier":"moderate","label":"A"},
			{"id":"mis.late","category":"missing","tier":"moderate","label":"B"}]}`, "mis.late"},
		{"duplicate across lists", `{"indicators":[{"id":"x.one","category":"x","tier":"moderate","label":"A"}],
			"agencies":[{"id":"x.one","label":"B"}]}`, "x.one"},
		{"duplicate option", `{"feelings":[{"id":"feel.ok","label":"OK"},{"id":"feel.ok","label":"Fine"}]}`, "feel.ok"},
		{"empty indicator label", `{"indicators":[{"id":"mis.late","category":"missing","tier":"moderate","label":""}]}`, "mis.late"},
		{"empty option label", `{"placements":[{"id":"place.x","label":""}]}`, "place.x"},
		{"empty ID", `{"pull_factors":[{"id":"","label":"Parties"}]}`, "Parties"},
		{"unknown tier", `{"indicators":[{"id":"mis.late","category":"missing","tier":"high","label":"A"}]}`, "high"},
		{"no tier", `{"indicators":[{"id":"mis.late","category":"missing","label":"A"}]}`, "mis.late"},
		{"no screening model", `{}`, "screening model"},
		{"unknown screening model", `{"screening":{"model":"traffic lights"}}`, "traffic lights"},
		{"levels not from 0", `{"screening":{"model":"points","levels":[{"level":"low","from":6}]}}`, "start from 0"},
		{"levels fall", `{"screening":{"model":"points","levels":[{"level":"none","from":0},{"level":"high","from":16},{"level":"medium","from":11}]}}`, "rise"},
		{"unknown level", `{"screening":{"model":"points","levels":[{"level":"none","from":0},{"level":"amber","from":6}]}}`, "amber"},
		{"screening names unknown indicator", `{"screening":{"model":"judgement","disclosure_indicators":["dis.told"]}}`, "dis.told"},
		{"no due days", `{"screening":{"model":"judgement"}}`, "above 0"},
		{"re-screen at an unknown level", `{"screening":{"model":"judgement","recent_screening_days":30,"due_working_days":5,"strategy_episodes":3,"strategy_days":30,"plan_review_days":42,
			"rescreen_days":{"amber":28}}}`, "amber"},
		{"re-screen in no days", `{"screening":{"model":"judgement","recent_screening_days":30,"due_working_days":5,"strategy_episodes":3,"strategy_days":30,"plan_review_days":42,
			"rescreen_days":{"high":0}}}`, "rescreen_days"},
		{"young age not an age", `{"screening":{"model":"judgement","recent_screening_days":30,"due_working_days":5,"strategy_episodes":3,"strategy_days":30,"plan_review_days":42,
			"young_age":130}}`, "130"},
		{"health agency not an agency", `{"screening":{"model":"judgement","recent_screening_days":30,"due_working_days":5,"strategy_episodes":3,"strategy_days":30,"plan_review_days":42,
			"health_agency":"agency.nhs"}}`, "agency.nhs"},
		{"health area with unknown indicator", `{"health_areas":[{"id":"health.x","label":"X","indicator":"hea.nope"}]}`, "hea.nope"},
		{"bad bank holiday", `{"screening":{"model":"judgement","recent_screening_days":30,"due_working_days":5,"strategy_episodes":3,"strategy_days":30,"plan_review_days":42},
			"bank_holidays":["25/12/2026"]}`, "25/12/2026"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			c, err := model.ParseCatalogue([]byte(tt.in))
			if err == nil {
				t.Fatalf("ParseCatalogue succeeded: %+v", c)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not name %q", err, tt.want)
			}
		})
	}
}

func TestCatalogueLabel(t *testing.T) {
	c := model.DefaultCatalogue()
	tests := []struct{ id, want string }{
		{"vul.isolated", "Isolated from peers"},
		{"push.bullying", "Bullying"},
		{"pull.parties", "Parties"},
		{"feel.safe", "Safe"},
		{"agency.police", "Police"},
		{"place.foster", "Foster care"},
		{"feel.brave", "feel.brave"}, // from a newer version, say
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			if got := c.Label(tt.id); got != tt.want {
				t.Errorf("Label(%q) = %q, want %q", tt.id, got, tt.want)
			}
		})
	}
}

func TestCatalogueIndicator(t *testing.T) {
	c := model.DefaultCatalogue()
	in, ok := c.Indicator("dis.disclosure")
	if !ok || in.Category != "disclosure" || in.Tier != model.TierSignificant {
		t.Errorf("Indicator(dis.disclosure) = %+v, %v", in, ok)
	}
	if _, ok := c.Indicator("push.school"); ok {
		t.Error("a push factor was found as an indicator")
	}
	if _, ok := c.Indicator("vul.unknown"); ok {
		t.Error("an unknown indicator was found")
	}
}
