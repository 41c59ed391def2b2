package app

import (
	"bytes"
	"log"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"homeward/app/cases"
	"homeward/app/childmode"
	"homeward/app/page"
	"homeward/app/page/pagetest"
)

// TestRouteRefused asks for routes no screen shows: each is refused with a
// logged error, and the page on top stays, rather than a panic.
func TestRouteRefused(t *testing.T) {
	var logged bytes.Buffer
	log.SetOutput(&logged)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	refused := func(t *testing.T, why string) {
		t.Helper()
		if got := logged.String(); !strings.Contains(got, "homeward: refused a route") || !strings.Contains(got, why) {
			t.Errorf("logged %q, want a refusal saying %q", got, why)
		}
		logged.Reset()
	}

	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := pagetest.AddChild(t, u.st, "Robin Example")
	u.push(page.Route{Kind: page.Child, CaseID: c.ID})
	env := u.env()
	for _, tc := range []struct {
		name, why string
		follow    func()
	}{
		{"unknown kind", "no screen shows it", func() { env.Go(page.Route{Kind: page.Kind(42)}) }},
		{"child mode not started", "entered only by StartChildMode", func() { env.Go(page.Route{Kind: page.ChildMode, CaseID: c.ID}) }},
		{"child mode pushed", "not open for that case", func() { u.push(page.Route{Kind: page.ChildMode, CaseID: c.ID}) }},
		{"start route pushed", "no screen shows it", func() { u.push(page.Route{Kind: page.NewChild}) }},
		{"start route in place", "no screen shows it", func() { env.Replace(page.Route{Kind: page.StartChildMode, CaseID: c.ID}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.follow()
			refused(t, tc.why)
			if len(u.stack) != 2 || top[*cases.ChildPage](u) == nil {
				t.Fatalf("a refused route left %d pages, the child's page on top %v", len(u.stack), top[*cases.ChildPage](u) != nil)
			}
		})
	}

	t.Run("another child's mode", func(t *testing.T) {
		other := pagetest.AddChild(t, u.st, "Kai Example")
		_, cm := inChildMode(t, u, "Sky Example")
		u.push(page.Route{Kind: page.ChildMode, CaseID: other.ID})
		refused(t, "not open for that case")
		if top[*childmode.Screen](u) != cm {
			t.Fatal("child mode showed another child's case")
		}
	})
}
