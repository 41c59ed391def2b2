package kit

import (
	"errors"
	"log"
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

// Change is one field that differs between two versions of a record, as
// people read it: what it said and what it says.
type Change struct {
	Label, Was, Now string
}

// Changes compares two versions' facts field by field, in the order the
// newer shows them, then anything only the older had.
func Changes(older, newer []Fact) []Change {
	was := map[string]string{}
	for _, f := range older {
		was[f.Label] = f.Value
	}
	seen := map[string]bool{}
	var out []Change
	for _, f := range newer {
		seen[f.Label] = true
		if was[f.Label] != f.Value {
			out = append(out, Change{f.Label, was[f.Label], f.Value})
		}
	}
	for _, f := range older {
		if !seen[f.Label] {
			out = append(out, Change{f.Label, f.Value, ""})
		}
	}
	return out
}

// ChangesBox lays out the changes between two versions: each field that
// differs, with what it said and what it says now.
func ChangesBox(changes []Change) fyne.CanvasObject {
	if len(changes) == 0 {
		return Para("No field differs between these versions.")
	}
	box := container.NewVBox()
	for _, c := range changes {
		was, now := c.Was, c.Now
		if was == "" {
			was = "(empty)"
		}
		if now == "" {
			now = "(empty)"
		}
		l := Bold(c.Label)
		before := Para("Was: " + was)
		before.Importance = widget.LowImportance
		after := Para("Now: " + now)
		after.TextStyle.Bold = true
		box.Add(container.NewVBox(l, before, after, widget.NewSeparator()))
	}
	return box
}

// VersionLabel says who saved a version and when; n is its number.
func VersionLabel(v store.Version, n int) string {
	return "Version " + strconv.Itoa(n) + ", saved " + v.Payload.SavedAt.In(time.Local).Format(ShortDateTime) + " by " + OrSomeone(v.Payload.SavedBy)
}

// VersionNumbers numbers a record's versions from 1, oldest first, as its
// history lists them.
func VersionNumbers(history []store.Version) map[string]int {
	out := make(map[string]int, len(history))
	for i, v := range history {
		out[v.ID] = i + 1
	}
	return out
}

// OnVersion names a version of a record for a comment, a return or a
// sign-off.
func OnVersion(history []store.Version, versionID string) model.On {
	for i, v := range history {
		if v.ID == versionID {
			return model.On{RecordID: v.RecordID, VersionID: v.ID, Number: i + 1, Saved: v.Payload.SavedAt}
		}
	}
	return model.On{VersionID: versionID}
}

// ReviewText says where a record stands with its supervisor, and how much it
// matters.
func ReviewText(r model.Review, head model.Head, now time.Time) (string, widget.Importance) {
	switch {
	case r.Returned != nil:
		return "Returned by " + OrSomeone(r.Returned.SavedBy) + " on " + r.Returned.SavedAt.In(time.Local).Format(ShortDateTime) +
			". What must change: " + r.Returned.Value.MustChange, widget.DangerImportance
	case r.Current():
		return "Signed off version " + strconv.Itoa(r.SignedOff.Value.On.Number) + " by " + OrSomeone(r.SignedOff.SavedBy) +
			" on " + r.SignedOff.SavedAt.In(time.Local).Format(ShortDateTime), widget.SuccessImportance
	case r.SignedOff != nil:
		return "Signed off version " + strconv.Itoa(r.SignedOff.Value.On.Number) + ", changed since: waiting for review for " +
			model.Span(model.Between(head.SavedAt, now)), widget.WarningImportance
	}
	return "Waiting for review for " + model.Span(model.Between(head.SavedAt, now)), widget.WarningImportance
}

// OrSomeone is a person's name as a page shows it, "someone" when it was not
// recorded.
func OrSomeone(name string) string {
	if strings.TrimSpace(name) == "" {
		return "someone"
	}
	return name
}

// SaveAbout saves r (a comment, a return, a sign-off) as a new record of the
// case, and says what went wrong in words a person can act on.
func SaveAbout(st *store.Store, caseID string, r model.Record) error {
	_, err := st.Save(caseID, st.NewRecordID(), nil, r)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrLocked):
		return errors.New("The app locked. Unlock it and try again.")
	}
	log.Printf("homeward: save %s: %v", r.Kind(), err)
	return errors.New("It could not be saved on this device. What you typed is still here: try again, and if it keeps happening tell your administrator.")
}

// Thread lists a record's comments, oldest first, each answer under what it
// answers, with a button to answer each. numbers are the record's version
// numbers (VersionNumbers).
func (c Controls) Thread(thread []model.Item[model.Comment], numbers map[string]int, answer func(commentID string)) fyne.CanvasObject {
	if len(thread) == 0 {
		return Hint("No comments yet.")
	}
	box := container.NewVBox()
	for _, cm := range thread {
		head := OrSomeone(cm.SavedBy) + ", " + cm.SavedAt.In(time.Local).Format(ShortDateTime)
		if n := numbers[cm.Value.On.VersionID]; n > 0 {
			head += ", on version " + strconv.Itoa(n)
		}
		if cm.Value.ReplyTo != "" {
			head += ", answering"
		}
		id := cm.RecordID
		b := c.Quiet("Answer", theme.MailReplyIcon(), func() { answer(id) })
		text := Para(cm.Value.Text)
		item := container.NewBorder(Bold(head), nil, nil, b, text)
		if cm.Value.ReplyTo != "" {
			item = container.NewBorder(nil, nil, widget.NewLabel(""), nil, item)
		}
		box.Add(item)
	}
	return box
}

// Asked is a dialog that asks for text, kept reachable for tests.
type Asked struct {
	Text    *Entry
	Confirm *widget.Button
	Problem *ProblemLine
}

// AskText asks for some text in a dialog: what must change in a return, a
// comment or an answer. save is called with the text, trimmed; nothing typed,
// or an error save returns, is said in the dialog, which stays open with the
// text kept.
func (c Controls) AskText(title, intro, confirm, empty string, save func(text string) error) *Asked {
	a := &Asked{Text: c.NewMultiEntry("", 5), Problem: NewProblem()}
	box := container.NewVBox()
	if intro != "" {
		box.Add(Para(intro))
	}
	box.Add(a.Text)
	box.Add(a.Problem)
	var d *dialog.CustomDialog
	a.Confirm = c.Primary(confirm, theme.ConfirmIcon(), func() {
		text := strings.TrimSpace(a.Text.Text)
		if text == "" {
			a.Problem.Set(empty)
			d.Refresh()
			return
		}
		if err := save(text); err != nil {
			a.Problem.Set(err.Error())
			d.Refresh()
			return
		}
		d.Hide()
	})
	d = dialog.NewCustomWithoutButtons(title, box, c.Win)
	d.SetButtons([]fyne.CanvasObject{c.Button("Cancel", theme.CancelIcon(), func() { d.Hide() }), a.Confirm})
	d.Resize(fyne.NewSize(min(620, c.Win.Canvas().Size().Width-40), d.MinSize().Height))
	d.Show()
	c.Win.Canvas().Focus(a.Text)
	return a
}

// Supervises reports whether the profile of st is a supervisor's: by the role
// the central store enrolled them with, or their profile's before they are
// enrolled.
func Supervises(st *store.Store) bool {
	role := st.Profile().Role
	if e, err := st.Enrolment(); err == nil {
		role = model.Role(e.Role)
	}
	return role == model.RoleSupervisor
}
