package cases

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
)

// AccessLog lists every opening of a child's record that this device holds:
// who, when, how and from which device, newest first.
type AccessLog struct {
	Entries []model.AccessEntry
	List    *widget.List
}

// NewAccessLog builds the access log of the child of case caseID.
func NewAccessLog(env page.Env, caseID string) *page.View {
	c, ok := env.Store.Case(caseID)
	log, err := env.Store.AccessLog(caseID)
	if !ok || err != nil {
		return &page.View{Title: "Access log", Content: kit.Para("This child's access log could not be opened. Nothing has been changed: ask your administrator.")}
	}
	s := &AccessLog{Entries: log}
	s.List = widget.NewList(func() int { return len(s.Entries) },
		func() fyne.CanvasObject {
			top := kit.Bold("")
			top.Truncation = fyne.TextTruncateEllipsis
			detail := widget.NewLabel("")
			detail.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(top, detail)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			e := s.Entries[i]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(e.At.In(time.Local).Format(kit.ShortDateTime) + " · " + kit.OrSomeone(e.Who))
			detail := e.How.Label() + " · device " + shortDevice(e.DeviceID)
			if e.RecordID != "" {
				if r, ok := kit.FindRecord(c, e.RecordID); ok {
					detail += " · " + kit.KindLabel(r.Value.Kind())
				}
			}
			box.Objects[1].(*widget.Label).SetText(detail)
		})
	intro := kit.Hint("Every opening of this child's record, on any device, once it has synced here. It is kept with their records and cannot be changed.")
	var body fyne.CanvasObject = s.List
	if len(log) == 0 {
		body = kit.Para("No one has opened this child's record yet.")
	}
	return &page.View{
		Title:   "Access log: " + kit.ChildName(c.Child),
		Content: container.NewBorder(container.NewPadded(intro), nil, nil, nil, body),
		Screen:  s,
	}
}

// shortDevice is the start of a device ID, enough to tell devices apart.
func shortDevice(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
