package kit

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/model"
	"homeward/store"
)

// Fact is one line of a record as people read it.
type Fact struct {
	Label, Value string
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
	return t.In(time.Local).Format(LongDateTime)
}

// Describe turns a record into facts, leaving out what is empty. c gives
// context: which episode an interview follows.
func Describe(rec model.Record, cat *model.Catalogue, c *model.Case) []Fact {
	var out []Fact
	add := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			out = append(out, Fact{label, value})
		}
	}
	labels := func(ids []string) string { return strings.Join(labelsOf(cat, ids), "; ") }
	switch r := rec.(type) {
	case model.Child:
		add("Name", r.Name)
		if !r.DateOfBirth.IsZero() {
			add("Date of birth", r.DateOfBirth.UTC().Format(LongDate))
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
		add("Reported missing by", r.ReportedBy)
		add("Police reference", r.PoliceReference)
		if r.PoliceRisk != "" {
			add("Police grade of risk", r.PoliceRisk.Label())
		}
		add("Notes", r.Notes)
	case model.ReturnInterview:
		if e, ok := c.Episode(r.EpisodeID); ok {
			add("Missing episode", EpisodeLabel(e.Value))
		}
		add("Offered", when(r.OfferedAt))
		add("Took place", yesNo(r.Held))
		if r.Held {
			add("Held", when(r.HeldAt))
			add("Why it was late", r.LateReason)
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
		switch {
		case r.Independent == nil:
		case *r.Independent:
			add("Independent", "Yes")
		default:
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
			s := cat.Label(o.Indicator) + " (" + strings.ToLower(EvidenceLabels[o.Evidence]) + ")"
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
		case model.MethodNotSafe:
			add("What happened", "They pressed \u201cI don't feel safe\u201d in child mode.")
			if resp := r.Response; resp != nil {
				add("What was done", resp.What)
				add("Recorded", resp.At.In(time.Local).Format(ShortDateTime))
			} else {
				add("What was done", "Nothing recorded yet")
			}
			return out
		default:
			add("Their words", r.Words)
		}
		add("Interpretation (the worker's)", r.Interpretation)
		add("Read back to the child", yesNo(r.ChildChecked))
		add("Who may see it", r.Share.Label())
		if r.ChildShare != model.AnswerNotAsked {
			add("The child's own answer in child mode", r.ChildShare.Label())
		}
	case model.Supervision:
		add("Held", when(r.HeldAt))
		add("Discussion", r.Discussion)
		add("Decisions", r.Decisions)
		for i, a := range r.Actions {
			v := a.What + "\n" + a.Owner + ", by " + a.Due.In(time.Local).Format(LongDate)
			if a.Done {
				v += " (done)"
			}
			add("Action "+strconv.Itoa(i+1), v)
		}
		if r.Next.IsZero() {
			add("Next supervision", "After the team's interval")
		} else {
			add("Next supervision", r.Next.In(time.Local).Format(LongDate))
		}
	case model.Screening:
		add("Date", day(r.HeldOn))
		add("Led by", r.HeldBy)
		add("Re-screen", yesNo(r.Rescreen))
		for _, si := range r.Indicators {
			add(cat.Label(si.Indicator), si.Recency.Label()+"; "+cat.Label(si.Agency))
		}
		for _, cn := range r.Contributions {
			add("From "+cat.Label(cn.Agency), cn.What)
		}
		if !r.Judgement {
			add("Score", strconv.Itoa(r.Points)+": "+r.Computed.Label())
		}
		add("Level set", r.Chosen.Label())
		add("Reason", r.Reason)
		add("Strategy discussion held", day(r.StrategyHeld))
	case model.HealthReview:
		add("Date", day(r.HeldOn))
		add("Held by", r.HeldBy)
		for _, hc := range r.Concerns {
			add(cat.Label(hc.Area), hc.Detail)
		}
		if r.SDQ != nil {
			add("Strengths and difficulties score", strconv.Itoa(*r.SDQ))
		}
		add("Notes", r.Notes)
	case model.Plan:
		add("Agreed", yesNo(r.Agreed))
		add("Agreed on", day(r.AgreedOn))
		add("Review by", day(r.ReviewBy))
		for i, a := range r.Actions {
			v := a.What + "\n" + cat.Label(a.Agency)
			if a.Person != "" {
				v += ", " + a.Person
			}
			add("Action "+strconv.Itoa(i+1), v+", by "+day(a.Due))
		}
		// Each finding by its label, so that a supervisor comparing two
		// versions sees which reason changed.
		label := map[string]string{}
		if c != nil {
			for _, f := range c.Findings(cat) {
				label[f.ID] = f.Label + ", " + day(f.At)
			}
		}
		named := func(id string) string {
			if l := label[id]; l != "" {
				return l
			}
			return "a finding no longer listed"
		}
		for _, n := range r.NoAction {
			add("No action needed: "+named(n.Finding), n.Reason)
		}
		for _, cl := range r.Closed {
			add("Closed: "+named(cl.Finding), day(cl.On)+": "+cl.Reason)
		}
	case model.Information:
		add("Came in", when(r.Received))
		add("From", cat.Label(r.Agency))
		add("Who gave it", r.From)
		add("What it is", r.What)
	case model.PlanReview:
		add("Date", day(r.HeldOn))
		add("Latest screening", r.Level.Label())
		add("Actions reviewed", strconv.Itoa(len(r.Progress)))
		add("The child's view", r.ChildView)
		add("Next review", day(r.NextReview))
	}
	return out
}

// day is a date as people read it, or "" for none.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(LongDate)
}

// FactsBox lays out facts as a read-only form: labels on the left, values on
// the right.
func FactsBox(facts []Fact) fyne.CanvasObject {
	f := widget.NewForm()
	for _, x := range facts {
		v := Para(x.Value)
		v.Selectable = true
		f.Append(x.Label, v)
	}
	return f
}

// EvidenceLabels are the short answers to "how do you know?".
var EvidenceLabels = map[model.Evidence]string{
	model.EvidenceObserved: "Observed",
	model.EvidenceReported: "Reported",
	model.EvidenceConcern:  "A concern",
}

// EpisodeLabel names an episode in a pick-list.
func EpisodeLabel(e model.MissingEpisode) string {
	s := "Missing " + e.WentMissing.In(time.Local).Format(ShortDateTime)
	if e.StillMissing() {
		return s + ", still missing"
	}
	return s + ", back " + e.Returned.In(time.Local).Format(ShortDateTime)
}

// DeadlineText says where an episode stands on the 72-hour clock.
func DeadlineText(e model.MissingEpisode, heldAt time.Time, now time.Time) (string, widget.Importance) {
	if e.StillMissing() {
		return "The child is still missing: the 72 hours start when they come back.", widget.HighImportance
	}
	deadline := e.Returned.Add(model.RHIWindow)
	due := "The interview should be held by " + deadline.In(time.Local).Format(LongDateTime) + ", 72 hours after they came back"
	switch {
	case !heldAt.IsZero() && heldAt.Before(e.Returned):
		return due + ". The interview time is before they came back: is the date and time right?", widget.DangerImportance
	case !heldAt.IsZero() && !heldAt.After(deadline):
		return due + ". It was held within the 72 hours.", widget.SuccessImportance
	case !heldAt.IsZero():
		return due + ". It was held " + model.Span(model.Between(deadline, heldAt)) + " after that.", widget.WarningImportance
	case now.After(deadline):
		return due + ". Overdue by " + model.Span(model.Between(deadline, now)) + ".", widget.DangerImportance
	}
	return due + ". Due in " + model.Span(model.Between(now, deadline)) + ".", widget.WarningImportance
}

// labelsOf turns catalogue IDs into their labels.
func labelsOf(cat *model.Catalogue, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = cat.Label(id)
	}
	return out
}

// SavedRecord is a record's current version, found in a case.
type SavedRecord struct {
	VersionID string
	Value     model.Record
}

// FindRecord finds a saved record of a case by its record ID.
func FindRecord(c *model.Case, recordID string) (SavedRecord, bool) {
	if c.Child.RecordID == recordID {
		return SavedRecord{c.Child.VersionID, c.Child.Value}, true
	}
	for _, e := range c.Episodes {
		if e.RecordID == recordID {
			return SavedRecord{e.VersionID, e.Value}, true
		}
	}
	for _, r := range c.Interviews {
		if r.RecordID == recordID {
			return SavedRecord{r.VersionID, r.Value}, true
		}
	}
	for _, v := range c.Voices {
		if v.RecordID == recordID {
			return SavedRecord{v.VersionID, v.Value}, true
		}
	}
	for _, s := range c.Supervisions {
		if s.RecordID == recordID {
			return SavedRecord{s.VersionID, s.Value}, true
		}
	}
	for _, s := range c.Screenings {
		if s.RecordID == recordID {
			return SavedRecord{s.VersionID, s.Value}, true
		}
	}
	for _, h := range c.HealthReviews {
		if h.RecordID == recordID {
			return SavedRecord{h.VersionID, h.Value}, true
		}
	}
	for _, p := range c.Plans {
		if p.RecordID == recordID {
			return SavedRecord{p.VersionID, p.Value}, true
		}
	}
	for _, r := range c.PlanReviews {
		if r.RecordID == recordID {
			return SavedRecord{r.VersionID, r.Value}, true
		}
	}
	for _, i := range c.Information {
		if i.RecordID == recordID {
			return SavedRecord{i.VersionID, i.Value}, true
		}
	}
	return SavedRecord{}, false
}

// VersionIDs are the IDs of versions, in order.
func VersionIDs(vs []store.Version) []string {
	ids := make([]string, len(vs))
	for i, v := range vs {
		ids[i] = v.ID
	}
	return ids
}

// KindLabel names a kind of record for people.
func KindLabel(k model.Kind) string {
	switch k {
	case model.KindChild:
		return "Child's details"
	case model.KindEpisode:
		return "Missing episode"
	case model.KindInterview:
		return "Return home interview"
	case model.KindVoice:
		return "Child's voice"
	case model.KindScreening:
		return "Screening"
	case model.KindHealth:
		return "Health review"
	case model.KindPlan:
		return "Plan"
	case model.KindPlanReview:
		return "Plan review"
	case model.KindInformation:
		return "Information from an agency"
	case model.KindSupervision:
		return "Case supervision"
	case model.KindComment:
		return "Comment"
	case model.KindReturn:
		return "Returned work"
	case model.KindSignOff:
		return "Sign-off"
	case model.KindAccess:
		return "Access log entry"
	}
	return string(k)
}

// UnreadableChild stands for the name of a child whose details cannot be opened.
const UnreadableChild = "Child's details cannot be opened"

// ChildName is the name of a case's child, as pages show it.
func ChildName(c model.Item[model.Child]) string {
	if c.RecordID == "" {
		return UnreadableChild
	}
	return c.Value.Name
}

// Plural writes a count with the word for one or for many.
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// VoiceLinks lists the saved voice entries of an interview, newest first, each
// with a button that opens it.
func (ctl Controls) VoiceLinks(cat *model.Catalogue, c *model.Case, interviewID string, open func(recordID string)) []fyne.CanvasObject {
	voices := slices.Clone(c.Voices)
	slices.SortStableFunc(voices, func(a, b model.Item[model.VoiceEntry]) int {
		if c := b.Value.RecordedAt.Compare(a.Value.RecordedAt); c != 0 {
			return c
		}
		return b.SavedAt.Compare(a.SavedAt)
	})
	var out []fyne.CanvasObject
	for _, v := range voices {
		if v.Value.InterviewID == interviewID {
			rid := v.RecordID
			out = append(out, container.NewBorder(nil, nil, nil,
				ctl.Button("Open", theme.NavigateNextIcon(), func() { open(rid) }),
				Para(v.Value.Method.Label()+": "+v.Value.Summary(cat))))
		}
	}
	return out
}

// DefaultScaleQuestion starts the scale off; the worker can change it.
const DefaultScaleQuestion = "How safe do you feel?"

// NotSafeText is what a list says of a child who pressed "I don't feel safe"
// at the time at: a list says it only until what was done is recorded.
func NotSafeText(at time.Time) string {
	return "Said they don't feel safe on " + at.In(time.Local).Format(ShortDateTime)
}

// NotSafeNext is what the worker does when a child pressed "I don't feel safe"
// in child mode.
const NotSafeNext = "What to do next:\n" +
	"\u2022 Stay with them and ask, calmly, what is making them feel unsafe. Write down their words.\n" +
	"\u2022 If they or anyone else is in danger now, call 999.\n" +
	"\u2022 Tell your manager or designated safeguarding lead today, and follow your safeguarding procedures.\n" +
	"\u2022 Then record what was done, from \u201cRecord what was done\u201d on their page: until you do, their row stays at the top of your caseload.\n" +
	"It is saved on their timeline, and reaches your supervisor when this device next syncs."
