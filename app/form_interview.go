package app

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/model"
)

// Labels of the held question.
const (
	heldYes = "Yes, the interview took place"
	heldNo  = "No, it did not take place"
)

// categoryTitles name the indicator categories of the catalogue.
var categoryTitles = map[string]string{
	"vulnerability": "Vulnerabilities (background)",
	"missing":       "Missing and whereabouts",
	"education":     "Education",
	"health":        "Health and sexual health",
	"behaviour":     "Behaviour and emotions",
	"relationships": "Relationships and grooming",
	"online":        "Online",
	"disclosure":    "Disclosure",
}

// interviewFields are the inputs of the return home interview form, kept for
// tests.
type interviewFields struct {
	cat           *model.Catalogue
	episode       *widget.Select
	episodeIDs    []string
	deadline      *widget.Label
	offered       *dateField
	held          *widget.RadioGroup
	heldAt        *dateField
	heldBlock     *fyne.Container
	notHeldBlock  *fyne.Container
	attemptsBlock *fyne.Container
	reason        *widget.RadioGroup
	notHeldNotes  *kit.Entry
	notesLabel    *widget.Label
	attempts      []*attemptRow
	attemptBox    *fyne.Container
	interviewer   *kit.Entry
	role          *kit.Entry
	independent   *widget.Check
	notIndReason  *kit.Entry
	notIndBlock   *fyne.Container
	venue         *kit.Entry
	presentWith   *kit.Entry
	push          *checkSet
	pull          *checkSet
	before        *kit.Entry
	whereStayed   *kit.Entry
	whoWith       *kit.Entry
	howTravelled  *kit.Entry
	howReturned   *kit.Entry
	harm          *widget.Check
	harmBlock     *fyne.Container
	harmDetails   *kit.Entry
	action        *kit.Entry
	indicators    map[string]*indicatorRow
	indicatorList *widget.Accordion
	feelsNow      *kit.Entry
	help          *kit.Entry
	shareAgreed   *kit.Entry
	shareWith     *checkSet
	referrals     []*referralRow
	referralBox   *fyne.Container
	voices        []*inlineVoice
	voiceBox      *fyne.Container
	voiceSec      int
	addVoice      map[model.VoiceMethod]*widget.Button
}

// attemptRow is one attempt to hold the interview.
type attemptRow struct {
	at      *dateField
	how     *kit.Entry
	outcome *kit.Entry
	box     fyne.CanvasObject
}

// referralRow is one referral made after the interview.
type referralRow struct {
	to, reason *kit.Entry
	box        fyne.CanvasObject
}

// indicatorRow is one exploitation indicator: ticked or not, how it is known,
// and a note.
type indicatorRow struct {
	check    *widget.Check
	evidence *widget.RadioGroup
	note     *kit.Entry
	more     *fyne.Container
}

// inlineVoice is a voice entry added in the interview form: its own record,
// saved with the interview.
type inlineVoice struct {
	recordID string
	parents  []string // its version saved by a save that then failed
	inputs   *voiceInputs
	box      fyne.CanvasObject
}

// recordInterview opens the interview form for a case. With one episode waiting
// for an interview it opens for that one; with several the person chooses.
func (u *UI) recordInterview(c *model.Case, episodeID string) {
	if episodeID == "" {
		var waiting []model.Item[model.MissingEpisode]
		for _, e := range c.Episodes {
			if _, done := c.InterviewFor(e.RecordID); !done && !e.Value.StillMissing() {
				waiting = append(waiting, e)
			}
		}
		switch {
		case len(waiting) == 1:
			episodeID = waiting[0].RecordID
		case len(waiting) > 1:
			u.chooseEpisode(c, waiting)
			return
		case len(c.Episodes) > 0:
			episodeID = c.Episodes[0].RecordID
		}
	}
	if r, ok := c.InterviewFor(episodeID); ok && episodeID != "" {
		u.openRecord(c.ID, r.RecordID)
		return
	}
	fs := &formState{caseID: c.ID, recordID: u.st.NewRecordID(), initial: model.ReturnInterview{
		EpisodeID: episodeID, Held: true, Interviewer: u.st.Profile().Name, Independent: true,
	}}
	sameEpisode := func(r model.Record) bool {
		ri, ok := r.(model.ReturnInterview)
		return ok && ri.EpisodeID == episodeID
	}
	if d, ok := u.unfinished(c.ID, model.KindInterview, sameEpisode); ok {
		u.offerUnfinished(d, fs, u.interviewForm)
		return
	}
	u.push(func() *view { return u.interviewForm(fs) })
}

func (u *UI) interviewForm(fs *formState) *view {
	if v := u.cannotOpen(fs); v != nil {
		return v
	}
	c, _ := u.st.Case(fs.caseID)
	if c == nil {
		c = &model.Case{ID: fs.caseID}
	}
	title := "Return home interview: " + kit.ChildName(c)
	f := u.newForm(fs, title)
	ff := &interviewFields{cat: u.cat, indicators: map[string]*indicatorRow{}, addVoice: map[model.VoiceMethod]*widget.Button{}}

	// 1. The interview: which episode, when, and whether it happened.
	f.begin("The interview")
	var episodeLabels []string
	for _, e := range c.Episodes {
		episodeLabels = append(episodeLabels, kit.EpisodeLabel(e.Value))
		ff.episodeIDs = append(ff.episodeIDs, e.RecordID)
	}
	ff.deadline = kit.Para("")
	ff.episode = f.pick(episodeLabels, nil)
	ff.offered = f.dateTime()
	ff.heldAt = f.dateTime()
	ff.held = f.radio([]string{heldYes, heldNo}, nil)
	ff.held.Required = true // tapping the answer again must not hide both blocks
	ff.reason = f.radio(reasonLabels(), nil)
	ff.notHeldNotes = f.multi("What happened, and for a refusal what the carers know", 3)
	ff.attemptBox = container.NewVBox()
	updateDeadline := func() {
		i := ff.episode.SelectedIndex()
		if i < 0 {
			ff.deadline.SetText("Choose the missing episode to see the 72-hour deadline.")
			return
		}
		var heldAt time.Time
		if ff.held.Selected == heldYes {
			heldAt, _ = ff.heldAt.value()
		}
		text, imp := kit.DeadlineText(c.Episodes[i].Value, heldAt, u.now())
		ff.deadline.Importance = imp
		ff.deadline.SetText(text)
	}
	ff.episode.OnChanged = func(string) { updateDeadline(); f.changed() }
	ff.heldAt.entry.OnChanged = func(string) { ff.heldAt.update(); updateDeadline(); f.changed() }
	f.field("episode_id", "Which missing episode does it follow?", "", ff.episode, ff.deadline)
	f.field("offered_at", "When was the interview offered?", "Needed when the interview took place or the child turned it down.", ff.offered)
	f.add(kit.FieldBlock("Did the interview take place?", "", ff.held))
	ff.heldBlock = container.NewVBox(f.fieldIn(f.sec(), "held_at", "When was it held?", "", ff.heldAt))
	addAttempt := u.ctl().Button("Add an attempt", theme.ContentAddIcon(), func() { ff.addAttempt(f, model.Attempt{}); f.changed() })
	notes := f.fieldIn(f.sec(), "not_held_notes", "", "If the child refused, ask the carers what they know and write it here.", ff.notHeldNotes)
	ff.notesLabel = notes.Objects[0].(*widget.Label)
	ff.reason.OnChanged = func(string) { ff.labelNotHeldNotes(); f.changed() }
	ff.labelNotHeldNotes()
	ff.notHeldBlock = container.NewVBox(
		f.fieldIn(f.sec(), "not_held_reason", "Why not?", "", ff.reason),
		notes,
	)
	// Attempts are kept whatever the outcome: an interview held at the third
	// try still has the first two on record.
	ff.attemptsBlock = container.NewVBox(
		f.fieldIn(f.sec(), "attempts", "Attempts to hold it", "Each visit, call or message, with when it was and what happened.", ff.attemptBox),
		container.NewHBox(addAttempt),
	)
	ff.attemptsBlock.Hidden = true
	f.add(ff.heldBlock, ff.notHeldBlock, ff.attemptsBlock)
	ff.held.OnChanged = func(s string) {
		ff.heldBlock.Hidden = s != heldYes
		ff.notHeldBlock.Hidden = s != heldNo
		ff.attemptsBlock.Hidden = s == ""
		f.relayout()
		updateDeadline()
		f.changed()
	}

	// 2. Who and where.
	f.begin("Who and where")
	ff.interviewer = f.entry("Name")
	ff.role = f.entry("For example: return interview worker")
	ff.notIndReason = f.multi("For example: the child asked for their social worker", 2)
	ff.notIndBlock = f.fieldIn(f.sec(), "not_independent_reason", "Why is the interviewer not independent?", "", ff.notIndReason)
	ff.independent = f.check("The interviewer is independent of the child's care", func(b bool) {
		ff.notIndBlock.Hidden = b
		f.relayout()
	})
	ff.venue = f.entry("Where the interview was held")
	ff.presentWith = f.entry("Anyone the child chose to have with them")
	f.field("interviewer", "Interviewer", "", ff.interviewer)
	f.field("interviewer_role", "Their role (optional)", "", ff.role)
	f.add(ff.independent, ff.notIndBlock)
	f.field("venue", "Where (optional)", "", ff.venue)
	f.field("present_with", "Who else was there (optional)", "", ff.presentWith)

	// 3. Before they went.
	f.begin("Before they went")
	ff.push = f.checkSet(u.cat.PushFactors, 2)
	ff.pull = f.checkSet(u.cat.PullFactors, 2)
	ff.before = f.multi("What was happening before they went, in the child's words where you can", 4)
	f.field("push_factors", "What pushed them away?", "Tick what the child or others describe.", ff.push)
	f.field("pull_factors", "What pulled them away?", "", ff.pull)
	f.field("before", "Before they went (optional)", "", ff.before)

	// 4. While they were away.
	f.begin("While they were away")
	ff.whereStayed = f.multi("Places, addresses, areas", 2)
	ff.whoWith = f.multi("Names, descriptions, ages", 2)
	ff.howTravelled = f.entry("Bus, train, taxi, car, on foot")
	ff.howReturned = f.entry("Who brought them back, or how they came back")
	f.field("where_stayed", "Where did they stay?", "", ff.whereStayed)
	f.field("who_with", "Who were they with?", "", ff.whoWith)
	f.field("how_travelled", "How did they travel?", "", ff.howTravelled)
	f.field("how_returned", "How did they come back?", "", ff.howReturned)

	// 5. Harm and exploitation indicators.
	f.begin("Harm and risks")
	ff.harmDetails = f.multi("What the child said, in their words", 3)
	ff.action = f.multi("What you did to keep the child safe, and who you told", 3)
	ff.harmBlock = container.NewVBox(
		f.fieldIn(f.sec(), "harm_details", "What was disclosed", "", ff.harmDetails),
		f.fieldIn(f.sec(), "action_taken", "Action taken", "", ff.action))
	ff.harm = f.check("The child disclosed harm, or said someone hurt or threatened them", func(b bool) {
		ff.harmBlock.Hidden = !b
		f.relayout()
	})
	f.add(ff.harm, ff.harmBlock)
	ff.indicatorList = f.indicatorAccordion(ff)
	f.field("indicators", "Exploitation indicators", "Tick what came up, and say how you know: observed, reported to you, or a concern without evidence yet. They carry over to the next screening.", ff.indicatorList)

	// 6. How they are now.
	f.begin("How they are now")
	ff.feelsNow = f.multi("How the child feels now, in their words", 3)
	ff.help = f.multi("What would stop them going missing again, or help them stay safe", 3)
	f.field("feels_now", "How do they feel now?", "", ff.feelsNow)
	f.field("what_would_help", "What would help?", "", ff.help)

	// 7. The child's voice, as voice entries of their own.
	f.begin("The child's voice")
	ff.voiceSec = f.sec()
	f.add(kit.Hint("Add the child's own words, the feelings they chose, a scale or the three houses. Each is saved as a voice entry with this interview."))
	f.add(u.voiceLinks(c, fs.recordID)...)
	ff.voiceBox = container.NewVBox()
	f.add(ff.voiceBox)
	var adders []fyne.CanvasObject
	for _, m := range []model.VoiceMethod{model.MethodWords, model.MethodFeelings, model.MethodScale, model.MethodThreeHouses} {
		b := u.ctl().Button(m.Label(), theme.ContentAddIcon(), func() {
			ff.addInlineVoice(f, u.st.NewRecordID(), model.VoiceEntry{Method: m, RecordedAt: u.now().Truncate(time.Minute)})
			f.changed()
		})
		ff.addVoice[m] = b
		adders = append(adders, b)
	}
	f.add(kit.WrapRow(adders...))

	// 8. Sharing and referrals.
	f.begin("Sharing and referrals")
	ff.shareAgreed = f.multi("What the child agreed may be shared, and anything they asked to keep private", 3)
	ff.shareWith = f.checkSet(u.cat.Agencies, 2)
	ff.referralBox = container.NewVBox()
	f.field("share_agreed", "What did the child agree may be shared?", "Tell the child what will be shared, with whom and why.", ff.shareAgreed)
	f.field("share_with", "Shared with", "", ff.shareWith)
	f.field("referrals", "Referrals and signposting", "", ff.referralBox)
	f.add(container.NewHBox(u.ctl().Button("Add a referral", theme.ContentAddIcon(), func() { ff.addReferral(f, model.Referral{}); f.changed() })))

	f.read = func() (model.Record, map[string]string) { return ff.read(fs) }
	f.extra = func() model.Problems {
		var out model.Problems
		rec, _ := ff.read(fs)
		if r, ok := rec.(model.ReturnInterview); ok {
			if e, ok := c.Episode(r.EpisodeID); ok {
				out = append(out, r.CheckAgainst(e.Value)...)
			}
		}
		for _, v := range ff.voices {
			if !v.inputs.empty() {
				out = append(out, v.inputs.problems(map[string]string{})...)
			}
		}
		return out
	}
	f.keepParts = func() {
		for _, v := range ff.voices {
			e := v.inputs.read(map[string]string{})
			e.InterviewID = fs.recordID
			u.st.SaveDraft(fs.caseID, v.recordID, e)
		}
	}
	f.commit = func(rec model.Record) error {
		id, err := u.st.Save(fs.caseID, fs.recordID, fs.parents, rec)
		if err != nil {
			return err
		}
		// Saved: should a voice entry fail below, trying again saves a new
		// version of each record on top of the one just saved.
		fs.parents, fs.from = []string{id}, id
		for _, v := range ff.voices {
			if v.inputs.empty() {
				u.st.DiscardDraft(v.recordID)
				continue
			}
			e := v.inputs.read(map[string]string{})
			e.InterviewID = fs.recordID
			vid, err := u.st.Save(fs.caseID, v.recordID, v.parents, e)
			if err != nil {
				return err
			}
			v.parents = []string{vid}
		}
		return nil
	}
	f.done = u.back

	rec, hasDraft := u.startFrom(fs)
	r, _ := rec.(model.ReturnInterview)
	f.loading = true
	ff.fill(f, r)
	for _, d := range u.inlineVoiceDrafts(fs.caseID, fs.recordID) {
		ff.addInlineVoice(f, d.recordID, d.entry)
		hasDraft = true
	}
	f.loading = false
	updateDeadline()
	v := f.view(hasDraft)
	u.interviewFields = ff
	return v
}

// notHeldReason is the reason chosen for an interview not held, or "".
func (ff *interviewFields) notHeldReason() model.NotHeldReason {
	for i, l := range reasonLabels() {
		if l == ff.reason.Selected {
			return model.NotHeldReasons[i]
		}
	}
	return ""
}

// labelNotHeldNotes says whether what happened must be written: it must when
// it was decided not to hold the interview, or for another reason.
func (ff *interviewFields) labelNotHeldNotes() {
	text := "What happened (optional)"
	if r := ff.notHeldReason(); r == model.NotHeldDecision || r == model.NotHeldOther {
		text = "What happened"
	}
	ff.notesLabel.SetText(text)
}

func reasonLabels() []string {
	out := make([]string, len(model.NotHeldReasons))
	for i, r := range model.NotHeldReasons {
		out[i] = r.Label()
	}
	return out
}

// indicatorAccordion lists the catalogue's indicators by category, each
// category a fold with a count of what is ticked in it.
func (f *form) indicatorAccordion(ff *interviewFields) *widget.Accordion {
	acc := widget.NewAccordion()
	acc.MultiOpen = true
	var order []string
	byCat := map[string][]model.Indicator{}
	for _, in := range f.u.cat.Indicators {
		if _, ok := byCat[in.Category]; !ok {
			order = append(order, in.Category)
		}
		byCat[in.Category] = append(byCat[in.Category], in)
	}
	for _, cat := range order {
		title := categoryTitles[cat]
		if title == "" {
			title = cat
		}
		item := widget.NewAccordionItem(title, nil)
		rows := container.NewVBox()
		count := func() {
			n := 0
			for _, in := range byCat[cat] {
				if ff.indicators[in.ID].check.Checked {
					n++
				}
			}
			item.Title = title
			if n > 0 {
				item.Title += " (" + strconv.Itoa(n) + " ticked)"
			}
			acc.Refresh()
		}
		for _, in := range byCat[cat] {
			row := &indicatorRow{}
			row.evidence = f.radio([]string{kit.EvidenceLabels[model.EvidenceObserved], kit.EvidenceLabels[model.EvidenceReported], kit.EvidenceLabels[model.EvidenceConcern]}, nil)
			row.evidence.Horizontal = true
			row.note = f.entry("A note: what was seen or said")
			row.more = container.NewPadded(container.NewVBox(row.evidence, row.note))
			row.more.Hide()
			row.check = f.check(in.Label, func(b bool) {
				row.more.Hidden = !b
				count()
				f.relayout()
			})
			ff.indicators[in.ID] = row
			rows.Add(container.NewVBox(row.check, row.more))
		}
		item.Detail = rows
		acc.Append(item)
	}
	return acc
}

func (ff *interviewFields) addAttempt(f *form, a model.Attempt) {
	row := &attemptRow{at: f.dateTime(), how: f.entry("Visit, phone call, message, through the carer"), outcome: f.entry("What happened")}
	row.at.set(a.At)
	row.how.SetText(a.How)
	row.outcome.SetText(a.Outcome)
	remove := f.u.ctl().Quiet("Remove", theme.DeleteIcon(), func() {
		for i, r := range ff.attempts {
			if r == row {
				ff.attempts = append(ff.attempts[:i], ff.attempts[i+1:]...)
			}
		}
		ff.attemptBox.Remove(row.box)
		f.relayout()
		f.changed()
	})
	row.box = kit.Card(container.NewVBox(
		kit.FieldBlock("When", "", row.at), kit.FieldBlock("How", "", row.how), kit.FieldBlock("Outcome", "", row.outcome),
		container.NewHBox(remove)))
	ff.attempts = append(ff.attempts, row)
	ff.attemptBox.Add(row.box)
	f.relayout()
}

func (ff *interviewFields) addReferral(f *form, r model.Referral) {
	row := &referralRow{to: f.entry("Who to: a service, a team or a person"), reason: f.entry("Why (optional)")}
	row.to.SetText(r.To)
	row.reason.SetText(r.Reason)
	remove := f.u.ctl().Quiet("Remove", theme.DeleteIcon(), func() {
		for i, x := range ff.referrals {
			if x == row {
				ff.referrals = append(ff.referrals[:i], ff.referrals[i+1:]...)
			}
		}
		ff.referralBox.Remove(row.box)
		f.relayout()
		f.changed()
	})
	row.box = kit.Card(container.NewVBox(kit.FieldBlock("Referred to", "", row.to), kit.FieldBlock("Why", "", row.reason), container.NewHBox(remove)))
	ff.referrals = append(ff.referrals, row)
	ff.referralBox.Add(row.box)
	f.relayout()
}

// addInlineVoice adds a voice entry to the interview, filled with e.
func (ff *interviewFields) addInlineVoice(f *form, recordID string, e model.VoiceEntry) {
	iv := &inlineVoice{recordID: recordID}
	iv.inputs = f.newVoiceInputs(ff.voiceSec, "voice."+recordID+".", e.Method)
	loading := f.loading
	f.loading = true
	iv.inputs.fill(e)
	f.loading = loading
	remove := f.u.ctl().Quiet("Remove", theme.DeleteIcon(), func() {
		for i, x := range ff.voices {
			if x == iv {
				ff.voices = append(ff.voices[:i], ff.voices[i+1:]...)
			}
		}
		for key := range f.fields {
			if strings.HasPrefix(key, iv.inputs.prefix) {
				f.forgetField(key)
			}
		}
		f.u.st.DiscardDraft(iv.recordID)
		ff.voiceBox.Remove(iv.box)
		f.relayout()
		f.changed()
	})
	iv.box = kit.Card(container.NewVBox(
		container.NewBorder(nil, nil, nil, remove, kit.Subheading(e.Method.Label())),
		iv.inputs.box))
	ff.voices = append(ff.voices, iv)
	ff.voiceBox.Add(iv.box)
	f.relayout()
}

func (ff *interviewFields) read(fs *formState) (model.Record, map[string]string) {
	unread := map[string]string{}
	r := model.ReturnInterview{
		Held:                 ff.held.Selected == heldYes,
		Interviewer:          strings.TrimSpace(ff.interviewer.Text),
		InterviewerRole:      strings.TrimSpace(ff.role.Text),
		Independent:          ff.independent.Checked,
		Venue:                strings.TrimSpace(ff.venue.Text),
		PresentWith:          strings.TrimSpace(ff.presentWith.Text),
		PushFactors:          ff.push.ids(),
		PullFactors:          ff.pull.ids(),
		Before:               strings.TrimSpace(ff.before.Text),
		WhereStayed:          strings.TrimSpace(ff.whereStayed.Text),
		WhoWith:              strings.TrimSpace(ff.whoWith.Text),
		HowTravelled:         strings.TrimSpace(ff.howTravelled.Text),
		HowReturned:          strings.TrimSpace(ff.howReturned.Text),
		HarmDisclosed:        ff.harm.Checked,
		FeelsNow:             strings.TrimSpace(ff.feelsNow.Text),
		WhatWouldHelp:        strings.TrimSpace(ff.help.Text),
		ShareAgreed:          strings.TrimSpace(ff.shareAgreed.Text),
		ShareWith:            ff.shareWith.ids(),
		NotIndependentReason: strings.TrimSpace(ff.notIndReason.Text),
	}
	if i := ff.episode.SelectedIndex(); i >= 0 {
		r.EpisodeID = ff.episodeIDs[i]
	}
	readDate(ff.offered, "offered_at", &r.OfferedAt, unread)
	if r.Independent {
		r.NotIndependentReason = ""
	}
	if r.Held {
		readDate(ff.heldAt, "held_at", &r.HeldAt, unread)
	} else {
		r.NotHeldReason = ff.notHeldReason()
		r.NotHeldNotes = strings.TrimSpace(ff.notHeldNotes.Text)
	}
	for _, a := range ff.attempts {
		var at time.Time
		readDate(a.at, "attempts", &at, unread)
		r.Attempts = append(r.Attempts, model.Attempt{At: at, How: strings.TrimSpace(a.how.Text), Outcome: strings.TrimSpace(a.outcome.Text)})
	}
	if r.HarmDisclosed {
		r.HarmDetails = strings.TrimSpace(ff.harmDetails.Text)
		r.ActionTaken = strings.TrimSpace(ff.action.Text)
	}
	for _, in := range ff.indicatorOrder() {
		row := ff.indicators[in]
		if !row.check.Checked {
			continue
		}
		o := model.Observation{Indicator: in, Note: strings.TrimSpace(row.note.Text)}
		for e, l := range kit.EvidenceLabels {
			if l == row.evidence.Selected {
				o.Evidence = e
			}
		}
		r.Indicators = append(r.Indicators, o)
	}
	for _, x := range ff.referrals {
		r.Referrals = append(r.Referrals, model.Referral{To: strings.TrimSpace(x.to.Text), Reason: strings.TrimSpace(x.reason.Text)})
	}
	return r, unread
}

// indicatorOrder lists indicator IDs in catalogue order, so a record reads the
// same way each time it is saved.
func (ff *interviewFields) indicatorOrder() []string {
	var out []string
	for _, in := range ff.cat.Indicators {
		if _, ok := ff.indicators[in.ID]; ok {
			out = append(out, in.ID)
		}
	}
	return out
}

func (ff *interviewFields) fill(f *form, r model.ReturnInterview) {
	for i, id := range ff.episodeIDs {
		if id == r.EpisodeID {
			ff.episode.SetSelectedIndex(i)
		}
	}
	ff.offered.set(r.OfferedAt)
	ff.heldAt.set(r.HeldAt)
	if r.Held {
		ff.held.SetSelected(heldYes)
	} else {
		ff.held.SetSelected(heldNo)
	}
	ff.heldBlock.Hidden = !r.Held
	ff.notHeldBlock.Hidden = r.Held
	ff.attemptsBlock.Hidden = false
	if r.NotHeldReason != "" {
		ff.reason.SetSelected(r.NotHeldReason.Label())
	}
	ff.notHeldNotes.SetText(r.NotHeldNotes)
	for _, a := range r.Attempts {
		ff.addAttempt(f, a)
	}
	ff.interviewer.SetText(r.Interviewer)
	ff.role.SetText(r.InterviewerRole)
	ff.independent.SetChecked(r.Independent)
	ff.notIndBlock.Hidden = r.Independent
	ff.notIndReason.SetText(r.NotIndependentReason)
	ff.venue.SetText(r.Venue)
	ff.presentWith.SetText(r.PresentWith)
	ff.push.setIDs(r.PushFactors)
	ff.pull.setIDs(r.PullFactors)
	ff.before.SetText(r.Before)
	ff.whereStayed.SetText(r.WhereStayed)
	ff.whoWith.SetText(r.WhoWith)
	ff.howTravelled.SetText(r.HowTravelled)
	ff.howReturned.SetText(r.HowReturned)
	ff.harm.SetChecked(r.HarmDisclosed)
	ff.harmBlock.Hidden = !r.HarmDisclosed
	ff.harmDetails.SetText(r.HarmDetails)
	ff.action.SetText(r.ActionTaken)
	for _, o := range r.Indicators {
		if row, ok := ff.indicators[o.Indicator]; ok {
			row.check.SetChecked(true)
			row.evidence.SetSelected(kit.EvidenceLabels[o.Evidence])
			row.note.SetText(o.Note)
		}
	}
	ff.feelsNow.SetText(r.FeelsNow)
	ff.help.SetText(r.WhatWouldHelp)
	ff.shareAgreed.SetText(r.ShareAgreed)
	ff.shareWith.setIDs(r.ShareWith)
	for _, x := range r.Referrals {
		ff.addReferral(f, x)
	}
}
