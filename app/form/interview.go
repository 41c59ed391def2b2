package form

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
)

// Labels of the held question.
const (
	HeldYes = "Yes, the interview took place"
	HeldNo  = "No, it did not take place"
)

// Labels of the question whether the interviewer is independent: nothing is
// chosen until the worker answers it.
const (
	IndependentYes = "Yes: not involved in the child's care"
	IndependentNo  = "No: involved in the child's care"
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

// InterviewFields are the inputs of the return home interview form, kept for
// tests.
type InterviewFields struct {
	cat           *model.Catalogue
	episode       *widget.Select
	episodeIDs    []string
	Deadline      *widget.Label
	Offered       *DateField
	Held          *widget.RadioGroup
	HeldAt        *DateField
	LateReason    *kit.Entry
	HeldBlock     *fyne.Container
	notHeldBlock  *fyne.Container
	AttemptsBlock *fyne.Container
	Reason        *widget.RadioGroup
	NotHeldNotes  *kit.Entry
	NotesLabel    *widget.Label
	attempts      []*attemptRow
	attemptBox    *fyne.Container
	attemptSec    int
	interviewer   *kit.Entry
	role          *kit.Entry
	Independent   *widget.RadioGroup
	notIndReason  *kit.Entry
	notIndBlock   *fyne.Container
	Venue         *kit.Entry
	presentWith   *kit.Entry
	Push          *CheckSet
	Pull          *CheckSet
	before        *kit.Entry
	WhereStayed   *kit.Entry
	whoWith       *kit.Entry
	howTravelled  *kit.Entry
	howReturned   *kit.Entry
	harm          *widget.Check
	harmBlock     *fyne.Container
	harmDetails   *kit.Entry
	action        *kit.Entry
	Indicators    map[string]*IndicatorRow
	IndicatorList *widget.Accordion
	feelsNow      *kit.Entry
	help          *kit.Entry
	shareAgreed   *kit.Entry
	shareWith     *CheckSet
	referrals     []*referralRow
	referralBox   *fyne.Container
	referralSec   int
	Voices        []*InlineVoice
	voiceBox      *fyne.Container
	voiceSec      int
	AddVoice      map[model.VoiceMethod]*widget.Button
	ChildMode     *widget.Button // hands the device to the child, for entries of this interview
}

// attemptRow is one attempt to hold the interview, with the lines for its
// problems.
type attemptRow struct {
	at              *DateField
	how             *kit.Entry
	outcome         *kit.Entry
	atProb, HowProb *kit.ProblemLine
	box             fyne.CanvasObject
}

// referralRow is one referral made after the interview.
type referralRow struct {
	to, reason *kit.Entry
	ToProb     *kit.ProblemLine
	box        fyne.CanvasObject
}

// IndicatorRow is one exploitation indicator: ticked or not, how it is known,
// and a note, with the line for its problem beside them.
type IndicatorRow struct {
	Check    *widget.Check
	Evidence *widget.RadioGroup
	Note     *kit.Entry
	Problem  *kit.ProblemLine
	more     *fyne.Container
	fold     int // the index of its category in the accordion
}

// InlineVoice is a voice entry added in the interview form: its own record,
// saved with the interview.
type InlineVoice struct {
	recordID string
	parents  []string // its version saved by a save that then failed
	Inputs   *VoiceInputs
	Box      fyne.CanvasObject
}

// RecordInterview opens the interview form for case caseID after episode
// episodeID or, with no episode given, for the one waiting for an interview;
// with several waiting the person chooses.
func RecordInterview(env page.Env, caseID, episodeID string) {
	recordInterview(env, caseOf(env, caseID), episodeID)
}

// recordInterview opens the interview form for case c, as RecordInterview does.
func recordInterview(env page.Env, c *model.Case, episodeID string) {
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
			chooseEpisode(env, c, waiting)
			return
		case len(c.Episodes) > 0:
			episodeID = c.Episodes[0].RecordID
		}
	}
	if r, ok := c.InterviewFor(episodeID); ok && episodeID != "" {
		env.Go(page.Route{Kind: page.Record, CaseID: c.ID, RecordID: r.RecordID})
		return
	}
	fs := &page.Edit{Kind: model.KindInterview, CaseID: c.ID, RecordID: env.Store.NewRecordID(), Initial: model.ReturnInterview{
		EpisodeID: episodeID, Held: true, Interviewer: env.Store.Profile().Name,
	}}
	sameEpisode := func(r model.Record) bool {
		ri, ok := r.(model.ReturnInterview)
		return ok && ri.EpisodeID == episodeID
	}
	if d, ok := kit.Unfinished(env.Store, c.ID, model.KindInterview, sameEpisode); ok {
		offerUnfinished(env, d, fs)
		return
	}
	env.Go(page.Route{Kind: page.Form, Edit: fs})
}

func interviewForm(env page.Env, fs *page.Edit) *page.View {
	if v := cannotOpen(env, fs); v != nil {
		return v
	}
	c, _ := env.Store.Case(fs.CaseID)
	if c == nil {
		c = &model.Case{ID: fs.CaseID}
	}
	title := "Return home interview: " + kit.ChildName(c.Child)
	f := newForm(env, fs, title)
	ff := &InterviewFields{cat: env.Cat, Indicators: map[string]*IndicatorRow{}, AddVoice: map[model.VoiceMethod]*widget.Button{}}

	// 1. The interview: which episode, when, and whether it happened.
	f.begin("The interview")
	var episodeLabels []string
	for _, e := range c.Episodes {
		episodeLabels = append(episodeLabels, kit.EpisodeLabel(e.Value))
		ff.episodeIDs = append(ff.episodeIDs, e.RecordID)
	}
	ff.Deadline = kit.Para("")
	ff.episode = f.pick(episodeLabels, nil)
	ff.Offered = f.dateTime()
	ff.HeldAt = f.dateTime()
	ff.Held = f.radio([]string{HeldYes, HeldNo}, nil)
	ff.Held.Required = true // tapping the answer again must not hide both blocks
	ff.Reason = f.radio(reasonLabels(), nil)
	ff.NotHeldNotes = f.multi("What happened, and for a refusal what the carers know", 3)
	ff.attemptBox = container.NewVBox()
	ff.attemptSec = f.sec()
	updateDeadline := func() {
		i := ff.episode.SelectedIndex()
		if i < 0 {
			ff.Deadline.SetText("Choose the missing episode to see the 72-hour deadline.")
			return
		}
		var heldAt time.Time
		if ff.Held.Selected == HeldYes {
			heldAt, _ = ff.HeldAt.value()
		}
		text, imp := kit.DeadlineText(c.Episodes[i].Value, heldAt, env.Now())
		ff.Deadline.Importance = imp
		ff.Deadline.SetText(text)
	}
	ff.episode.OnChanged = func(string) { updateDeadline(); f.changed() }
	ff.HeldAt.Entry.OnChanged = func(string) { ff.HeldAt.update(); updateDeadline(); f.changed() }
	f.field("episode_id", "Which missing episode does it follow?", "", ff.episode, ff.Deadline)
	f.field("offered_at", "When was the interview offered?", "Needed when the interview took place or the child turned it down.", ff.Offered)
	f.add(kit.FieldBlock("Did the interview take place?", "", ff.Held))
	ff.LateReason = f.multi("For example: the child asked to wait, or could not be reached in time", 2)
	ff.HeldBlock = container.NewVBox(f.fieldIn(f.sec(), "held_at", "When was it held?", "", ff.HeldAt),
		f.fieldIn(f.sec(), "late_reason", "If it was held after the 72 hours: why was it late?", "", ff.LateReason))
	addAttempt := env.Button("Add an attempt", theme.ContentAddIcon(), func() { ff.AddAttempt(f, model.Attempt{}); f.changed() })
	notes := f.fieldIn(f.sec(), "not_held_notes", "", "If the child refused, ask the carers what they know and write it here.", ff.NotHeldNotes)
	ff.NotesLabel = notes.Objects[0].(*widget.Label)
	ff.Reason.OnChanged = func(string) { ff.labelNotHeldNotes(); f.changed() }
	ff.labelNotHeldNotes()
	ff.notHeldBlock = container.NewVBox(
		f.fieldIn(f.sec(), "not_held_reason", "Why not?", "", ff.Reason),
		notes,
	)
	// Attempts are kept whatever the outcome: an interview held at the third
	// try still has the first two on record.
	ff.AttemptsBlock = container.NewVBox(
		f.fieldIn(f.sec(), "attempts", "Attempts to hold it", "Each visit, call or message, with when it was and what happened.", ff.attemptBox),
		container.NewHBox(addAttempt),
	)
	ff.AttemptsBlock.Hidden = true
	f.add(ff.HeldBlock, ff.notHeldBlock, ff.AttemptsBlock)
	ff.Held.OnChanged = func(s string) {
		ff.HeldBlock.Hidden = s != HeldYes
		ff.notHeldBlock.Hidden = s != HeldNo
		ff.AttemptsBlock.Hidden = s == ""
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
	ff.Independent = f.radio([]string{IndependentYes, IndependentNo}, func(s string) {
		ff.notIndBlock.Hidden = s != IndependentNo
		f.relayout()
	})
	ff.Venue = f.entry("Where the interview was held")
	ff.presentWith = f.entry("Anyone the child chose to have with them")
	f.field("interviewer", "Interviewer", "", ff.interviewer)
	f.note("Their role (optional)", "", ff.role)
	f.field("independent", "Is the interviewer independent of the child's care?", "The guidance expects someone independent of the child's care, unless the child prefers someone they know.", ff.Independent)
	f.add(ff.notIndBlock)
	f.note("Where (optional)", "", ff.Venue)
	f.note("Who else was there (optional)", "", ff.presentWith)

	// 3. Before they went.
	f.begin("Before they went")
	ff.Push = f.checkSet(env.Cat.PushFactors, 2)
	ff.Pull = f.checkSet(env.Cat.PullFactors, 2)
	ff.before = f.multi("What was happening before they went, in the child's words where you can", 4)
	f.field("push_factors", "What pushed them away?", "Tick what the child or others describe.", ff.Push)
	f.field("pull_factors", "What pulled them away?", "", ff.Pull)
	f.note("Before they went (optional)", "", ff.before)

	// 4. While they were away.
	f.begin("While they were away")
	ff.WhereStayed = f.multi("Places, addresses, areas", 2)
	ff.whoWith = f.multi("Names, descriptions, ages", 2)
	ff.howTravelled = f.entry("Bus, train, taxi, car, on foot")
	ff.howReturned = f.entry("Who brought them back, or how they came back")
	f.note("Where did they stay?", "", ff.WhereStayed)
	f.note("Who were they with?", "", ff.whoWith)
	f.note("How did they travel?", "", ff.howTravelled)
	f.note("How did they come back?", "", ff.howReturned)

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
	ff.IndicatorList = f.indicatorAccordion(ff)
	f.field("indicators", "Exploitation indicators", "Tick what came up, and say how you know: observed, reported to you, or a concern without evidence yet. They carry over to the next screening.", ff.IndicatorList)

	// 6. How they are now.
	f.begin("How they are now")
	ff.feelsNow = f.multi("How the child feels now, in their words", 3)
	ff.help = f.multi("What would stop them going missing again, or help them stay safe", 3)
	f.note("How do they feel now?", "", ff.feelsNow)
	f.note("What would help?", "", ff.help)

	// 7. The child's voice, as voice entries of their own.
	f.begin("The child's voice")
	ff.voiceSec = f.sec()
	f.add(kit.Hint("Add the child's own words, the feelings they chose, a scale or the three houses. Each is saved as a voice entry with this interview."))
	f.add(env.VoiceLinks(env.Cat, c, fs.RecordID, func(rid string) { env.Go(page.Route{Kind: page.Record, CaseID: c.ID, RecordID: rid}) })...)
	ff.voiceBox = container.NewVBox()
	f.add(ff.voiceBox)
	var adders []fyne.CanvasObject
	for _, m := range []model.VoiceMethod{model.MethodWords, model.MethodFeelings, model.MethodScale, model.MethodThreeHouses} {
		b := env.Button(m.Label(), theme.ContentAddIcon(), func() {
			ff.AddInlineVoice(f, env.Store.NewRecordID(), model.VoiceEntry{Method: m, RecordedAt: env.Now().Truncate(time.Minute)})
			f.changed()
		})
		ff.AddVoice[m] = b
		adders = append(adders, b)
	}
	f.add(kit.WrapRow(adders...))
	ff.ChildMode = env.Button("Hand the device to the child", theme.ViewFullScreenIcon(), func() {
		env.Go(page.Route{Kind: page.StartChildMode, CaseID: c.ID, RecordID: fs.RecordID})
	})
	if c.Child.RecordID == "" {
		ff.ChildMode.Disable() // as on the child's page: child mode needs their details
	}
	f.add(kit.Hint("Or hand the device to the child, to choose feelings, a number on a scale and fill in the three houses in child mode themselves. What they enter is saved with this interview."))
	f.add(container.NewHBox(ff.ChildMode))

	// 8. Sharing and referrals.
	f.begin("Sharing and referrals")
	ff.shareAgreed = f.multi("What the child agreed may be shared, and anything they asked to keep private", 3)
	ff.shareWith = f.checkSet(env.Cat.Agencies, 2)
	ff.referralBox = container.NewVBox()
	ff.referralSec = f.sec()
	f.field("share_agreed", "What did the child agree may be shared?", "Tell the child what will be shared, with whom and why.", ff.shareAgreed)
	f.field("share_with", "Shared with", "", ff.shareWith)
	f.field("referrals", "Referrals and signposting", "", ff.referralBox)
	f.add(container.NewHBox(env.Button("Add a referral", theme.ContentAddIcon(), func() { ff.addReferral(f, model.Referral{}); f.changed() })))

	f.read = func() (model.Record, map[string]string) { return ff.read(fs) }
	f.extra = func() model.Problems {
		var out model.Problems
		rec, _ := ff.read(fs)
		if r, ok := rec.(model.ReturnInterview); ok {
			if e, ok := c.Episode(r.EpisodeID); ok {
				out = append(out, r.CheckAgainst(e.Value)...)
			}
		}
		for _, v := range ff.Voices {
			if !v.Inputs.empty() {
				out = append(out, v.Inputs.problems(map[string]string{})...)
			}
		}
		return out
	}
	f.keepParts = func() {
		for _, v := range ff.Voices {
			e := v.Inputs.read(map[string]string{})
			e.InterviewID = fs.RecordID
			env.Store.SaveDraft(fs.CaseID, v.recordID, e)
		}
	}
	f.commit = func(rec model.Record) error {
		id, err := env.Store.Save(fs.CaseID, fs.RecordID, fs.Parents, rec)
		if err != nil {
			return err
		}
		// Saved: should a voice entry fail below, trying again saves a new
		// version of each record on top of the one just saved.
		fs.Parents, fs.From = []string{id}, id
		for _, v := range ff.Voices {
			if v.Inputs.empty() {
				env.Store.DiscardDraft(v.recordID)
				continue
			}
			e := v.Inputs.read(map[string]string{})
			e.InterviewID = fs.RecordID
			vid, err := env.Store.Save(fs.CaseID, v.recordID, v.parents, e)
			if err != nil {
				return err
			}
			v.parents = []string{vid}
		}
		return nil
	}
	f.done = env.Back
	f.reveal = func() {
		for _, row := range ff.Indicators {
			if row.Problem.Text() != "" {
				ff.IndicatorList.Open(row.fold)
			}
		}
	}

	rec, hasDraft := startFrom(env, fs)
	r, _ := rec.(model.ReturnInterview)
	f.loading = true
	ff.fill(f, r)
	for _, d := range inlineVoiceDrafts(env, fs.CaseID, fs.RecordID) {
		ff.AddInlineVoice(f, d.recordID, d.entry)
		hasDraft = true
	}
	f.loading = false
	updateDeadline()
	f.Inputs = ff
	v := f.view(hasDraft)
	return v
}

// notHeldReason is the reason chosen for an interview not held, or "".
func (ff *InterviewFields) notHeldReason() model.NotHeldReason {
	for i, l := range reasonLabels() {
		if l == ff.Reason.Selected {
			return model.NotHeldReasons[i]
		}
	}
	return ""
}

// labelNotHeldNotes says whether what happened must be written: it must when
// it was decided not to hold the interview, or for another reason.
func (ff *InterviewFields) labelNotHeldNotes() {
	text := "What happened (optional)"
	if r := ff.notHeldReason(); r == model.NotHeldDecision || r == model.NotHeldOther {
		text = "What happened"
	}
	ff.NotesLabel.SetText(text)
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
func (f *Form) indicatorAccordion(ff *InterviewFields) *widget.Accordion {
	acc := widget.NewAccordion()
	acc.MultiOpen = true
	var order []string
	byCat := map[string][]model.Indicator{}
	for _, in := range f.env.Cat.Indicators {
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
				if ff.Indicators[in.ID].Check.Checked {
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
			row := &IndicatorRow{}
			row.Evidence = f.radio([]string{kit.EvidenceLabels[model.EvidenceObserved], kit.EvidenceLabels[model.EvidenceReported], kit.EvidenceLabels[model.EvidenceConcern]}, nil)
			row.Evidence.Horizontal = true
			row.Note = f.entry("A note: what was seen or said")
			row.Problem = f.problemFor(f.sec(), model.IndicatorField(in.ID))
			f.checkOnLeaving(row.Problem, row.Note)
			row.more = container.NewPadded(container.NewVBox(row.Problem, row.Evidence, row.Note))
			row.more.Hide()
			row.fold = len(acc.Items)
			row.Check = f.check(in.Label, func(b bool) {
				row.more.Hidden = !b
				count()
				f.relayout()
			})
			ff.Indicators[in.ID] = row
			rows.Add(container.NewVBox(row.Check, row.more))
		}
		item.Detail = rows
		acc.Append(item)
	}
	return acc
}

// AddAttempt adds a row for an attempt to hold the interview, filled with a, to
// form f.
func (ff *InterviewFields) AddAttempt(f *Form, a model.Attempt) {
	row := &attemptRow{at: f.dateTime(), how: f.entry("Visit, phone call, message, through the carer"), outcome: f.entry("What happened"),
		atProb: kit.NewProblem(), HowProb: kit.NewProblem()}
	f.checkOnLeaving(row.atProb, row.at)
	f.checkOnLeaving(row.HowProb, row.how)
	loading := f.loading
	f.loading = true
	row.at.set(a.At)
	row.how.SetText(a.How)
	row.outcome.SetText(a.Outcome)
	f.loading = loading
	remove := f.env.Quiet("Remove", theme.DeleteIcon(), func() {
		for i, r := range ff.attempts {
			if r == row {
				ff.attempts = append(ff.attempts[:i], ff.attempts[i+1:]...)
			}
		}
		ff.attemptBox.Remove(row.box)
		ff.placeRows(f)
		f.relayout()
		f.changed()
	})
	row.box = kit.Card(container.NewVBox(
		kit.ProblemBlock("When", "", row.atProb, row.at), kit.ProblemBlock("How", "", row.HowProb, row.how), kit.FieldBlock("Outcome", "", row.outcome),
		container.NewHBox(remove)))
	ff.attempts = append(ff.attempts, row)
	ff.attemptBox.Add(row.box)
	ff.placeRows(f)
	f.relayout()
}

// placeRows keys the problem lines of the attempts and referrals by where
// each row now is in its list, as the record's problems are.
func (ff *InterviewFields) placeRows(f *Form) {
	for key := range f.Fields {
		if strings.HasPrefix(key, "attempts.") || strings.HasPrefix(key, "referrals.") {
			f.forgetField(key)
		}
	}
	for i, r := range ff.attempts {
		f.place(ff.attemptSec, model.ItemField("attempts", i, "at"), r.atProb)
		f.place(ff.attemptSec, model.ItemField("attempts", i, "how"), r.HowProb)
	}
	for i, r := range ff.referrals {
		f.place(ff.referralSec, model.ItemField("referrals", i, "to"), r.ToProb)
	}
}

func (ff *InterviewFields) addReferral(f *Form, r model.Referral) {
	row := &referralRow{to: f.entry("Who to: a service, a team or a person"), reason: f.entry("Why (optional)"), ToProb: kit.NewProblem()}
	f.checkOnLeaving(row.ToProb, row.to)
	loading := f.loading
	f.loading = true
	row.to.SetText(r.To)
	row.reason.SetText(r.Reason)
	f.loading = loading
	remove := f.env.Quiet("Remove", theme.DeleteIcon(), func() {
		for i, x := range ff.referrals {
			if x == row {
				ff.referrals = append(ff.referrals[:i], ff.referrals[i+1:]...)
			}
		}
		ff.referralBox.Remove(row.box)
		ff.placeRows(f)
		f.relayout()
		f.changed()
	})
	row.box = kit.Card(container.NewVBox(kit.ProblemBlock("Referred to", "", row.ToProb, row.to), kit.FieldBlock("Why", "", row.reason), container.NewHBox(remove)))
	ff.referrals = append(ff.referrals, row)
	ff.referralBox.Add(row.box)
	ff.placeRows(f)
	f.relayout()
}

// AddInlineVoice adds a voice entry to the interview, filled with e.
func (ff *InterviewFields) AddInlineVoice(f *Form, recordID string, e model.VoiceEntry) {
	iv := &InlineVoice{recordID: recordID}
	iv.Inputs = f.newVoiceInputs(ff.voiceSec, "voice."+recordID+".", e.Method)
	loading := f.loading
	f.loading = true
	iv.Inputs.fill(e)
	f.loading = loading
	remove := f.env.Quiet("Remove", theme.DeleteIcon(), func() {
		for i, x := range ff.Voices {
			if x == iv {
				ff.Voices = append(ff.Voices[:i], ff.Voices[i+1:]...)
			}
		}
		for key := range f.Fields {
			if strings.HasPrefix(key, iv.Inputs.prefix) {
				f.forgetField(key)
			}
		}
		f.env.Store.DiscardDraft(iv.recordID)
		ff.voiceBox.Remove(iv.Box)
		f.relayout()
		f.changed()
	})
	iv.Box = kit.Card(container.NewVBox(
		container.NewBorder(nil, nil, nil, remove, kit.Subheading(e.Method.Label())),
		iv.Inputs.box))
	ff.Voices = append(ff.Voices, iv)
	ff.voiceBox.Add(iv.Box)
	f.relayout()
}

func (ff *InterviewFields) read(fs *page.Edit) (model.Record, map[string]string) {
	unread := map[string]string{}
	r := model.ReturnInterview{
		Held:                 ff.Held.Selected == HeldYes,
		Interviewer:          strings.TrimSpace(ff.interviewer.Text),
		InterviewerRole:      strings.TrimSpace(ff.role.Text),
		Venue:                strings.TrimSpace(ff.Venue.Text),
		PresentWith:          strings.TrimSpace(ff.presentWith.Text),
		PushFactors:          ff.Push.ids(),
		PullFactors:          ff.Pull.ids(),
		Before:               strings.TrimSpace(ff.before.Text),
		WhereStayed:          strings.TrimSpace(ff.WhereStayed.Text),
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
	readDate(ff.Offered, "offered_at", &r.OfferedAt, unread)
	if ff.Independent.Selected != "" {
		r.Independent = model.Answer(ff.Independent.Selected == IndependentYes)
	}
	if r.Independent == nil || *r.Independent {
		r.NotIndependentReason = ""
	}
	if r.Held {
		readDate(ff.HeldAt, "held_at", &r.HeldAt, unread)
		r.LateReason = strings.TrimSpace(ff.LateReason.Text)
	} else {
		r.NotHeldReason = ff.notHeldReason()
		r.NotHeldNotes = strings.TrimSpace(ff.NotHeldNotes.Text)
	}
	for i, a := range ff.attempts {
		var at time.Time
		readDate(a.at, model.ItemField("attempts", i, "at"), &at, unread)
		r.Attempts = append(r.Attempts, model.Attempt{At: at, How: strings.TrimSpace(a.how.Text), Outcome: strings.TrimSpace(a.outcome.Text)})
	}
	if r.HarmDisclosed {
		r.HarmDetails = strings.TrimSpace(ff.harmDetails.Text)
		r.ActionTaken = strings.TrimSpace(ff.action.Text)
	}
	for _, in := range ff.indicatorOrder() {
		row := ff.Indicators[in]
		if !row.Check.Checked {
			continue
		}
		o := model.Observation{Indicator: in, Note: strings.TrimSpace(row.Note.Text)}
		for e, l := range kit.EvidenceLabels {
			if l == row.Evidence.Selected {
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
func (ff *InterviewFields) indicatorOrder() []string {
	var out []string
	for _, in := range ff.cat.Indicators {
		if _, ok := ff.Indicators[in.ID]; ok {
			out = append(out, in.ID)
		}
	}
	return out
}

func (ff *InterviewFields) fill(f *Form, r model.ReturnInterview) {
	for i, id := range ff.episodeIDs {
		if id == r.EpisodeID {
			ff.episode.SetSelectedIndex(i)
		}
	}
	ff.Offered.set(r.OfferedAt)
	ff.HeldAt.set(r.HeldAt)
	ff.LateReason.SetText(r.LateReason)
	if r.Held {
		ff.Held.SetSelected(HeldYes)
	} else {
		ff.Held.SetSelected(HeldNo)
	}
	ff.HeldBlock.Hidden = !r.Held
	ff.notHeldBlock.Hidden = r.Held
	ff.AttemptsBlock.Hidden = false
	if r.NotHeldReason != "" {
		ff.Reason.SetSelected(r.NotHeldReason.Label())
	}
	ff.NotHeldNotes.SetText(r.NotHeldNotes)
	for _, a := range r.Attempts {
		ff.AddAttempt(f, a)
	}
	ff.interviewer.SetText(r.Interviewer)
	ff.role.SetText(r.InterviewerRole)
	switch {
	case r.Independent == nil:
		ff.Independent.SetSelected("")
	case *r.Independent:
		ff.Independent.SetSelected(IndependentYes)
	default:
		ff.Independent.SetSelected(IndependentNo)
	}
	ff.notIndBlock.Hidden = ff.Independent.Selected != IndependentNo
	ff.notIndReason.SetText(r.NotIndependentReason)
	ff.Venue.SetText(r.Venue)
	ff.presentWith.SetText(r.PresentWith)
	ff.Push.setIDs(r.PushFactors)
	ff.Pull.setIDs(r.PullFactors)
	ff.before.SetText(r.Before)
	ff.WhereStayed.SetText(r.WhereStayed)
	ff.whoWith.SetText(r.WhoWith)
	ff.howTravelled.SetText(r.HowTravelled)
	ff.howReturned.SetText(r.HowReturned)
	ff.harm.SetChecked(r.HarmDisclosed)
	ff.harmBlock.Hidden = !r.HarmDisclosed
	ff.harmDetails.SetText(r.HarmDetails)
	ff.action.SetText(r.ActionTaken)
	for _, o := range r.Indicators {
		if row, ok := ff.Indicators[o.Indicator]; ok {
			row.Check.SetChecked(true)
			row.Evidence.SetSelected(kit.EvidenceLabels[o.Evidence])
			row.Note.SetText(o.Note)
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

// chooseEpisode asks which missing episode an interview is for, showing each
// one's 72-hour deadline.
func chooseEpisode(env page.Env, c *model.Case, waiting []model.Item[model.MissingEpisode]) {
	now := env.Now()
	box := container.NewVBox(kit.Para("Which missing episode is the interview for?"))
	var d dialog.Dialog
	for _, e := range waiting {
		e := e
		text, imp := kit.DeadlineText(e.Value, time.Time{}, now)
		l := kit.Hint(text)
		l.Importance = imp
		box.Add(container.NewVBox(env.Button(kit.EpisodeLabel(e.Value), theme.NavigateNextIcon(), func() {
			d.Hide()
			recordInterview(env, c, e.RecordID)
		}), l))
	}
	d = dialog.NewCustom("Record a return interview", "Cancel", box, env.Win)
	d.Show()
}
