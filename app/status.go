package app

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
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
// checked, and what to do about it.
func (u *UI) showDamaged() {
	var lines []string
	perCase := u.st.DamagedCases()
	own := len(u.st.Damage())
	for caseID, n := range perCase {
		name := kit.UnreadableChild
		if c, ok := u.st.Summary(caseID); ok {
			name = kit.ChildName(c.Child)
		}
		lines = append(lines, name+": "+kit.Plural(n, "item", "items"))
		own -= n
	}
	slices.Sort(lines)
	if own > 0 {
		lines = append(lines, "This device's own records: "+kit.Plural(own, "item", "items"))
	}
	body := container.NewVBox(
		kit.Para("These are kept on this device but cannot be opened or checked: the file may be damaged, or was changed outside Homeward. Nothing has been changed or deleted, and everything else works as usual."),
		kit.Para(strings.Join(lines, "\n")),
		kit.Para("Ask your administrator for help. Do not add these children again."),
	)
	d := dialog.NewCustom("Records that cannot be opened", "Close", body, u.win)
	d.Resize(fyne.NewSize(min(560, u.win.Canvas().Size().Width-40), d.MinSize().Height))
	d.Show()
}
