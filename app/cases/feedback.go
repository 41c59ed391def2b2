package cases

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
)

// Feedback is what the practitioner's home shows above the caseload: work a
// supervisor returned, comments not yet answered that others wrote, and
// supervision actions past their date. Each line opens its record or child.
type Feedback struct {
	Lines []FeedbackLine
	Open  []*widget.Button
}

// FeedbackLine is one line of the feedback.
type FeedbackLine struct {
	CaseID, RecordID string
	Text             string
	at               time.Time
}

// feedbackLines gathers the feedback from the summaries, newest first; me is
// this device's ID, whose own comments are not news to it.
func feedbackLines(sums []model.Summary, me string, now time.Time) []FeedbackLine {
	var out []FeedbackLine
	for _, s := range sums {
		name := kit.ChildName(s.Child)
		for _, r := range s.Oversight.Returned {
			out = append(out, FeedbackLine{s.ID, r.RecordID, "Returned by " + kit.OrSomeone(r.By) + ": " + name + ", " + kit.KindLabel(r.Kind) + ". " + r.MustChange, r.At})
		}
		for _, c := range s.Oversight.Comments {
			if c.Author != me {
				out = append(out, FeedbackLine{s.ID, c.RecordID, "Comment from " + kit.OrSomeone(c.By) + ": " + name + ", " + kit.KindLabel(c.Kind) + ". " + c.Text, c.At})
			}
		}
		for _, a := range s.Oversight.OverdueActions(now) {
			out = append(out, FeedbackLine{s.ID, "", "Action overdue since " + a.Due.In(time.Local).Format(kit.ShortDate) + ": " + name + ". " + a.What + " (" + a.Owner + ")", a.Due})
		}
	}
	slices.SortStableFunc(out, func(a, b FeedbackLine) int { return b.at.Compare(a.at) })
	return out
}

// maxFeedback is how many lines of feedback the caseload shows; the rest are
// counted.
const maxFeedback = 3

// newFeedback builds the feedback block, or nil when there is none.
func newFeedback(env page.Env, s *Caseload) fyne.CanvasObject {
	s.Feedback = &Feedback{Lines: feedbackLines(env.Store.Cases(), env.Store.DeviceID(), env.Now())}
	if len(s.Feedback.Lines) == 0 {
		return nil
	}
	box := container.NewVBox(kit.Subheading("From your supervisor"))
	for i, l := range s.Feedback.Lines {
		if i == maxFeedback {
			box.Add(kit.Hint("And " + kit.Plural(len(s.Feedback.Lines)-maxFeedback, "more, on its record", "more, each on its record")))
			break
		}
		l := l
		open := env.Button("Open", theme.NavigateNextIcon(), func() {
			if l.RecordID == "" {
				env.Go(page.Route{Kind: page.Child, CaseID: l.CaseID})
				return
			}
			env.Go(page.Route{Kind: page.Record, CaseID: l.CaseID, RecordID: l.RecordID})
		})
		s.Feedback.Open = append(s.Feedback.Open, open)
		text := kit.Para(l.Text)
		box.Add(container.NewBorder(nil, nil, nil, open, text))
	}
	return box
}

// oversight shows on a record where it stands with the supervisor and its
// comments, with a way to comment and to answer. It saves through the store
// and builds the screen again.
func oversight(env page.Env, c *model.Case, recordID, versionID string, kind model.Kind) (fyne.CanvasObject, *widget.Button) {
	if !model.Reviewable(kind) {
		return nil, nil
	}
	history, err := env.Store.History(recordID)
	if err != nil {
		return nil, nil
	}
	var head model.Head
	for _, h := range c.Reviewed() {
		if h.RecordID == recordID {
			head = h
		}
	}
	review := c.ReviewOf(head)
	on := kit.OnVersion(history, versionID)
	save := func(r model.Record) error {
		if err := kit.SaveAbout(env.Store, c.ID, r); err != nil {
			return err
		}
		env.StatusChanged()
		env.Refresh()
		return nil
	}
	text, imp := kit.ReviewText(review, head, env.Now())
	status := kit.Para(text)
	status.Importance = imp
	box := container.NewVBox(widget.NewSeparator(), kit.Subheading("Supervision"), status, kit.Subheading("Comments"))
	box.Add(env.Thread(review.Thread, kit.VersionNumbers(history), func(commentID string) {
		env.AskText("Answer the comment", "Your answer goes to your supervisor with the next sync.", "Answer", "Write your answer first.", func(t string) error {
			return save(model.Comment{On: on, ReplyTo: commentID, Text: t})
		})
	}))
	comment := env.Button("Comment", theme.MailComposeIcon(), func() {
		env.AskText("Comment on this record", "It goes to your supervisor with the next sync.", "Add the comment", "Write the comment first.", func(t string) error {
			return save(model.Comment{On: on, Text: t})
		})
	})
	box.Add(container.NewHBox(comment))
	return box, comment
}
