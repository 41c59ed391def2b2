package form

import (
	"errors"
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

// CheckSet is a grid of check boxes for a catalogue pick-list.
type CheckSet struct {
	widget.BaseWidget
	box    *fyne.Container
	opts   []model.Option
	Checks []*widget.Check
}

func (f *Form) checkSet(opts []model.Option, cols int) *CheckSet {
	s := &CheckSet{opts: opts}
	objs := make([]fyne.CanvasObject, len(opts))
	for i, o := range opts {
		c := f.check(o.Label, nil)
		s.Checks = append(s.Checks, c)
		objs[i] = c
	}
	s.box = kit.Columns(cols, objs...)
	s.ExtendBaseWidget(s)
	return s
}

// CreateRenderer implements fyne.Widget.
func (s *CheckSet) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(s.box) }

// ids is what is ticked, in catalogue order.
func (s *CheckSet) ids() []string {
	var out []string
	for i, c := range s.Checks {
		if c.Checked {
			out = append(out, s.opts[i].ID)
		}
	}
	return out
}

func (s *CheckSet) setIDs(ids []string) {
	for i, c := range s.Checks {
		want := false
		for _, id := range ids {
			want = want || id == s.opts[i].ID
		}
		c.SetChecked(want)
	}
}

// VoiceInputs are the fields of one voice entry, used by the voice form and
// inline in the interview form. Their problems are keyed prefix+field.
type VoiceInputs struct {
	f        *Form
	prefix   string
	Method   *widget.RadioGroup
	recorded *DateField
	Words    *kit.Entry
	Feelings *CheckSet
	question *kit.Entry
	Zero     *kit.Entry
	Ten      *kit.Entry
	Value    *widget.Select // none chosen until the worker picks the child's number
	worries  *kit.Entry
	Good     *kit.Entry
	hopes    *kit.Entry
	interp   *kit.Entry
	speaker  *kit.Entry
	checked  *widget.Check
	share    *widget.RadioGroup
	// childSaid is the child's own answer about sharing, given in child mode,
	// kept as it was whatever the worker records about sharing.
	childSaid     model.ShareAnswer
	childSaidText *widget.Label

	fixed       model.VoiceMethod // set when the method cannot be changed (inline)
	interviewID string
	parts       map[model.VoiceMethod]*fyne.Container
	wordsBlock  *fyne.Container
	box         *fyne.Container
}

func methodLabels() []string {
	out := make([]string, len(model.VoiceMethods))
	for i, m := range model.VoiceMethods {
		out[i] = m.Label()
	}
	return out
}

func shareLabels() []string {
	out := make([]string, len(model.ShareScopes))
	for i, s := range model.ShareScopes {
		out[i] = s.Label()
	}
	return out
}

// newVoiceInputs builds the fields in section sec of f. fixed, when set, is the
// only method offered.
func (f *Form) newVoiceInputs(sec int, prefix string, fixed model.VoiceMethod) *VoiceInputs {
	env := f.env
	v := &VoiceInputs{f: f, prefix: prefix, fixed: fixed}
	v.Method = f.radio(methodLabels(), func(string) { v.showMethod() })
	v.recorded = f.dateTime()
	v.Words = f.multi("", 4)
	v.Feelings = f.checkSet(env.Cat.Feelings, 3)
	v.question = f.entry(kit.DefaultScaleQuestion)
	v.Zero = f.entry("For example: not safe at all")
	v.Ten = f.entry("For example: completely safe")
	// A list with nothing chosen rather than a slider, which would start at 0 and
	// record a 0 the child never chose.
	scaleNumbers := make([]string, 11)
	for i := range scaleNumbers {
		scaleNumbers[i] = strconv.Itoa(i) + " out of 10"
	}
	v.Value = widget.NewSelect(scaleNumbers, func(string) { f.changed() })
	v.Value.PlaceHolder = "Choose the number they chose"
	v.worries = f.multi("What worries them", 3)
	v.Good = f.multi("What is going well", 3)
	v.hopes = f.multi("What they hope for", 3)
	v.interp = f.multi("What you think it means, kept apart from their words", 3)
	v.speaker = f.entry("Leave empty when these are the child's own words")
	v.checked = f.check("The child heard or read this back and agreed it is right", nil)
	v.share = f.radio(shareLabels(), nil)
	v.childSaidText = kit.Hint("")

	field := func(key, label, hintText string, input fyne.CanvasObject, under ...fyne.CanvasObject) *fyne.Container {
		return f.fieldIn(sec, prefix+key, label, hintText, input, under...)
	}
	v.wordsBlock = field("words", "Their words", "Write exactly what they said, in their words, not a summary.", v.Words)
	v.parts = map[model.VoiceMethod]*fyne.Container{
		model.MethodWords:       v.wordsBlock,
		model.MethodObservation: v.wordsBlock,
		model.MethodFeelings:    field("feelings", "Feelings the child chose", "", v.Feelings),
		model.MethodScale: container.NewVBox(
			kit.FieldBlock("The question", "", v.question),
			kit.FieldBlock("What 0 means", "Agree the two ends with the child before they choose a number.", v.Zero),
			kit.FieldBlock("What 10 means", "", v.Ten),
			field("scale", "Where they put themselves", "", v.Value)),
		model.MethodThreeHouses: container.NewVBox(
			kit.FieldBlock("House of worries", "", v.worries),
			kit.FieldBlock("House of good things", "", v.Good),
			field("houses", "House of hopes and dreams", "", v.hopes)),
	}
	methodBlock := field("method", "How was it gathered?", "", v.Method)
	if fixed != "" {
		methodBlock.Hide()
	}
	v.box = container.NewVBox(
		methodBlock,
		field("recorded_at", "When", "", v.recorded),
		v.wordsBlock, v.parts[model.MethodFeelings], v.parts[model.MethodScale], v.parts[model.MethodThreeHouses],
		kit.FieldBlock("Your interpretation (optional)", "Kept apart from the child's words, so nobody mistakes one for the other.", v.interp),
		kit.FieldBlock("Who said it", "", v.speaker),
		v.checked,
		field("share", "Who did the child agree may see this?", "", v.share, v.childSaidText),
	)
	return v
}

// methodOf is the method chosen.
func (v *VoiceInputs) methodOf() model.VoiceMethod {
	if v.fixed != "" {
		return v.fixed
	}
	for _, m := range model.VoiceMethods {
		if m.Label() == v.Method.Selected {
			return m
		}
	}
	return ""
}

// showMethod shows only the fields of the method chosen.
func (v *VoiceInputs) showMethod() {
	m := v.methodOf()
	for _, p := range []*fyne.Container{v.wordsBlock, v.parts[model.MethodFeelings], v.parts[model.MethodScale], v.parts[model.MethodThreeHouses]} {
		p.Hide()
	}
	if p, ok := v.parts[m]; ok {
		p.Show()
	}
	label := v.wordsBlock.Objects[0].(*widget.Label)
	if m == model.MethodObservation {
		label.SetText("What you observed")
	} else {
		label.SetText("Their words")
	}
	v.f.relayout()
}

func (v *VoiceInputs) read(unread map[string]string) model.VoiceEntry {
	e := model.VoiceEntry{
		InterviewID:    v.interviewID,
		Method:         v.methodOf(),
		Speaker:        strings.TrimSpace(v.speaker.Text),
		Interpretation: strings.TrimSpace(v.interp.Text),
		ChildChecked:   v.checked.Checked,
		ChildShare:     v.childSaid,
	}
	readDate(v.recorded, v.prefix+"recorded_at", &e.RecordedAt, unread)
	for i, s := range shareLabels() {
		if s == v.share.Selected {
			e.Share = model.ShareScopes[i]
		}
	}
	switch e.Method {
	case model.MethodWords, model.MethodObservation:
		e.Words = strings.TrimSpace(v.Words.Text)
	case model.MethodFeelings:
		e.Feelings = v.Feelings.ids()
	case model.MethodScale:
		e.Scale = &model.Scale{
			Question: strings.TrimSpace(v.question.Text),
			Zero:     strings.TrimSpace(v.Zero.Text),
			Ten:      strings.TrimSpace(v.Ten.Text),
			Value:    v.Value.SelectedIndex(), // -1 while none is chosen
		}
		if e.Scale.Question == "" {
			e.Scale.Question = kit.DefaultScaleQuestion
		}
	case model.MethodThreeHouses:
		e.Houses = &model.ThreeHouses{
			Worries:     strings.TrimSpace(v.worries.Text),
			GoodThings:  strings.TrimSpace(v.Good.Text),
			HopesDreams: strings.TrimSpace(v.hopes.Text),
		}
	}
	return e
}

func (v *VoiceInputs) fill(e model.VoiceEntry) {
	v.interviewID = e.InterviewID
	v.Method.SetSelected(e.Method.Label())
	if e.RecordedAt.IsZero() {
		e.RecordedAt = v.f.env.Now()
	}
	v.recorded.set(e.RecordedAt)
	v.Words.SetText(e.Words)
	v.Feelings.setIDs(e.Feelings)
	sc := e.Scale
	if sc == nil {
		sc = &model.Scale{Question: kit.DefaultScaleQuestion}
	}
	v.question.SetText(sc.Question)
	v.Zero.SetText(sc.Zero)
	v.Ten.SetText(sc.Ten)
	if e.Scale != nil && sc.Value >= 0 && sc.Value <= 10 {
		v.Value.SetSelectedIndex(sc.Value)
	} else {
		v.Value.ClearSelected()
	}
	h := e.Houses
	if h == nil {
		h = &model.ThreeHouses{}
	}
	v.worries.SetText(h.Worries)
	v.Good.SetText(h.GoodThings)
	v.hopes.SetText(h.HopesDreams)
	v.interp.SetText(e.Interpretation)
	v.speaker.SetText(e.Speaker)
	v.checked.SetChecked(e.ChildChecked)
	v.share.SetSelected(e.Share.Label())
	v.childSaid = e.ChildShare
	v.childSaidText.SetText("In child mode, the child answered: " + e.ChildShare.Label() + ".")
	v.childSaidText.Hidden = e.ChildShare == model.AnswerNotAsked
	v.showMethod()
}

// empty reports whether nothing of the child's has been entered yet.
func (v *VoiceInputs) empty() bool {
	e := v.read(map[string]string{})
	switch e.Method {
	case model.MethodFeelings:
		return len(e.Feelings) == 0
	case model.MethodScale:
		return e.Scale.Zero == "" && e.Scale.Ten == "" && e.Scale.Value < 0
	case model.MethodThreeHouses:
		return e.Houses.Worries+e.Houses.GoodThings+e.Houses.HopesDreams == ""
	}
	return e.Words == ""
}

// problems validates the entry, keyed with the prefix.
func (v *VoiceInputs) problems(unread map[string]string) model.Problems {
	e := v.read(unread)
	var out model.Problems
	for k, msg := range unread {
		out = append(out, model.Problem{Field: k, Message: msg})
	}
	if err := e.Validate(v.f.env.Cat, v.f.env.Now()); err != nil {
		var ps model.Problems
		if errors.As(err, &ps) {
			for _, p := range ps {
				out = append(out, model.Problem{Field: v.prefix + p.Field, Message: p.Message})
			}
		}
	}
	return out
}

// AddVoice opens the form for a new voice entry for case caseID.
func AddVoice(env page.Env, caseID string) {
	fs := &page.Edit{Kind: model.KindVoice, CaseID: caseID, RecordID: env.Store.NewRecordID(),
		Initial: model.VoiceEntry{Method: model.MethodWords, RecordedAt: env.Now().Truncate(time.Minute)}}
	standalone := func(r model.Record) bool { v, ok := r.(model.VoiceEntry); return ok && v.InterviewID == "" }
	if d, ok := kit.Unfinished(env.Store, caseID, model.KindVoice, standalone); ok {
		offerUnfinished(env, d, fs)
		return
	}
	env.Go(page.Route{Kind: page.Form, Edit: fs})
}

func voiceForm(env page.Env, fs *page.Edit) *page.View {
	if v := cannotOpen(env, fs); v != nil {
		return v
	}
	title := "The child's voice"
	if c, ok := env.Store.Case(fs.CaseID); ok {
		title += ": " + kit.ChildName(c.Child)
	}
	f := newForm(env, fs, title)
	v := f.newVoiceInputs(0, "", "")
	f.add(v.box)
	f.read = func() (model.Record, map[string]string) {
		unread := map[string]string{}
		return v.read(unread), unread
	}
	rec, hasDraft := startFrom(env, fs)
	e, _ := rec.(model.VoiceEntry)
	f.loading = true
	v.fill(e)
	f.loading = false
	f.commit = f.saveRecord
	f.done = env.Back
	f.Inputs = v
	return f.view(hasDraft)
}
