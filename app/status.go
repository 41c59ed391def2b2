package app

import (
	"errors"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/store"
)

// statusBar is always at the bottom of a session's pages: whether the device is
// online, how many versions wait to sync, conflicts to resolve, and drafts not
// yet saved.
type statusBar struct {
	box       fyne.CanvasObject
	sync      *widget.Label
	conflicts *widget.Label
	conflictI *widget.Icon
	damaged   *widget.Button
	drafts    *widget.Button
}

func newStatusBar(u *UI) *statusBar {
	s := &statusBar{sync: widget.NewLabel(""), conflicts: widget.NewLabel("")}
	s.sync.Truncation = fyne.TextTruncateEllipsis
	s.conflicts.Importance = widget.WarningImportance
	s.conflictI = widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon()))
	s.drafts = u.ctl().Quiet("", theme.DocumentCreateIcon(), func() { u.push(page.Route{Kind: page.Drafts}) })
	s.damaged = u.ctl().Quiet("", theme.NewErrorThemedResource(theme.ErrorIcon()), u.showDamaged)
	s.box = container.NewVBox(widget.NewSeparator(), kit.Surface(theme.ColorNameHeaderBackground,
		container.NewBorder(nil, nil, widget.NewIcon(theme.UploadIcon()),
			container.NewHBox(s.damaged, s.conflictI, s.conflicts, s.drafts), s.sync)))
	return s
}

// refreshStatus updates the status bar from the store.
func (u *UI) refreshStatus() {
	s := u.status
	if s == nil || u.st == nil || !u.st.Unlocked() {
		return
	}
	s.sync.SetText(syncText(u.sync, u.st.Pending(), len(u.st.QuarantinedVersions()), u.now()))
	n := u.st.Conflicts()
	s.conflicts.SetText(kit.Plural(n, "conflict", "conflicts"))
	s.conflicts.Hidden = n == 0
	s.conflictI.Hidden = n == 0
	// What could not be opened or checked stays on disk untouched; say so, so
	// that someone can look into it.
	bad := len(u.st.Damage())
	s.damaged.SetText(kit.Plural(bad, "item cannot be opened", "items cannot be opened"))
	s.damaged.Hidden = bad == 0
	d := len(kit.Drafts(u.st))
	s.drafts.SetText(kit.Plural(d, "draft", "drafts"))
	s.drafts.Hidden = d == 0
	s.box.Refresh()
}

// showDamaged says which children have records that cannot be opened or
// checked, and what to do about it; and, apart, the sign-offs and returns of
// work not counted because they did not come from a supervisor's device.
func (u *UI) showDamaged() {
	perCase, notCounted := map[string]int{}, map[string]int{}
	own := 0
	for _, d := range u.st.Damage() {
		switch {
		case errors.Is(d.Err, store.ErrNotSupervisor):
			notCounted[d.CaseID]++
		case d.CaseID == "":
			own++
		default:
			perCase[d.CaseID]++
		}
	}
	lines := func(counts map[string]int, one, many string) []string {
		var out []string
		for caseID, n := range counts {
			name := kit.UnreadableChild
			if c, ok := u.st.Summary(caseID); ok {
				name = kit.ChildName(c.Child)
			}
			out = append(out, name+": "+kit.Plural(n, one, many))
		}
		slices.Sort(out)
		return out
	}
	body := container.NewVBox()
	if damaged := lines(perCase, "item", "items"); len(damaged) > 0 || own > 0 {
		if own > 0 {
			damaged = append(damaged, "This device's own records: "+kit.Plural(own, "item", "items"))
		}
		body.Add(kit.Para("These are kept on this device but cannot be opened or checked: the file may be damaged, or was changed outside Homeward. Nothing has been changed or deleted, and everything else works as usual."))
		body.Add(kit.Para(strings.Join(damaged, "\n")))
		body.Add(kit.Para("Ask your administrator for help. Do not add these children again."))
	}
	if signed := lines(notCounted, "sign-off or return not counted", "sign-offs or returns not counted"); len(signed) > 0 {
		body.Add(kit.Para("These sign-offs or returns of work came from a device the central store does not list as a supervisor's, so they are kept but not counted: the work still waits for a supervisor's review."))
		body.Add(kit.Para(strings.Join(signed, "\n")))
		body.Add(kit.Para("If a supervisor made them, ask your administrator to check their role."))
	}
	d := dialog.NewCustom("Records that cannot be opened", "Close", body, u.win)
	d.Resize(fyne.NewSize(min(560, u.win.Canvas().Size().Width-40), d.MinSize().Height))
	d.Show()
}
