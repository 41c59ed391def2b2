package store_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"homeward/store"
)

// TestVersionGraphProperty drives the store with random saves (new records,
// edits of a head, edits of an old version that fork the record, merges of every
// head) and checks after each one, and again after reopening, that the store's
// heads and history agree with a plain reference model of the graph.
func TestVersionGraphProperty(t *testing.T) {
	for seed := range uint64(4) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 99))
			s := mustCreate(t)
			caseID, _ := s.NewCase()
			type graph struct {
				versions []string            // in save order
				parents  map[string][]string // version -> parents
			}
			ref := map[string]*graph{}
			var records []string
			heads := func(g *graph) []string {
				isParent := map[string]bool{}
				for _, ps := range g.parents {
					for _, p := range ps {
						isParent[p] = true
					}
				}
				var out []string
				for _, v := range g.versions {
					if !isParent[v] {
						out = append(out, v)
					}
				}
				slices.Sort(out)
				return out
			}
			check := func(s *store.Store, when string) {
				t.Helper()
				for _, id := range records {
					got, err := s.Heads(id)
					if err != nil {
						t.Fatalf("%s: Heads: %v", when, err)
					}
					if g := ids(got); !slices.Equal(sorted(g), heads(ref[id])) {
						t.Fatalf("%s: heads of %s = %v, want %v", when, id, sorted(g), heads(ref[id]))
					}
				}
				conflicts := 0
				for _, id := range records {
					if len(heads(ref[id])) > 1 {
						conflicts++
					}
				}
				if s.Conflicts() != conflicts {
					t.Fatalf("%s: Conflicts = %d, want %d", when, s.Conflicts(), conflicts)
				}
			}
			for op := range 60 {
				var id string
				var parents []string
				switch k := rng.IntN(10); {
				case len(records) == 0 || k < 2: // a new record
					id = s.NewRecordID()
					records = append(records, id)
					ref[id] = &graph{parents: map[string][]string{}}
				case k < 6: // edit one head
					id = records[rng.IntN(len(records))]
					h := heads(ref[id])
					parents = []string{h[rng.IntN(len(h))]}
				case k < 8: // edit any version: forks when it is not a head
					id = records[rng.IntN(len(records))]
					vs := ref[id].versions
					parents = []string{vs[rng.IntN(len(vs))]}
				default: // merge every head
					id = records[rng.IntN(len(records))]
					parents = heads(ref[id])
				}
				v := mustSave(t, s, caseID, id, parents, child(fmt.Sprint("Child ", op)))
				g := ref[id]
				g.versions = append(g.versions, v)
				g.parents[v] = parents
				check(s, fmt.Sprint("after op ", op))
			}
			s = mustReopen(t, s)
			check(s, "after reopening")
			for _, id := range records {
				hist, err := s.History(id)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(ids(hist), ref[id].versions) {
					t.Fatalf("history of %s = %v, want %v", id, ids(hist), ref[id].versions)
				}
				for _, v := range hist {
					if !slices.Equal(v.Parents, sorted(ref[id].parents[v.ID])) {
						t.Fatalf("parents of %s = %v, want %v", v.ID, v.Parents, ref[id].parents[v.ID])
					}
				}
			}
		})
	}
}

func sorted(xs []string) []string {
	out := slices.Clone(xs)
	slices.Sort(out)
	return out
}
