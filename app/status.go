package app

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/model"
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
	s.drafts = u.ctl().Quiet("", theme.DocumentCreateIcon(), func() { u.push(u.draftsView) })
	s.damaged = u.ctl().Quiet("", theme.NewErrorThemedResource(theme.ErrorIcon()), u.showDamaged)
	s.box = container.NewVBox(widget.NewSeparator(), kit.Surface(theme.ColorNameHeaderBackground,
		container.NewBorder(nil, nil, widget.NewIcon(theme.UploadIcon()),
			container.NewHBox(s.damaged, s.conflictI, s.conflicts, s.drafts), s.sync)))
	return s
}

// syncText is the sync state in words. There is no sync yet: the device is
// always offline.
func syncText(pending int) string {
	if pending == 0 {
		return "Offline · all saved on this device"
	}
	return "Offline · " + strconv.Itoa(pending) + " waiting to sync"
}

// refreshStatus updates the status bar from the store.
func (u *UI) refreshStatus() {
	s := u.status
	if s == nil || u.st == nil || !u.st.Unlocked() {
		return
	}
	s.sync.SetText(syncText(u.st.Pending()))
	n := u.st.Conflicts()
	s.conflicts.SetText(kit.Plural(n, "conflict", "conflicts"))
	s.conflicts.Hidden = n == 0
	s.conflictI.Hidden = n == 0
	// Records whose versions could not be opened stay on disk untouched; say so,
	// so that someone can look into it.
	bad := len(u.st.Damaged())
	s.damaged.SetText(kit.Plural(bad, "record cannot be opened", "records cannot be opened"))
	s.damaged.Hidden = bad == 0
	d := len(kit.Drafts(u.st))
	s.drafts.SetText(kit.Plural(d, "draft", "drafts"))
	s.drafts.Hidden = d == 0
	s.box.Refresh()
}

// showDamaged says which children have records that cannot be opened, and what
// to do about it.
func (u *UI) showDamaged() {
	var lines []string
	for caseID, n := range u.st.DamagedCases() {
		name := kit.UnreadableChild
		if c, ok := u.st.Case(caseID); ok {
			name = kit.ChildName(c)
		}
		lines = append(lines, name+": "+kit.Plural(n, "record", "records"))
	}
	slices.Sort(lines)
	body := container.NewVBox(
		kit.Para("These records are kept on this device but cannot be opened: the file may be damaged. Nothing has been changed or deleted, and everything else works as usual."),
		kit.Para(strings.Join(lines, "\n")),
		kit.Para("Ask your administrator for help. Do not add these children again."),
	)
	d := dialog.NewCustom("Records that cannot be opened", "Close", body, u.win)
	d.Resize(fyne.NewSize(min(560, u.win.Canvas().Size().Width-40), d.MinSize().Height))
	d.Show()
}

// draftInfo finds the draft of a record.
func (u *UI) draftInfo(recordID string) (store.DraftInfo, bool) {
	for _, d := range u.st.Drafts() {
		if d.RecordID == recordID {
			return d, true
		}
	}
	return store.DraftInfo{}, false
}

// unfinished finds the newest draft of a new record of this kind in a case, for
// which match (if given) holds.
func (u *UI) unfinished(caseID string, kind model.Kind, match func(model.Record) bool) (store.DraftInfo, bool) {
	c, _ := u.st.Case(caseID)
	for _, d := range u.st.Drafts() {
		if d.CaseID != caseID || d.Kind != kind {
			continue
		}
		if c != nil {
			if _, saved := kit.FindRecord(c, d.RecordID); saved {
				continue
			}
		}
		if match != nil {
			r, ok, err := u.st.Draft(d.RecordID)
			if err != nil || !ok || !match(r) {
				continue
			}
		}
		return d, true
	}
	return store.DraftInfo{}, false
}

// voiceDraft is the draft of a voice entry.
type voiceDraft struct {
	recordID string
	entry    model.VoiceEntry
}

// inlineVoiceDrafts are the drafts of voice entries added inside an interview
// and not saved yet, newest first: they are part of the interview's draft.
func (u *UI) inlineVoiceDrafts(caseID, interviewID string) []voiceDraft {
	c, _ := u.st.Case(caseID)
	var out []voiceDraft
	for _, d := range u.st.Drafts() {
		if d.CaseID != caseID || d.Kind != model.KindVoice {
			continue
		}
		if c != nil {
			if _, saved := kit.FindRecord(c, d.RecordID); saved {
				continue
			}
		}
		if r, ok, err := u.st.Draft(d.RecordID); err == nil && ok {
			if e, ok := r.(model.VoiceEntry); ok && e.InterviewID == interviewID {
				out = append(out, voiceDraft{d.RecordID, e})
			}
		}
	}
	return out
}

// discardDrafts throws away a record's draft and, for an interview, the drafts
// of the voice entries added inside it.
func (u *UI) discardDrafts(caseID, recordID string) {
	u.st.DiscardDraft(recordID)
	for _, v := range u.inlineVoiceDrafts(caseID, recordID) {
		u.st.DiscardDraft(v.recordID)
	}
}

// offerUnfinished asks whether to carry on with an unfinished draft of a new
// record or start another; fs is the fresh start.
func (u *UI) offerUnfinished(d store.DraftInfo, fs *formState, build func(*formState) *view) {
	dlg := dialog.NewConfirm("You started one of these already",
		"There is one that was not saved, kept as a draft on "+d.Saved.In(time.Local).Format(kit.ShortDateTime)+". Carry on with it, or start a new one? The other stays in your drafts.",
		func(carryOn bool) {
			if carryOn {
				fs.recordID = d.RecordID
			}
			u.push(func() *view { return build(fs) })
		}, u.win)
	dlg.SetConfirmText("Carry on with it")
	dlg.SetDismissText("Start a new one")
	dlg.Show()
}

// formFor is the form that edits records of a kind.
func (u *UI) formFor(kind model.Kind) func(*formState) *view {
	switch kind {
	case model.KindChild:
		return u.childForm
	case model.KindEpisode:
		return u.episodeForm
	case model.KindInterview:
		return u.interviewForm
	}
	return u.voiceForm
}

// openDraft reopens the form a draft belongs to.
func (u *UI) openDraft(d store.DraftInfo) {
	fs := &formState{caseID: d.CaseID, recordID: d.RecordID}
	c, ok := u.st.Case(d.CaseID)
	if !ok {
		c = &model.Case{ID: d.CaseID}
	}
	if saved, ok := kit.FindRecord(c, d.RecordID); ok {
		fs.parents, fs.from = []string{saved.VersionID}, saved.VersionID
		// A draft of a record in conflict is a merge: saving it must replace
		// every current version, or the conflict stays.
		if heads := u.headIDs(d.RecordID); len(heads) > 1 {
			fs.parents, fs.merge = heads, true
		}
	}
	kind := d.Kind
	if kind == model.KindVoice {
		// A voice entry added inside an interview not yet saved opens with it.
		if r, ok, _ := u.st.Draft(d.RecordID); ok {
			if v, ok := r.(model.VoiceEntry); ok && v.InterviewID != "" {
				if _, saved := kit.FindRecord(c, v.InterviewID); !saved {
					fs = &formState{caseID: d.CaseID, recordID: v.InterviewID, initial: model.ReturnInterview{Held: true, Independent: true}}
					kind = model.KindInterview
				}
			}
		}
	}
	build := u.formFor(kind)
	u.push(func() *view { return build(fs) })
}

// headIDs are the IDs of a record's current versions: more than one while it is
// in conflict.
func (u *UI) headIDs(recordID string) []string {
	heads, err := u.st.Heads(recordID)
	if err != nil {
		return nil
	}
	return kit.VersionIDs(heads)
}

// draftsView lists every draft not yet saved, newest first.
func (u *UI) draftsView() *view {
	drafts := kit.Drafts(u.st)
	names := map[string]string{}
	for _, d := range drafts {
		if c, ok := u.st.Case(d.CaseID); ok && c.Child.Value.Name != "" {
			names[d.CaseID] = c.Child.Value.Name
		} else {
			names[d.CaseID] = "A new child"
		}
	}
	list := widget.NewList(func() int { return len(drafts) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, container.NewPadded(widget.NewIcon(theme.DocumentCreateIcon())), nil, container.NewVBox(kit.Bold(""), widget.NewLabel("")))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			d := drafts[i]
			box := o.(*fyne.Container).Objects[0].(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(kit.KindLabel(d.Kind) + ": " + names[d.CaseID])
			box.Objects[1].(*widget.Label).SetText("Kept " + d.Saved.In(time.Local).Format(kit.ShortDateTime))
		})
	list.OnSelected = func(i widget.ListItemID) {
		u.touch()
		list.UnselectAll()
		u.openDraft(drafts[i])
	}
	content := fyne.CanvasObject(list)
	if len(drafts) == 0 {
		content = container.NewPadded(kit.Para("No drafts: everything has been saved."))
	}
	return &view{
		title: "Unsaved drafts",
		content: container.NewBorder(container.NewPadded(kit.Hint("What was typed but not yet saved. Open one to finish it and save it, or to discard it.")),
			nil, nil, nil, content),
	}
}
