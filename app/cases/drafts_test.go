package cases

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"homeward/app/page/pagetest"
	"homeward/model"
)

// A child not yet saved is listed among the drafts by the name typed, not as
// "A new child" (issue 11, item 10).
func TestDraftsNameTheChildTyped(t *testing.T) {
	h := pagetest.New(t, fyne.NewSize(1280, 800))
	st := h.Env.Store
	caseID, err := st.NewCase()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveDraft(caseID, st.NewRecordID(), model.Child{Name: "Jamie Example"}); err != nil {
		t.Fatal(err)
	}
	h.Show(NewDrafts(h.Env))
	var texts []string
	pagetest.EachObject(h.Env.Win.Content(), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	})
	if all := strings.Join(texts, "\n"); !strings.Contains(all, "Jamie Example") || strings.Contains(all, "A new child") {
		t.Fatalf("the drafts list says:\n%s", all)
	}
}
