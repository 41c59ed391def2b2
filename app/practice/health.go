package practice

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
)

// Health is the screen of a looked-after child's health review summary, with
// the widgets tests reach.
type Health struct {
	*frame
	HeldOn, HeldBy *kit.Entry
	Concerns       map[string]*kit.Entry // the concern in each health area, by area ID
	SDQ            *kit.Entry
	Notes          *kit.Entry
}

// NewHealthReview builds the health review of route r: the saved one of
// r.RecordID, or a new one.
func NewHealthReview(env page.Env, r *page.Route) *page.View {
	f, saved, other := open(env, r, model.KindHealth)
	if f == nil {
		return other
	}
	h := &Health{frame: f, Concerns: map[string]*kit.Entry{}}
	base, _ := saved.(model.HealthReview)
	if base.HeldOn.IsZero() {
		base.HeldOn = today(env.Now())
	}
	h.HeldOn, h.HeldBy = f.dateEntry(base.HeldOn), f.entry("Name or role")
	h.HeldBy.SetText(base.HeldBy)
	h.SDQ = f.entry("0 to 40")
	if base.SDQ != nil {
		h.SDQ.SetText(strconv.Itoa(*base.SDQ))
	}
	h.Notes = f.multi("Anything else the review found, strengths included", 3)
	h.Notes.SetText(base.Notes)
	parts := []fyne.CanvasObject{
		kit.Columns(2, kit.FieldBlock("Date of the review", "", h.HeldOn), kit.FieldBlock("Held by", "", h.HeldBy)),
		kit.Subheading("Concerns"),
		kit.Hint("Leave an area empty when the review raised no concern about it."),
	}
	for _, a := range env.Cat.HealthAreas {
		e := f.multi("What the concern about "+strings.ToLower(a.Label)+" is", 2)
		h.Concerns[a.ID] = e
		parts = append(parts, kit.FieldBlock(a.Label, "", e))
	}
	for _, c := range base.Concerns {
		if e, ok := h.Concerns[c.Area]; ok {
			e.SetText(c.Detail)
		}
	}
	parts = append(parts,
		kit.FieldBlock("Strengths and difficulties questionnaire", "The total difficulties score, if one was done.", h.SDQ),
		kit.FieldBlock("Notes", "", h.Notes))
	v := f.view("Health review", h, kit.Para("Each concern written here becomes a finding the child's plan must address, and arrives ticked in the next screening."), parts...)
	h.Save.OnTapped = func() {
		rec, ps := h.read()
		h.save(rec, ps)
	}
	f.track(v, func() model.Record { rec, _ := h.read(); return rec })
	return v
}

// read is the review as the screen shows it, and what could not be read.
func (h *Health) read() (model.HealthReview, model.Problems) {
	var ps model.Problems
	rec := model.HealthReview{HeldOn: h.readDate(h.HeldOn, "held_on", "date of the review", &ps), HeldBy: strings.TrimSpace(h.HeldBy.Text),
		Notes: strings.TrimSpace(h.Notes.Text)}
	for _, a := range h.env.Cat.HealthAreas {
		if d := strings.TrimSpace(h.Concerns[a.ID].Text); d != "" {
			rec.Concerns = append(rec.Concerns, model.HealthConcern{Area: a.ID, Detail: d})
		}
	}
	if t := strings.TrimSpace(h.SDQ.Text); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil {
			ps = append(ps, model.Problem{Field: "sdq", Message: "Write the questionnaire's score as a number from 0 to 40, or leave it empty."})
		} else {
			rec.SDQ = &n
		}
	}
	return rec, ps
}
