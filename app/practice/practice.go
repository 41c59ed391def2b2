// Package practice holds the practitioner's screens of screening, health
// reviews and plans: a CSE screening whose indicators arrive ticked from the
// interviews and health reviews since the last one, a looked-after child's
// health review summary, and the child's plan, which shows every finding and
// what addresses it. Each screen saves a record of its own and goes back; it
// moves elsewhere only with env.Go.
package practice

import (
	"bytes"
	"encoding/json"
	"errors"
	"log"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
)

// frame is what every practice screen shares: the case, the record it writes,
// a line for problems and the Save button.
type frame struct {
	env      page.Env
	c        *model.Case
	recordID string
	parents  []string
	Problems *kit.ProblemLine
	Save     *widget.Button
	saved    bool // the record was saved: nothing is left to keep as a draft
}

// open reads the case of route r and what the screen starts from: the draft
// left of its record, or the record as saved, or nil for a new one.
func open(env page.Env, r *page.Route) (*frame, model.Record, bool) {
	c, ok := env.Store.Case(r.CaseID)
	if !ok {
		return nil, nil, false
	}
	f := &frame{env: env, c: c, recordID: r.RecordID, Problems: kit.NewProblem()}
	var saved model.Record
	if r.RecordID != "" {
		heads, err := env.Store.Heads(r.RecordID)
		if err == nil && len(heads) > 0 {
			saved = heads[0].Payload.Record
			for _, h := range heads {
				f.parents = append(f.parents, h.ID)
			}
		}
	} else {
		// The screen is built again after a lock: the record it writes keeps
		// its ID in the route.
		r.RecordID = env.Store.NewRecordID()
		f.recordID = r.RecordID
	}
	if d, ok, err := env.Store.Draft(f.recordID); err == nil && ok {
		saved = d
	}
	return f, saved, true
}

// keep makes v keep what was typed as a draft when it goes away (another
// page, the lock), unless nothing was changed; read is the record as the
// screen shows it.
func (f *frame) keep(v *page.View, read func() model.Record) {
	start, _ := json.Marshal(read())
	v.Leave = func() {
		if f.saved {
			return
		}
		rec := read()
		if now, _ := json.Marshal(rec); bytes.Equal(now, start) {
			return
		}
		if err := f.env.Store.SaveDraft(f.c.ID, f.recordID, rec); err != nil {
			log.Printf("homeward: keep a draft: %v", err)
			return
		}
		f.env.StatusChanged()
	}
}

// save validates rec, with the problems only the case can show, and saves it,
// or shows what is wrong and what to do.
func (f *frame) save(rec model.Record, extra model.Problems) {
	err := rec.Validate(f.env.Cat, f.env.Now())
	var ps model.Problems
	if err != nil && !errors.As(err, &ps) {
		f.env.ShowError("The record could not be checked.", err)
		return
	}
	ps = append(ps, extra...)
	if len(ps) > 0 {
		f.Problems.Set(ps.Error())
		f.env.Relayout()
		return
	}
	f.Problems.Set("")
	if _, err := f.env.Store.Save(f.c.ID, f.recordID, f.parents, rec); err != nil {
		f.env.ShowError("The record was not saved.", err)
		return
	}
	f.saved = true
	if err := f.env.Store.DiscardDraft(f.recordID); err != nil {
		log.Printf("homeward: discard a saved record's draft: %v", err)
	}
	f.env.StatusChanged()
	f.env.Back()
}

// view lays a screen out: what it keeps in sight above (the score, what is
// left to address), its fields in a column a comfortable width to read that
// scrolls, and below them its problems and Save, always in sight.
func (f *frame) view(title string, screen any, above fyne.CanvasObject, parts ...fyne.CanvasObject) *page.View {
	f.Save = f.env.Primary("Save", nil, nil)
	bar := container.NewBorder(nil, nil, nil, f.Save, f.Problems)
	top := container.NewVBox(kit.Column(900, container.NewPadded(above)), widget.NewSeparator())
	bottom := container.NewVBox(widget.NewSeparator(), kit.Column(900, container.NewPadded(bar)))
	body := container.NewVScroll(kit.Column(900, container.NewPadded(container.NewVBox(parts...))))
	return &page.View{Title: title + ": " + f.c.Child.Value.Name, Content: container.NewBorder(top, bottom, nil, nil, body), Screen: screen}
}

// dateEntry is an entry holding a date, as kit reads and writes them.
func (f *frame) dateEntry(t time.Time) *kit.Entry {
	e := f.env.NewEntry("Day, month, year")
	e.SetText(kit.FormatDate(t))
	return e
}

// readDate reads a date entry, naming the field when it cannot be read.
func (f *frame) readDate(e *kit.Entry, field string, ps *model.Problems) time.Time {
	t, err := kit.ParseDate(e.Text, f.env.Now())
	if err != nil {
		*ps = append(*ps, model.Problem{Field: field, Message: "The " + field + " date cannot be read: " + err.Error()})
	}
	return t
}

// today is the date of now, as the model keeps dates.
func today(now time.Time) time.Time {
	y, m, d := now.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// agencyPick is a select of the catalogue's agencies.
func agencyPick(cat *model.Catalogue, id string, changed func()) *widget.Select {
	var labels []string
	for _, a := range cat.Agencies {
		labels = append(labels, a.Label)
	}
	s := widget.NewSelect(labels, func(string) {
		if changed != nil {
			changed()
		}
	})
	s.PlaceHolder = "Which agency?"
	if i := slices.IndexFunc(cat.Agencies, func(o model.Option) bool { return o.ID == id }); i >= 0 {
		s.SetSelectedIndex(i)
	}
	return s
}

// agencyOf is the ID of the agency a select shows.
func agencyOf(cat *model.Catalogue, s *widget.Select) string {
	if i := s.SelectedIndex(); i >= 0 {
		return cat.Agencies[i].ID
	}
	return ""
}

// sourceOf says where a finding or a ticked indicator came from.
func sourceOf(c *model.Case, kind model.Kind, recordID string) string {
	switch kind {
	case model.KindInterview:
		for _, r := range c.Interviews {
			if r.RecordID == recordID {
				return "From the return home interview of " + r.Value.HeldAt.Format("2 Jan 2006")
			}
		}
	case model.KindHealth:
		for _, h := range c.HealthReviews {
			if h.RecordID == recordID {
				return "From the health review of " + h.Value.HeldOn.Format("2 Jan 2006")
			}
		}
	case model.KindScreening:
		for _, s := range c.Screenings {
			if s.RecordID == recordID {
				return "From the screening of " + s.Value.HeldOn.Format("2 Jan 2006")
			}
		}
	}
	return ""
}
