package store_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"homeward/model"
	"homeward/store"
)

// TestChangePassphrase changes a profile's passphrase: the old one no longer
// opens it, the new one opens everything, and nothing but the sealed identity
// (and the count of attempts) was written (issue 11, Settings).
func TestChangePassphrase(t *testing.T) {
	s := mustCreate(t)
	caseID, err := s.NewCase()
	if err != nil {
		t.Fatal(err)
	}
	mustSave(t, s, caseID, s.NewRecordID(), nil, child("Ada Example"))
	went := time.Now().Add(-3 * time.Hour).UTC().Truncate(time.Second)
	mustSave(t, s, caseID, s.NewRecordID(), nil, model.MissingEpisode{WentMissing: went})
	if err := s.SaveDraft(caseID, s.NewRecordID(), model.MissingEpisode{WentMissing: went.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	before := rowsOf(t, s.Path())
	newPass := []byte("kettle harbour violet lantern")
	if err := s.ChangePassphrase([]byte("not the passphrase"), newPass); !errors.Is(err, store.ErrWrongPassphrase) {
		t.Fatalf("a wrong old passphrase: %v, want ErrWrongPassphrase", err)
	}
	time.Sleep(1100 * time.Millisecond) // the wait after a wrong passphrase
	if err := s.ChangePassphrase(testPass, newPass); err != nil {
		t.Fatal(err)
	}
	if after := rowsOf(t, s.Path()); !slices.Equal(before, after) {
		t.Errorf("changing the passphrase wrote more than the identity:\nbefore %q\nafter  %q", before, after)
	}
	path := s.Path()
	s.Close()

	s, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Unlock(testPass); !errors.Is(err, store.ErrWrongPassphrase) {
		t.Fatalf("the old passphrase: %v, want ErrWrongPassphrase", err)
	}
	time.Sleep(1100 * time.Millisecond)
	if err := s.Unlock(newPass); err != nil {
		t.Fatalf("the new passphrase: %v", err)
	}
	c, ok := s.Case(caseID)
	if !ok || c.Child.Value.Name != "Ada Example" || len(c.Episodes) != 1 || len(s.Drafts()) != 1 {
		t.Fatalf("the new passphrase does not open everything: %+v, %d drafts", c, len(s.Drafts()))
	}
}

// rowsOf lists every row of the profile at path but the sealed identity, its
// signature and the count of unlock attempts, as text.
func rowsOf(t *testing.T, path string) []string {
	t.Helper()
	db, err := store.OpenDB(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables []string
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var out []string
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			row := fmt.Sprintf("%s %v", table, vals)
			if table == "meta" && slices.Contains([]string{"identity", "identity_sig", "failed_unlocks", "failed_at", "failed_sig"}, fmt.Sprint(vals[0])) {
				continue
			}
			out = append(out, row)
		}
		rows.Close()
	}
	slices.Sort(out)
	return out
}
