package supervise

import (
	"errors"
	"log"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
	"homeward/store"
)

// ReviewScreen is a supervisor's review of one record: the record as the
// practitioner wrote it, where it stands, its versions and what changed
// between two of them, its comments, and the comment, return and sign-off.
type ReviewScreen struct {
	Status   *widget.Label
	From, To *widget.Select // the two versions compared
	Changes  *fyne.Container
	Comment  *widget.Button
	Return   *widget.Button
	SignOff  *widget.Button
	Next     *widget.Button // the next of the child's records waiting for review, oldest first

	Asked   *kit.Asked     // the last dialog that asked for text
	Pass    *kit.Entry     // the sign-off's passphrase, once asked
	Sign    *widget.Button // the sign-off dialog's own button
	Problem *kit.ProblemLine
}

// NewReview builds the review of record recordID of case caseID.
func NewReview(env page.Env, caseID, recordID string) *page.View {
	c, ok := env.Store.Case(caseID)
	if !ok {
		return &page.View{Title: "Review", Content: kit.Para("This child's case could not be found on this device.")}
	}
	saved, found := kit.FindRecord(c, recordID)
	history, err := env.Store.History(recordID)
	heads, herr := env.Store.Heads(recordID)
	if !found || err != nil || herr != nil {
		return &page.View{Title: "Review", Content: kit.Para("This record could not be opened. Nothing has been changed: ask your administrator.")}
	}
	var head model.Head
	for _, h := range c.Reviewed() {
		if h.RecordID == recordID {
			head = h
		}
	}
	numbers := kit.VersionNumbers(history)
	review := c.ReviewOf(head)
	s := &ReviewScreen{}
	now := env.Now()
	kind := saved.Value.Kind()

	text, imp := kit.ReviewText(review, head, now)
	s.Status = kit.Para(text)
	s.Status.Importance = imp
	s.Status.TextStyle.Bold = true

	body := container.NewVBox(kit.Heading(kit.KindLabel(kind)), s.Status)
	for _, w := range c.Awaiting() {
		if w.RecordID != recordID {
			next := w.RecordID
			s.Next = env.Button("Next waiting for review: "+kit.KindLabel(w.Kind), theme.NavigateNextIcon(), func() {
				env.Replace(page.Route{Kind: page.Review, CaseID: caseID, RecordID: next})
			})
			s.Next.Alignment = widget.ButtonAlignLeading
			body.Add(s.Next)
			break
		}
	}
	if len(heads) > 1 {
		body.Add(kit.Para("This record has a conflict: it was changed in two places. It can be signed off once the practitioner has merged it."))
	}
	body.Add(kit.Subheading(kit.VersionLabel(versionOf(history, saved.VersionID), numbers[saved.VersionID]) + " (current)"))
	body.Add(kit.FactsBox(kit.Describe(saved.Value, env.Cat, c)))

	// What changed: from the version signed off, when it has changed since,
	// or else from the version before the current one.
	body.Add(widget.NewSeparator())
	body.Add(kit.Subheading("What changed"))
	labels := make([]string, len(history))
	for i, v := range history {
		labels[i] = kit.VersionLabel(v, i+1)
	}
	s.Changes = container.NewVBox()
	compare := func() {
		a, b := s.From.SelectedIndex(), s.To.SelectedIndex()
		s.Changes.Objects = nil
		if a < 0 || b < 0 {
			return
		}
		if a > b {
			a, b = b, a
		}
		s.Changes.Add(kit.ChangesBox(kit.Changes(kit.Describe(history[a].Payload.Record, env.Cat, c), kit.Describe(history[b].Payload.Record, env.Cat, c))))
		s.Changes.Refresh()
	}
	s.From = widget.NewSelect(labels, func(string) { compare() })
	s.To = widget.NewSelect(labels, func(string) { compare() })
	if len(history) == 1 {
		body.Add(kit.Hint("This is the record's only version."))
	} else {
		to := numbers[saved.VersionID] - 1
		from := to - 1
		if review.SignedOff != nil && review.Stale {
			if n := numbers[review.SignedOff.Value.On.VersionID]; n > 0 {
				from = n - 1
			}
		}
		s.From.SetSelectedIndex(max(0, from))
		s.To.SetSelectedIndex(to)
		body.Add(kit.FieldBlock("From", "", s.From))
		body.Add(kit.FieldBlock("To", "", s.To))
		body.Add(s.Changes)
	}

	body.Add(widget.NewSeparator())
	body.Add(kit.Subheading("Versions"))
	for i := len(history) - 1; i >= 0; i-- {
		v := history[i]
		label := kit.VersionLabel(v, i+1)
		if v.ID == saved.VersionID {
			label += " (current)"
		}
		if review.SignedOff != nil && review.SignedOff.Value.On.VersionID == v.ID {
			label += " (signed off)"
		}
		body.Add(kit.Para(label))
	}

	body.Add(widget.NewSeparator())
	body.Add(kit.Subheading("Comments"))
	on := kit.OnVersion(history, saved.VersionID)
	save := func(r model.Record) error {
		if err := kit.SaveAbout(env.Store, caseID, r); err != nil {
			return err
		}
		env.StatusChanged()
		env.Refresh()
		return nil
	}
	answer := func(commentID string) {
		s.Asked = env.AskText("Answer the comment", "", "Answer", "Write your answer first.", func(t string) error {
			return save(model.Comment{On: on, ReplyTo: commentID, Text: t})
		})
	}
	body.Add(env.Thread(review.Thread, numbers, answer))

	n := strconv.Itoa(on.Number)
	s.Comment = env.Button("Comment", theme.MailComposeIcon(), func() {
		s.Asked = env.AskText("Comment on version "+n, "The practitioner sees it on their home after they sync.", "Add the comment", "Write the comment first.", func(t string) error {
			return save(model.Comment{On: on, Text: t})
		})
	})
	s.Return = env.Button("Return", theme.MailReplyIcon(), func() {
		s.Asked = env.AskText("Return version "+n+" to the practitioner", "Say what must change. It waits at the top of their home until they change the record.", "Return it", "Say what must change first.", func(t string) error {
			return save(model.Return{On: on, MustChange: t})
		})
	})
	s.SignOff = env.Primary("Sign off", theme.ConfirmIcon(), func() { askSignOff(env, s, on, save) })
	if len(heads) > 1 || review.Current() {
		s.SignOff.Disable()
	}
	return &page.View{
		Title:   "Review: " + kit.ChildName(c.Child),
		Content: container.NewVScroll(kit.Column(780, container.NewPadded(body))),
		Actions: []fyne.CanvasObject{s.Comment, s.Return, s.SignOff},
		Screen:  s,
	}
}

// versionOf finds a version in a record's history.
func versionOf(history []store.Version, id string) store.Version {
	i := slices.IndexFunc(history, func(v store.Version) bool { return v.ID == id })
	if i < 0 {
		return store.Version{ID: id}
	}
	return history[i]
}

// askSignOff asks for the passphrase again and, if it is right, signs off
// the version on.
func askSignOff(env page.Env, s *ReviewScreen, on model.On, save func(model.Record) error) {
	s.Pass = env.NewPasswordEntry("Your passphrase")
	s.Problem = kit.NewProblem()
	box := container.NewVBox(
		kit.Para("You are signing off version "+strconv.Itoa(on.Number)+" as it stands. If it changes later, it shows as changed since your sign-off until it is signed off again."),
		kit.FieldBlock("Your passphrase, again", "", s.Pass),
		s.Problem,
	)
	var d *dialog.CustomDialog
	sign := func() {
		pass := []byte(s.Pass.Text)
		var err error
		s.Sign.Disable()
		env.Async(func() { err = env.Store.CheckPassphrase(pass) }, func() {
			clear(pass)
			s.Sign.Enable()
			switch {
			case errors.Is(err, store.ErrWrongPassphrase):
				s.Problem.Set("That is not your passphrase. Type it again: it is the one you unlock Homeward with.")
			case errors.Is(err, store.ErrTooSoon):
				s.Problem.Set("Too many wrong passphrases: wait a little, then try again.")
			case err != nil:
				s.Problem.Set("Your passphrase could not be checked. Try again; if it keeps happening, tell your administrator.")
				log.Printf("homeward: sign-off: %v", err)
			default:
				if err := save(model.SignOff{On: on}); err != nil {
					s.Problem.Set(err.Error())
					break
				}
				d.Hide()
				return
			}
			d.Refresh()
		})
	}
	s.Sign = env.Primary("Sign off version "+strconv.Itoa(on.Number), theme.ConfirmIcon(), sign)
	s.Pass.OnSubmitted = func(string) { sign() }
	d = dialog.NewCustomWithoutButtons("Sign off", box, env.Win)
	d.SetButtons([]fyne.CanvasObject{env.Button("Cancel", theme.CancelIcon(), func() { d.Hide() }), s.Sign})
	d.Resize(fyne.NewSize(min(560, env.Win.Canvas().Size().Width-40), d.MinSize().Height))
	d.Show()
	env.EnterPresses(d, sign)
	env.Win.Canvas().Focus(s.Pass)
}
