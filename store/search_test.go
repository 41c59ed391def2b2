package store_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"homeward/model"
	"homeward/store"
)

// TestSearch finds children however a worker types their name on a tablet, both
// in the index a save keeps up to date and in the one unlock builds from disk.
func TestSearch(t *testing.T) {
	s := mustCreate(t)
	names := []string{"Niamh O’Brien", "Zoë Marchetti", "Zoe Pennington", "Siân Llewellyn", "Mary-Jane Ellis", "Søren Dahl", "Ada Example"}
	for _, name := range names {
		caseID, err := s.NewCase()
		if err != nil {
			t.Fatal(err)
		}
		mustSave(t, s, caseID, s.NewRecordID(), nil, child(name))
	}
	// A case whose child record has not arrived yet: only an empty search lists it.
	noChild, err := s.NewCase()
	if err != nil {
		t.Fatal(err)
	}
	went := time.Now().Add(-3 * time.Hour).UTC().Truncate(time.Second)
	mustSave(t, s, noChild, s.NewRecordID(), nil, model.MissingEpisode{WentMissing: went})

	tests := []struct {
		q    string
		want []string
	}{
		{"niamh", []string{"Niamh O’Brien"}},
		{"o'brien", []string{"Niamh O’Brien"}},
		{"obrien", []string{"Niamh O’Brien"}},
		{"O’Brien", []string{"Niamh O’Brien"}},
		{"o‘brien", []string{"Niamh O’Brien"}},
		{"oʼbrien", []string{"Niamh O’Brien"}},
		{"o`brien", []string{"Niamh O’Brien"}},
		{"O´BRIEN", []string{"Niamh O’Brien"}},
		{"niamh o'b", []string{"Niamh O’Brien"}},
		{"zoe", []string{"Zoe Pennington", "Zoë Marchetti"}},
		{"Zoë", []string{"Zoe Pennington", "Zoë Marchetti"}},
		{"ZOË", []string{"Zoe Pennington", "Zoë Marchetti"}},
		{"zoe\u0308", []string{"Zoe Pennington", "Zoë Marchetti"}}, // ë typed as e and a combining diaeresis
		{"zoe marchetti", []string{"Zoë Marchetti"}},
		{"sian", []string{"Siân Llewellyn"}},
		{"SIÂN", []string{"Siân Llewellyn"}},
		{"mary jane", []string{"Mary-Jane Ellis"}},
		{"mary-jane", []string{"Mary-Jane Ellis"}},
		{"Mary–Jane", []string{"Mary-Jane Ellis"}}, // an en dash
		{"mary   jane  ", []string{"Mary-Jane Ellis"}},
		{"jane ellis", []string{"Mary-Jane Ellis"}},
		{"soren", []string{"Søren Dahl"}},
		{"ada", []string{"Ada Example"}},
		{"nobody", nil},
		{"zoe nobody", nil},
		{"", append(slices.Clone(names), "")},
		{"  ", append(slices.Clone(names), "")},
	}
	run := func(t *testing.T, s *store.Store) {
		for _, tt := range tests {
			t.Run(tt.q, func(t *testing.T) {
				var got []string
				for _, c := range s.Search(tt.q) {
					got = append(got, c.Child.Value.Name)
				}
				slices.Sort(got)
				want := slices.Sorted(slices.Values(tt.want))
				if !slices.Equal(got, want) {
					t.Errorf("Search(%q) = %q, want %q", tt.q, got, want)
				}
			})
		}
	}
	t.Run("saved", func(t *testing.T) { run(t, s) })
	s = mustReopen(t, s)
	t.Run("reopened", func(t *testing.T) { run(t, s) })

	t.Run("renamed", func(t *testing.T) {
		c := s.Search("pennington")
		if len(c) != 1 {
			t.Fatalf("Search(pennington) = %d cases, want 1", len(c))
		}
		renamed := c[0].Child.Value
		renamed.Name = "Chloé Pennington"
		mustSave(t, s, c[0].ID, c[0].Child.RecordID, []string{c[0].Child.VersionID}, renamed)
		if got := s.Search("chloe"); len(got) != 1 || got[0].ID != c[0].ID {
			t.Errorf("Search(chloe) after renaming = %d cases, want the renamed child", len(got))
		}
		if got := s.Search("zoe pennington"); len(got) != 0 {
			t.Errorf("Search(zoe pennington) after renaming = %d cases, want none", len(got))
		}
	})
	t.Run("locked", func(t *testing.T) {
		s.Lock()
		if got := s.Search("zoe"); got != nil {
			t.Errorf("Search while locked = %d cases, want none", len(got))
		}
	})
}

func TestFoldName(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Ada Example", "ada example"},
		{"diaeresis", "Zoë", "zoe"},
		{"circumflex", "Siân", "sian"},
		{"accents across Latin-1 and Extended-A", "Chloé Ñúñez Łucja Šťastná Ōta Ğül Ţepeş", "chloe nunez lucja stastna ota gul tepes"},
		{"beyond Extended-A", "Ștefan Nguyễn", "stefan nguyen"},
		{"already decomposed", "Zoe\u0308", "zoe"},
		{"letters with no decomposition", "Søren Ærø Œuvre Straße Þór Đorđe Iıa", "soren aero oeuvre strasse thor dorde iia"},
		{"capital sharp s", "STRAẞE", "strasse"},
		{"dotted capital I", "İlker", "ilker"},
		{"straight apostrophe", "O'Brien", "obrien"},
		{"curly apostrophes", "O’Brien D‘Arcy", "obrien darcy"},
		{"modifier letter apostrophe", "Oʼbrien", "obrien"},
		{"backtick and acute accent", "O`Brien O´Brien", "obrien obrien"},
		{"full-width apostrophe", "O＇Brien", "obrien"},
		{"hyphen", "Mary-Jane", "mary jane"},
		{"en and em dashes", "Mary–Jane Smith—Jones", "mary jane smith jones"},
		{"non-breaking hyphen", "Mary\u2011Jane", "mary jane"},
		{"soft hyphen", "Pen\u00adnington", "pennington"},
		{"hyphen and spaces together", "Mary - Jane", "mary jane"},
		{"repeated, leading and trailing spaces", "  Mary \t Jane  Ellis ", "mary jane ellis"},
		{"non-breaking space", "Mary\u00a0Jane", "mary jane"},
		{"only punctuation", " ' - ’ ", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := store.FoldName(tt.in); got != tt.want {
				t.Errorf("FoldName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// BenchmarkSearch5000 is one keystroke of the caseload search over 5,000
// records: the search as it is, with names folded in the index and only the
// cases that match built, against what it replaced in the same loop, which built
// every case and lower-cased every name on every keystroke.
func BenchmarkSearch5000(b *testing.B) {
	s, err := store.Open(fixture5000(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.Unlock(testPass); err != nil {
		b.Fatal(err)
	}
	const q = "child 17"
	want := len(s.Search(q))
	if want == 0 || want != len(searchByCases(s, q)) {
		b.Fatalf("Search(%q) = %d cases, the old search %d", q, want, len(searchByCases(s, q)))
	}
	var tSearch, tOld []time.Duration
	for b.Loop() {
		t := time.Now()
		s.Search(q)
		tSearch = append(tSearch, time.Since(t))
		t = time.Now()
		searchByCases(s, q)
		tOld = append(tOld, time.Since(t))
	}
	mSearch, mOld := median(tSearch), median(tOld)
	b.ReportMetric(float64(mSearch.Nanoseconds()), "ns/search")
	b.ReportMetric(float64(mOld.Nanoseconds()), "ns/old-search")
	b.ReportMetric(float64(mSearch)/float64(mOld), "search/old")
}

// searchByCases is the search before names were folded in the index.
func searchByCases(s *store.Store, q string) []model.Summary {
	words := strings.Fields(strings.ToLower(q))
	var out []model.Summary
	for _, c := range s.Cases() {
		name := strings.ToLower(c.Child.Value.Name)
		match := true
		for _, w := range words {
			match = match && strings.Contains(name, w)
		}
		if match {
			out = append(out, c)
		}
	}
	return out
}
