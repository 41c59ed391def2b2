package app

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/model"
	"homeward/store"
)

// recordScreen shows one record as it stands, its history, and for a conflict
// its heads side by side.
type recordScreen struct {
	edit  *widget.Button
	merge []*widget.Button
}

// fact is one line of a record as people read it.
type fact struct {
	label, value string
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(time.Local).Format(longDateTime)
}

// describe turns a record into facts, leaving out what is empty. c gives
// context: which episode an interview follows.
func describe(rec model.Record, cat *model.Catalogue, c *model.Case) []fact {
	var out []fact
	add := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			out = append(out, fact{label, value})
		}
	}
	labels := func(ids []string) string { return strings.Join(labelsOf(cat, ids), "; ") }
	switch r := rec.(type) {
	case model.Child:
		add("Name", r.Name)
		if !r.DateOfBirth.IsZero() {
			add("Date of birth", r.DateOfBirth.UTC().Format(longDate))
		}
		add("NHS number", r.NHSNumber)
		add("Where they live", cat.Label(r.Placement))
		add("About where they live", r.PlacementDetail)
		add("Looked after", yesNo(r.LookedAfter))
		add("Allocated worker", r.AllocatedWorker)
	case model.MissingEpisode:
		add("Went missing", when(r.WentMissing))
		if r.StillMissing() {
			add("Came back", "Still missing")
		} else {
			add("Came back", when(r.Returned))
		}
		add("Where they were found", r.WhereFound)
		add("Police reference", r.PoliceReference)
		add("Notes", r.Notes)
	case model.ReturnInterview:
		if e, ok := c.Episode(r.EpisodeID); ok {
			add("Missing episode", episodeLabel(e.Value))
		}
		add("Offered", when(r.OfferedAt))
		add("Took place", yesNo(r.Held))
		if r.Held {
			add("Held", when(r.HeldAt))
		} else {
			add("Why not", r.NotHeldReason.Label())
			add("What happened", r.NotHeldNotes)
		}
		var attempts []string
		for _, a := range r.Attempts {
			attempts = append(attempts, strings.TrimSuffix(when(a.At)+": "+a.How+". "+a.Outcome, " "))
		}
		add("Attempts", strings.Join(attempts, "\n"))
		interviewer := r.Interviewer
		if r.InterviewerRole != "" {
			interviewer += ", " + r.InterviewerRole
		}
		add("Interviewer", interviewer)
		if r.Independent {
			add("Independent", "Yes")
		} else {
			add("Independent", "No: "+r.NotIndependentReason)
		}
		add("Where", r.Venue)
		add("Who else was there", r.PresentWith)
		add("What pushed them away", labels(r.PushFactors))
		add("What pulled them away", labels(r.PullFactors))
		add("Before they went", r.Before)
		add("Where they stayed", r.WhereStayed)
		add("Who they were with", r.WhoWith)
		add("How they travelled", r.HowTravelled)
		add("How they came back", r.HowReturned)
		add("Harm disclosed", yesNo(r.HarmDisclosed))
		add("What was disclosed", r.HarmDetails)
		add("Action taken", r.ActionTaken)
		var inds []string
		for _, o := range r.Indicators {
			s := cat.Label(o.Indicator) + " (" + strings.ToLower(evidenceLabels[o.Evidence]) + ")"
			if o.Note != "" {
				s += ": " + o.Note
			}
			inds = append(inds, s)
		}
		add("Exploitation indicators", strings.Join(inds, "\n"))
		add("How they feel now", r.FeelsNow)
		add("What would help", r.WhatWouldHelp)
		add("The child agreed to share", r.ShareAgreed)
		add("Shared with", labels(r.ShareWith))
		var refs []string
		for _, x := range r.Referrals {
			s := x.To
			if x.Reason != "" {
				s += ": " + x.Reason
			}
			refs = append(refs, s)
		}
		add("Referrals", strings.Join(refs, "\n"))
		if r.RescreenTriggered() {
			add("Screening", "This interview should bring the next screening forward.")
		}
	case model.VoiceEntry:
		add("How", r.Method.Label())
		add("When", when(r.RecordedAt))
		if r.Speaker != "" {
			add("Who said it", r.Speaker)
		}
		switch r.Method {
		case model.MethodObservation:
			add("What was observed", r.Words)
		case model.MethodFeelings:
			add("Feelings chosen", labels(r.Feelings))
		case model.MethodScale:
			if s := r.Scale; s != nil {
				add("Question", s.Question)
				add("0 means", s.Zero)
				add("10 means", s.Ten)
				add("Their answer", strconv.Itoa(s.Value)+" out of 10")
			}
		case model.MethodThreeHouses:
			if h := r.Houses; h != nil {
				add("House of worries", h.Worries)
				add("House of good things", h.GoodThings)
				add("House of hopes and dreams", h.HopesDreams)
			}
		default:
			add("Their words", r.Words)
		}
		add("Interpretation (the worker's)", r.Interpretation)
		add("Read back to the child", yesNo(r.ChildChecked))
		add("Who may see it", r.Share.Label())
	}
	return out
}

// factsBox lays out facts as a read-only form: labels on the left, values on
// the right.
func factsBox(facts []fact) fyne.CanvasObject {
	f := widget.NewForm()
	for _, x := range facts {
		v := para(x.value)
		v.Selectable = true
		f.Append(x.label, v)
	}
	return f
}

// openRecord opens a saved record of a case.
func (u *UI) openRecord(caseID, recordID string) {
	u.push(func() *view { return u.recordView(caseID, recordID) })
}

func (u *UI) recordView(caseID, recordID string) *view {
	c, ok := u.st.Case(caseID)
	if !ok {
		return &view{title: "Record", content: para("This record could not be found.")}
	}
	saved, ok := findRecord(c, recordID)
	heads, err := u.st.Heads(recordID)
	if !ok || err != nil {
		return &view{title: "Record", content: para("This record could not be opened.")}
	}
	s := &recordScreen{}
	u.record = s
	kind := saved.value.Kind()
	title := kindLabel(kind) + ": " + childName(c.Child)
	if len(heads) > 1 {
		return u.conflictView(c, recordID, heads, title)
	}
	fs := &formState{caseID: caseID, recordID: recordID, parents: []string{saved.versionID}, from: saved.versionID}
	s.edit = u.primary("Edit", theme.DocumentCreateIcon(), func() { u.openForm(fs, u.formFor(kind)) })
	body := container.NewVBox(factsBox(describe(saved.value, u.cat, c)))

	switch r := saved.value.(type) {
	case model.MissingEpisode:
		st := c.RHIStatusOf(model.Item[model.MissingEpisode]{RecordID: recordID, Value: r}, u.now())
		text, imp := deadlineText(r, time.Time{}, u.now())
		if ri, ok := c.InterviewFor(recordID); ok {
			text = rhiStatusText(st, u.now())
			imp = widget.MediumImportance
			rid := ri.RecordID
			body.Add(u.button("Open the return interview", theme.DocumentIcon(), func() { u.openRecord(caseID, rid) }))
		} else if !r.StillMissing() {
			body.Add(u.primary("Record the return interview", theme.DocumentCreateIcon(), func() { u.recordInterview(c, recordID) }))
		}
		l := para(text)
		l.Importance = imp
		body.Objects = append([]fyne.CanvasObject{l}, body.Objects...)
	case model.ReturnInterview:
		if voices := u.voiceLinks(c, recordID); len(voices) > 0 {
			body.Add(subheading("The child's voice in this interview"))
			body.Add(container.NewVBox(voices...))
		}
	}

	history, _ := u.st.History(recordID)
	body.Add(widget.NewSeparator())
	body.Add(subheading("History"))
	body.Add(hint("Every save is kept. Nothing is overwritten."))
	for i := len(history) - 1; i >= 0; i-- {
		v := history[i]
		n := i + 1
		label := versionLabel(v, n)
		if v.ID == saved.versionID {
			label += " (current)"
		}
		b := u.quiet(label, theme.HistoryIcon(), func() { u.showVersion(c, v, n) })
		b.Alignment = widget.ButtonAlignLeading
		body.Add(b)
	}
	return &view{
		title:   title,
		content: container.NewVScroll(column(780, container.NewPadded(body))),
		actions: []fyne.CanvasObject{s.edit},
	}
}

// voiceLinks lists the saved voice entries of an interview, each with a way to
// open it.
func (u *UI) voiceLinks(c *model.Case, interviewID string) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, v := range c.Voices {
		if v.Value.InterviewID == interviewID {
			rid := v.RecordID
			out = append(out, container.NewBorder(nil, nil, nil,
				u.button("Open", theme.NavigateNextIcon(), func() { u.openRecord(c.ID, rid) }),
				para(v.Value.Method.Label()+": "+v.Value.Summary(u.cat))))
		}
	}
	return out
}

// versionLabel says who saved a version and when.
func versionLabel(v store.Version, n int) string {
	by := v.Payload.SavedBy
	if by == "" {
		by = "someone"
	}
	return "Version " + strconv.Itoa(n) + ", saved " + v.Payload.SavedAt.In(time.Local).Format(shortDateTime) + " by " + by
}

// showVersion shows an earlier version as it was saved.
func (u *UI) showVersion(c *model.Case, v store.Version, n int) {
	box := container.NewVScroll(factsBox(describe(v.Payload.Record, u.cat, c)))
	box.SetMinSize(fyne.NewSize(min(600, u.win.Canvas().Size().Width-80), min(600, u.win.Canvas().Size().Height-160)))
	dialog.NewCustom(versionLabel(v, n), "Close", box, u.win).Show()
}

// conflictView shows the heads of a record side by side, marking where they
// differ, and lets the person start a merge from either.
func (u *UI) conflictView(c *model.Case, recordID string, heads []store.Version, title string) *view {
	s := u.record
	parents := versionIDs(heads)
	cols := make([][]fact, len(heads))
	var order []string
	seen := map[string]bool{}
	for i, h := range heads {
		cols[i] = describe(h.Payload.Record, u.cat, c)
		for _, f := range cols[i] {
			if !seen[f.label] {
				seen[f.label] = true
				order = append(order, f.label)
			}
		}
	}
	valueOf := func(i int, label string) string {
		for _, f := range cols[i] {
			if f.label == label {
				return f.value
			}
		}
		return ""
	}
	grid := container.NewGridWithColumns(len(heads))
	for i, h := range heads {
		fs := &formState{caseID: c.ID, recordID: recordID, parents: parents, from: h.ID, merge: true}
		b := u.button("Start the merge from this one", theme.ContentCopyIcon(), func() {
			u.openForm(fs, u.formFor(h.Payload.Kind))
		})
		s.merge = append(s.merge, b)
		l := para(versionLabel(h, i+1))
		l.TextStyle.Bold = true
		grid.Add(container.NewVBox(l, b))
	}
	for _, label := range order {
		differs := false
		for i := range heads {
			differs = differs || valueOf(i, label) != valueOf(0, label)
		}
		for i := range heads {
			l := widget.NewLabel(label)
			l.TextStyle.Bold = true
			if differs {
				l.SetText(label + " (differs)")
				l.Importance = widget.WarningImportance
			}
			v := para(valueOf(i, label))
			if v.Text == "" {
				v.SetText("(empty)")
			}
			v.TextStyle.Bold = differs
			grid.Add(container.NewVBox(l, v))
		}
	}
	intro := para("This record was changed in two places before they were joined up, so it has two current versions. Nothing has been lost. Compare them, start from the one closer to right, bring in anything from the other, and save: that makes one current version again.")
	return &view{
		title:   title + " (conflict)",
		content: container.NewVScroll(container.NewPadded(container.NewVBox(intro, grid))),
	}
}
