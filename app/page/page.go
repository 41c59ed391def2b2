// Package page is what a screen of Homeward is given and what it gives back. A
// Route says where to go: a kind of screen and the case, record or form it is
// about. Env is what a screen may use: the open profile's store, the catalogue,
// the clock, the controls of the window, and Go and Back to move on. A
// screen's constructor returns a View, whose Screen is a handle that tests reach
// its widgets through.
//
// Screens live in packages by area (cases, form, childmode, access, supervise;
// syncview and practice as those screens arrive), and the areas never import
// each other: a screen goes to another with env.Go(page.Route{...}), and the
// shell in package app follows the route, in one place (routes.go): it builds
// the screen the route shows, rebuilt from the store on every visit, or calls
// what the route starts. A route that shows nothing is refused and logged.
package page

import (
	"errors"
	"log"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"homeward/app/kit"
	"homeward/model"
	"homeward/store"
)

// Kind is what a route shows, or what it starts.
type Kind int

// The screens a route can show. They are kept on the stack of routes and built
// again from the store whenever they come back on screen.
const (
	Caseload     Kind = iota // every child; Query is the search
	Child                    // a child's page and timeline: CaseID
	Record                   // one saved record, its history or its conflict: CaseID, RecordID
	Drafts                   // every draft not yet saved
	Settings                 // the settings a person can change
	Form                     // the form that writes a record: Edit
	ChildMode                // the child's own screen while the child of CaseID holds the device; only StartChildMode enters it
	Team                     // a supervisor's home: the team's cases and what waits on the supervisor; Query is the search
	Review                   // a supervisor's review of one record: CaseID, RecordID
	AccessLog                // who opened the record of the child of CaseID, when and how
	Screening                // a CSE screening of CaseID: RecordID, or a new one when empty
	HealthReview             // a looked-after child's health review of CaseID: RecordID, or a new one
	Plan                     // the plan of CaseID: RecordID, or a new one
	PlanReview               // a review of the plan of CaseID: RecordID, or a new one of the latest plan
)

// The routes that start something: they may ask a question first (carry on with
// a draft? which episode? a PIN?) and then go to one of the screens above. They
// are never on the stack; the shell's open hands each to the function of its
// area that asks.
const (
	NewChild       Kind = iota + 100 // the form for a new child
	NewEpisode                       // a new missing episode of CaseID
	NewInterview                     // the return interview of CaseID after episode RecordID, or the one due
	NewVoice                         // a new voice entry of CaseID
	EditChild                        // the child's details of CaseID, or their conflict
	EditRecord                       // a saved record, or a merge of its conflict: Edit
	OpenDraft                        // the form a draft belongs to: CaseID, RecordID
	StartChildMode                   // hand the device to the child of CaseID, for the interview RecordID if it is set
	NewSupervision                   // the form for a case supervision of CaseID
	NewInformation                   // the form for new information from an agency about the child of CaseID
)

// Route is where to go: a kind of screen and what it is about.
type Route struct {
	Kind     Kind
	CaseID   string
	RecordID string
	// Edit is what a form writes and starts from. The form keeps it up to date
	// (the part on screen, the case made for a new child), so that it comes back
	// as it was after a lock.
	Edit *Edit
	// Query and Filter are a home's search and whom it shows, kept while pages
	// come and go: on the caseload, which children (missing now, overdue...);
	// on a supervisor's home, one practitioner's cases.
	Query, Filter string
}

// Edit is what a form keeps across rebuilds (after a lock, say): which record
// it writes and what it started from.
type Edit struct {
	Kind     model.Kind // the kind of record, which chooses the form
	CaseID   string
	RecordID string
	Parents  []string     // versions this edit replaces; nil for a new record
	From     string       // the saved version an edit starts from, read from the store each time the form is built
	Initial  model.Record // a new record's starting values
	Merge    bool         // saving merges a conflict
	Part     int          // the section on screen, shown again after a rebuild
}

// View is what a screen returns: its title, its content, and the controls it
// adds to the header.
type View struct {
	Title   string
	Content fyne.CanvasObject
	Actions []fyne.CanvasObject
	Focus   fyne.Focusable
	Leave   func() // called before the view goes away, to keep what was typed
	Tick    func() // called every few seconds while the view is on screen, to keep what it says of time current
	Bare    bool   // no header or status bar: child mode, set-up and unlock
	Screen  any    // the screen's handle, for tests to reach its widgets
}

// Env is what a screen may use.
type Env struct {
	kit.Controls
	Store *store.Store     // the open profile, unlocked
	Cat   *model.Catalogue // the labels and lists records are made of
	Now   func() time.Time // the clock, fixed in tests
	// Async runs work off the UI goroutine and then done on it: for what takes
	// a moment, such as checking a passphrase again.
	Async func(work, done func())
	// After runs f on the UI goroutine after d, unless stopped first.
	After func(d time.Duration, f func()) (stop func())

	Go      func(Route) // opens a screen on top, or starts what the route starts
	Replace func(Route) // swaps the screen on top for another, as when a form saves and its record opens in its place
	Back    func()      // returns to the screen below, rebuilt from the store
	Refresh func()      // builds the screen on top again, after a setting changes say

	// StatusChanged updates the status bar after a change it counts, such as a
	// first draft.
	StatusChanged func()
}

// ShowError tells the person something went wrong, in words they can act on.
func (e Env) ShowError(what string, err error) {
	msg := what
	var p model.Problems
	switch {
	case errors.As(err, &p):
		msg += "\n\n" + p.Error()
	case errors.Is(err, store.ErrLocked):
		msg += "\n\nThe app locked. Unlock it and try again: what you typed is kept."
	case err != nil:
		msg += "\n\nNothing you typed is lost: it is kept as a draft. If this keeps happening, tell your administrator."
		log.Printf("homeward: %s: %v", what, err)
	}
	d := dialog.NewInformation("Something went wrong", msg, e.Win)
	d.Show()
	e.EnterPresses(d, d.Hide)
}
