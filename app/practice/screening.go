package practice

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
)

// Screening is the screen of a CSE screening, with the widgets tests reach.
type Screening struct {
	*frame
	HeldOn, HeldBy *kit.Entry
	LD             *widget.Check
	Ticks          map[string]*IndicatorRow // by indicator ID
	Contributed    map[string]*kit.Entry    // what each agency contributed, by agency ID
	Score          *widget.Label
	Overrides      *widget.Label
	SingleAgency   *widget.Label
	Chosen         *widget.Select
	Reason         *kit.Entry
	StrategyHeld   *kit.Entry

	base      model.Screening // what the screen started from: the age, whether a re-screen, what it considered
	following bool            // the level set follows the computed one, until the person sets one
	setting   bool            // the screen is setting the level, not the person
}

// IndicatorRow is one indicator of the screening: ticked or not, and when
// ticked, its recency, evidence and agency.
type IndicatorRow struct {
	Tick     *widget.Check
	Recency  *widget.Select
	Evidence *widget.Select
	Agency   *widget.Select
	Source   *widget.Label
	Open     *widget.Button // opens the record Source names
	source   string
	kind     model.Kind
	note     string
	details  *fyne.Container
}

// NewScreening builds the screening of route r: the saved one of r.RecordID,
// or a new one with what the records since the last screening found ticked.
func NewScreening(env page.Env, r *page.Route) *page.View {
	f, saved, other := open(env, r, model.KindScreening)
	if f == nil {
		return other
	}
	s := &Screening{frame: f, Ticks: map[string]*IndicatorRow{}, Contributed: map[string]*kit.Entry{}}
	if sc, ok := saved.(model.Screening); ok {
		s.base = sc
	} else {
		s.base = f.c.NextScreening(env.Cat, today(env.Now()))
		s.base.HeldBy = env.Store.Profile().Name
	}
	cat := env.Cat
	s.HeldOn, s.HeldBy = f.dateEntry(s.base.HeldOn), f.entry("Name and role")
	s.HeldBy.SetText(s.base.HeldBy)
	s.StrategyHeld = f.dateEntry(s.base.StrategyHeld)
	s.LD = f.check("The child has a learning disability")
	s.LD.SetChecked(s.base.LearningDisability)
	s.Score, s.Overrides, s.SingleAgency = kit.Para(""), kit.Para(""), kit.Para("")
	s.Score.TextStyle.Bold = true
	s.SingleAgency.Importance = widget.WarningImportance
	var levelLabels []string
	for _, l := range model.Levels {
		levelLabels = append(levelLabels, l.Label())
	}
	s.Chosen = widget.NewSelect(levelLabels, func(string) {
		if s.setting {
			return
		}
		s.following = false
		s.changed()
	})
	s.Reason = f.multi("Why this level: what the evidence shows, and what is a concern without evidence yet", 3)
	s.Reason.SetText(s.base.Reason)

	title := "Screening"
	if s.base.Rescreen {
		title = "Re-screen"
	}
	intro := "Tick each indicator present. Those found by interviews and health reviews since the last screening are ticked already, with where they came from: check each with the child's network."
	parts := []fyne.CanvasObject{
		kit.Para(intro),
		kit.Columns(2, kit.FieldBlock("Date", "", s.HeldOn), kit.FieldBlock("Led by", "", s.HeldBy)),
		s.LD,
	}
	if news := s.information(); len(news) > 0 {
		parts = append(parts, kit.Subheading("New information to weigh"),
			kit.Hint("What agencies have told you since the last screening. Tick the indicators it shows."))
		parts = append(parts, news...)
	}
	for _, group := range categories(cat) {
		parts = append(parts, kit.Subheading(group.title))
		for _, in := range group.indicators {
			row := s.indicatorRow(in)
			parts = append(parts, row.Tick, row.details)
		}
	}
	parts = append(parts, kit.Subheading("What each agency contributed"),
		kit.Hint("A re-screen is done by agencies together: write what each brought, and leave the others empty."))
	for _, a := range cat.Agencies {
		e := f.entry("What " + a.Label + " brought")
		s.Contributed[a.ID] = e
		parts = append(parts, kit.FieldBlock(a.Label, "", e))
	}
	for _, c := range s.base.Contributions {
		if e, ok := s.Contributed[c.Agency]; ok {
			e.SetText(c.What)
		}
	}
	levelHint, reasonLabel := "Confirm the computed level, or set another and write why.", "Reason"
	if cat.Screening.Model.Judged() {
		levelHint, reasonLabel = "Set the level from what the indicators and the agencies show.", "Your reasons"
	}
	parts = append(parts, kit.Subheading("Risk level"),
		kit.FieldBlock("The level you set", levelHint, s.Chosen),
		kit.FieldBlock(reasonLabel, "", s.Reason),
		kit.Subheading("Strategy discussion"),
		kit.FieldBlock("Held on", "If a strategy discussion about the child has been held, its date: it answers the prompt for one. Leave it empty if none has.", s.StrategyHeld))
	if s.base.Chosen.Valid() {
		s.Chosen.SetSelectedIndex(slices.Index(model.Levels, s.base.Chosen))
	}
	v := f.view(title, s, container.NewVBox(s.Score, s.Overrides, s.SingleAgency), parts...)
	s.Save.OnTapped = func() { s.frame.save(s.read(), s.problems()) }
	s.following = !s.base.Chosen.Valid()
	s.onChange = s.update
	f.track(v, func() model.Record { return s.read() })
	s.update()
	return v
}

// information shows each piece of information from an agency the screening
// considers.
func (s *Screening) information() []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, i := range s.c.Information {
		if !slices.Contains(s.base.Considered, i.RecordID) {
			continue
		}
		head := kit.Bold("From " + s.env.Cat.Label(i.Value.Agency) + ", " + i.Value.Received.In(time.Local).Format(kit.ShortDateTime))
		out = append(out, kit.Card(container.NewVBox(head, kit.Para(i.Value.What))))
	}
	return out
}

type category struct {
	title      string
	indicators []model.Indicator
}

// categories groups the catalogue's indicators by category, in the order met.
func categories(cat *model.Catalogue) []category {
	var out []category
	for _, in := range cat.Indicators {
		title := strings.ToUpper(in.Category[:1]) + in.Category[1:]
		if n := len(out); n == 0 || out[n-1].title != title {
			out = append(out, category{title: title})
		}
		out[len(out)-1].indicators = append(out[len(out)-1].indicators, in)
	}
	return out
}

func (s *Screening) indicatorRow(in model.Indicator) *IndicatorRow {
	src := newSourceLink(s.env, s.c.ID)
	row := &IndicatorRow{Source: src.Text, Open: src.Open}
	var recency, evidence []string
	for _, r := range model.Recencies {
		recency = append(recency, r.Label())
	}
	for _, e := range model.Evidences {
		evidence = append(evidence, evidenceLabel(e))
	}
	row.Recency, row.Evidence = s.pick(recency, "When?"), s.pick(evidence, "How known?")
	row.Agency = s.agencyPick("")
	row.details = container.NewVBox(src.Line, kit.Columns(3, row.Recency, row.Evidence, row.Agency))
	label := in.Label
	if in.Tier != model.TierVulnerability {
		label += " (" + string(in.Tier) + ")"
	}
	row.Tick = widget.NewCheck(label, func(on bool) {
		row.details.Hidden = !on
		if on && row.Recency.SelectedIndex() < 0 {
			row.Recency.SetSelectedIndex(0)
		}
		s.changed()
		s.env.Relayout()
	})
	row.details.Hide()
	s.Ticks[in.ID] = row
	for _, si := range s.base.Indicators {
		if si.Indicator != in.ID {
			continue
		}
		row.source, row.kind, row.note = si.Source, si.SourceKind, si.Note
		what := sourceOf(s.c, si.SourceKind, si.Source)
		if si.SourceKind == model.KindScreening {
			what = "Carried over. " + what + ": check it still stands"
		}
		src.set(si.Source, what)
		if i := slices.Index(model.Recencies, si.Recency); i >= 0 {
			row.Recency.SetSelectedIndex(i)
		}
		if i := slices.Index(model.Evidences, si.Evidence); i >= 0 {
			row.Evidence.SetSelectedIndex(i)
		}
		if i := slices.IndexFunc(s.env.Cat.Agencies, func(o model.Option) bool { return o.ID == si.Agency }); i >= 0 {
			row.Agency.SetSelectedIndex(i)
		}
		row.Tick.SetChecked(true)
	}
	return row
}

func evidenceLabel(e model.Evidence) string {
	switch e {
	case model.EvidenceObserved:
		return "Observed"
	case model.EvidenceReported:
		return "Reported"
	}
	return "Concern, no evidence yet"
}

// read is the screening as the screen shows it, its score computed.
func (s *Screening) read() model.Screening {
	cat := s.env.Cat
	rec := model.Screening{HeldBy: strings.TrimSpace(s.HeldBy.Text), Rescreen: s.base.Rescreen, Age: s.base.Age,
		LearningDisability: s.LD.Checked, Reason: strings.TrimSpace(s.Reason.Text), Considered: s.base.Considered}
	rec.HeldOn, _ = kit.ParseDate(s.HeldOn.Text, s.env.Now())
	if strings.TrimSpace(s.StrategyHeld.Text) != "" {
		rec.StrategyHeld, _ = kit.ParseDate(s.StrategyHeld.Text, s.env.Now())
	}
	if !rec.HeldOn.IsZero() && !s.c.Child.Value.DateOfBirth.IsZero() {
		rec.Age = model.AgeOn(s.c.Child.Value.DateOfBirth, rec.HeldOn)
	}
	for _, in := range cat.Indicators {
		row := s.Ticks[in.ID]
		if !row.Tick.Checked {
			continue
		}
		si := model.ScreenedIndicator{Indicator: in.ID, Agency: agencyOf(cat, row.Agency), Source: row.source, SourceKind: row.kind, Note: row.note}
		if i := row.Recency.SelectedIndex(); i >= 0 {
			si.Recency = model.Recencies[i]
		}
		if i := row.Evidence.SelectedIndex(); i >= 0 {
			si.Evidence = model.Evidences[i]
		}
		rec.Indicators = append(rec.Indicators, si)
	}
	for _, a := range cat.Agencies {
		if w := strings.TrimSpace(s.Contributed[a.ID].Text); w != "" {
			rec.Contributions = append(rec.Contributions, model.Contribution{Agency: a.ID, What: w})
		}
	}
	sc := model.ComputeScore(cat, rec.Input())
	rec.Judgement, rec.Points, rec.Computed = sc.Judgement, sc.Points, sc.Level
	if i := s.Chosen.SelectedIndex(); i >= 0 {
		rec.Chosen = model.Levels[i]
	}
	return rec
}

// problems are those of the dates, which read cannot hold.
func (s *Screening) problems() model.Problems {
	var ps model.Problems
	s.readDate(s.HeldOn, "held_on", "date of the screening", &ps)
	if strings.TrimSpace(s.StrategyHeld.Text) != "" {
		s.readDate(s.StrategyHeld, "strategy_held", "date of the strategy discussion", &ps)
	}
	return ps
}

// update shows the score of what is ticked, live.
func (s *Screening) update() {
	rec := s.read()
	sc := model.ComputeScore(s.env.Cat, rec.Input())
	if s.following && sc.Level.Valid() && s.Chosen.SelectedIndex() != slices.Index(model.Levels, sc.Level) {
		s.setting = true
		s.Chosen.SetSelectedIndex(slices.Index(model.Levels, sc.Level))
		s.setting = false
		rec.Chosen = sc.Level
	}
	if sc.Judgement {
		how := "by professional judgement"
		if s.env.Cat.Screening.Model == model.ModelMatrix {
			how = "with a matrix of categories"
		}
		s.Score.SetText("Your partnership screens " + how + ": set the level and write your reasons.")
		s.Overrides.SetText("")
	} else {
		s.Score.SetText(fmt.Sprintf("Score %s: %s. Level set: %s", strconv.Itoa(sc.Points), strings.ToLower(sc.Level.Label()), strings.ToLower(rec.Chosen.Label())))
		s.Overrides.SetText(strings.Join(sc.Overrides, " "))
	}
	s.Overrides.Hidden = s.Overrides.Text == ""
	msg := ""
	switch len(rec.Agencies()) {
	case 0:
		msg = "No agency is named yet: choose which agency contributed each indicator, and write what each agency brought."
	case 1:
		msg = "Only one agency has contributed. A re-screen is best done by the agencies together: ask the others what they know."
	}
	s.SingleAgency.SetText(msg)
	s.SingleAgency.Hidden = msg == ""
}
