package cases

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
)

// NewDrafts lists every draft not yet saved, newest first. A child not yet
// saved is named as their draft names them.
func NewDrafts(env page.Env) *page.View {
	drafts := kit.Drafts(env.Store)
	names := map[string]string{}
	for _, d := range drafts {
		if c, ok := env.Store.Case(d.CaseID); ok && c.Child.Value.Name != "" {
			names[d.CaseID] = c.Child.Value.Name
		}
	}
	for _, d := range drafts {
		if d.Kind != model.KindChild || names[d.CaseID] != "" {
			continue
		}
		if r, ok, err := env.Store.Draft(d.RecordID); err == nil && ok {
			if c, ok := r.(model.Child); ok && strings.TrimSpace(c.Name) != "" {
				names[d.CaseID] = strings.TrimSpace(c.Name)
			}
		}
	}
	for _, d := range drafts {
		if names[d.CaseID] == "" {
			names[d.CaseID] = "A new child"
		}
	}
	list := widget.NewList(func() int { return len(drafts) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, container.NewPadded(widget.NewIcon(theme.DocumentCreateIcon())), nil, container.NewVBox(kit.Bold(""), widget.NewLabel("")))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			d := drafts[i]
			box := o.(*fyne.Container).Objects[0].(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(kit.KindLabel(d.Kind) + ": " + names[d.CaseID])
			box.Objects[1].(*widget.Label).SetText("Kept " + d.Saved.In(time.Local).Format(kit.ShortDateTime))
		})
	list.OnSelected = func(i widget.ListItemID) {
		env.Touch()
		list.UnselectAll()
		d := drafts[i]
		env.Go(page.Route{Kind: page.OpenDraft, CaseID: d.CaseID, RecordID: d.RecordID})
	}
	content := fyne.CanvasObject(list)
	if len(drafts) == 0 {
		content = container.NewPadded(kit.Para("No drafts: everything has been saved."))
	}
	return &page.View{
		Title: "Unsaved drafts",
		Content: container.NewBorder(container.NewPadded(kit.Hint("What was typed but not yet saved. Open one to finish it and save it, or to discard it.")),
			nil, nil, nil, content),
	}
}
