package form

import (
	"log"
	"time"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
	"homeward/store"
)

// voiceDraft is the draft of a voice entry.
type voiceDraft struct {
	recordID string
	entry    model.VoiceEntry
}

// inlineVoiceDrafts are the drafts of voice entries added inside an interview
// and not saved yet, newest first: they are part of the interview's draft.
func inlineVoiceDrafts(env page.Env, caseID, interviewID string) []voiceDraft {
	c, _ := env.Store.Case(caseID)
	var out []voiceDraft
	for _, d := range env.Store.Drafts() {
		if d.CaseID != caseID || d.Kind != model.KindVoice {
			continue
		}
		if c != nil {
			if _, saved := kit.FindRecord(c, d.RecordID); saved {
				continue
			}
		}
		if r, ok, err := env.Store.Draft(d.RecordID); err == nil && ok {
			if e, ok := r.(model.VoiceEntry); ok && e.InterviewID == interviewID {
				out = append(out, voiceDraft{d.RecordID, e})
			}
		}
	}
	return out
}

// discardDrafts throws away a record's draft and, for an interview, the drafts
// of the voice entries added inside it.
func discardDrafts(env page.Env, caseID, recordID string) {
	env.Store.DiscardDraft(recordID)
	for _, v := range inlineVoiceDrafts(env, caseID, recordID) {
		env.Store.DiscardDraft(v.recordID)
	}
}

// offerUnfinished asks whether to carry on with an unfinished draft of a new
// record or start another; fs is the fresh start.
func offerUnfinished(env page.Env, d store.DraftInfo, fs *page.Edit) {
	dlg := dialog.NewConfirm("You started one of these already",
		"There is one that was not saved, kept as a draft on "+d.Saved.In(time.Local).Format(kit.ShortDateTime)+". Carry on with it, or start a new one? The other stays in your drafts.",
		func(carryOn bool) {
			if carryOn {
				fs.RecordID = d.RecordID
			}
			env.Go(page.Route{Kind: page.Form, Edit: fs})
		}, env.Win)
	dlg.SetConfirmText("Carry on with it")
	dlg.SetDismissText("Start a new one")
	dlg.Show()
	env.EnterPresses(dlg, dlg.Confirm)
}

// OpenDraft reopens the form the draft of record recordID belongs to.
func OpenDraft(env page.Env, recordID string) {
	d, ok := kit.DraftOf(env.Store, recordID)
	if !ok {
		return
	}
	// Screening and planning are screens of their own, which open their drafts.
	if k, ok := practiceScreens[d.Kind]; ok {
		env.Go(page.Route{Kind: k, CaseID: d.CaseID, RecordID: d.RecordID})
		return
	}
	fs := &page.Edit{CaseID: d.CaseID, RecordID: d.RecordID}
	c, ok := env.Store.Case(d.CaseID)
	if !ok {
		c = &model.Case{ID: d.CaseID}
	}
	if saved, ok := kit.FindRecord(c, d.RecordID); ok {
		fs.Parents, fs.From = []string{saved.VersionID}, saved.VersionID
		// A draft of a record in conflict is a merge: saving it must replace
		// every current version, or the conflict stays.
		if heads := headIDs(env, d.RecordID); len(heads) > 1 {
			fs.Parents, fs.Merge = heads, true
		}
	}
	kind := d.Kind
	if kind == model.KindVoice {
		// A voice entry added inside an interview not yet saved opens with it.
		if r, ok, _ := env.Store.Draft(d.RecordID); ok {
			if v, ok := r.(model.VoiceEntry); ok && v.InterviewID != "" {
				if _, saved := kit.FindRecord(c, v.InterviewID); !saved {
					fs = &page.Edit{CaseID: d.CaseID, RecordID: v.InterviewID, Initial: model.ReturnInterview{Held: true}}
					kind = model.KindInterview
				}
			}
		}
	}
	fs.Kind = kind
	env.Go(page.Route{Kind: page.Form, Edit: fs})
}

// headIDs are the IDs of a record's current versions: more than one while it is
// in conflict.
func headIDs(env page.Env, recordID string) []string {
	heads, err := env.Store.Heads(recordID)
	if err != nil {
		return nil
	}
	return kit.VersionIDs(heads)
}

// OpenForm opens the form for a record, first offering back a draft left
// unfinished.
func OpenForm(env page.Env, fs *page.Edit) {
	to := page.Route{Kind: page.Form, Edit: fs}
	if k, ok := practiceScreens[fs.Kind]; ok {
		to = page.Route{Kind: k, CaseID: fs.CaseID, RecordID: fs.RecordID, Edit: fs}
	}
	info, ok := kit.DraftOf(env.Store, fs.RecordID)
	if !ok {
		env.Go(to)
		return
	}
	d := dialog.NewConfirm("Carry on where you left off?",
		"There are changes to this record that were not saved, kept as a draft on "+info.Saved.In(time.Local).Format(kit.ShortDateTime)+". Carry on with them, or throw them away and start from what was saved?",
		func(keep bool) {
			open := func() { env.Go(to) }
			if keep {
				open()
				return
			}
			// One slip of a finger must not lose an interview: ask again.
			sure := dialog.NewConfirm("Throw away your changes?",
				"What you typed since the last save will be thrown away, and the form will start from what was saved. This cannot be undone.",
				func(sure bool) {
					if sure {
						discardDrafts(env, fs.CaseID, fs.RecordID)
					}
					open()
				}, env.Win)
			sure.SetConfirmText("Throw away")
			sure.SetConfirmImportance(widget.DangerImportance)
			sure.SetDismissText("Keep them")
			sure.Show()
		}, env.Win)
	d.SetConfirmText("Carry on")
	d.SetDismissText("Throw away")
	d.Show()
	env.EnterPresses(d, d.Confirm)
}

// startFrom fills a form from the record's draft if there is one, otherwise
// from the saved version an edit starts from, and otherwise from a new record's
// starting values. It reports whether a draft was used. The saved version is
// read from the store each time, not kept with the page: a locked app keeps no
// case data in its pages.
func startFrom(env page.Env, fs *page.Edit) (model.Record, bool) {
	if rec, ok, err := env.Store.Draft(fs.RecordID); err == nil && ok {
		return rec, true
	}
	if fs.From != "" {
		return savedVersion(env, fs.RecordID, fs.From), false
	}
	return fs.Initial, false
}

// cannotOpen is the page shown instead of a form whose saved version cannot be
// opened (a blank form would save over the record), or nil when it can be.
func cannotOpen(env page.Env, fs *page.Edit) *page.View {
	if fs.From == "" || savedVersion(env, fs.RecordID, fs.From) != nil {
		return nil
	}
	if _, ok, err := env.Store.Draft(fs.RecordID); err == nil && ok {
		return nil
	}
	return &page.View{Title: "This record cannot be opened", Content: container.NewPadded(kit.Para(
		"The saved record this form starts from cannot be opened: it may be damaged. Nothing has been changed. " +
			"Go back and try again; if it keeps happening, ask your administrator."))}
}

// savedVersion is version versionID of a record: a current version from the
// index, or an older one from the record's history. It is nil when the version
// cannot be opened.
func savedVersion(env page.Env, recordID, versionID string) model.Record {
	heads, _ := env.Store.Heads(recordID)
	for _, h := range heads {
		if h.ID == versionID {
			return h.Payload.Record
		}
	}
	history, err := env.Store.History(recordID)
	if err != nil {
		log.Printf("homeward: opening the history of a record: %v", err)
	}
	for _, h := range history {
		if h.ID == versionID {
			return h.Payload.Record
		}
	}
	return nil
}

// practiceScreens are the screens that write the kinds of record no form here
// writes: a draft, an edit or a merge of one of these opens its screen.
var practiceScreens = map[model.Kind]page.Kind{
	model.KindScreening:  page.Screening,
	model.KindHealth:     page.HealthReview,
	model.KindPlan:       page.Plan,
	model.KindPlanReview: page.PlanReview,
}
