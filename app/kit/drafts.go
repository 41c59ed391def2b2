package kit

import (
	"time"

	"homeward/model"
	"homeward/store"
)

// Drafts lists the drafts a person would think of as unfinished work, newest
// first. A voice entry added inside an interview not yet saved is part of that
// interview's draft, so it is not listed on its own.
func Drafts(st *store.Store) []store.DraftInfo {
	all := st.Drafts()
	interviews := map[string]bool{}
	for _, d := range all {
		if d.Kind == model.KindInterview {
			interviews[d.RecordID] = true
		}
	}
	var out []store.DraftInfo
	for _, d := range all {
		if d.Kind == model.KindVoice && len(interviews) > 0 {
			if r, ok, err := st.Draft(d.RecordID); err == nil && ok {
				if v, ok := r.(model.VoiceEntry); ok && interviews[v.InterviewID] {
					continue
				}
			}
		}
		out = append(out, d)
	}
	return out
}

// DraftDelay is how long after the last keystroke a draft is kept.
const DraftDelay = time.Second

// DraftOf finds the draft of a record.
func DraftOf(st *store.Store, recordID string) (store.DraftInfo, bool) {
	for _, d := range st.Drafts() {
		if d.RecordID == recordID {
			return d, true
		}
	}
	return store.DraftInfo{}, false
}

// Unfinished finds the newest draft of a new record of this kind in a case, for
// which match (if given) holds: one begun and never saved.
func Unfinished(st *store.Store, caseID string, kind model.Kind, match func(model.Record) bool) (store.DraftInfo, bool) {
	c, _ := st.Case(caseID)
	for _, d := range st.Drafts() {
		if d.CaseID != caseID || d.Kind != kind {
			continue
		}
		if c != nil {
			if _, saved := FindRecord(c, d.RecordID); saved {
				continue
			}
		}
		if match != nil {
			r, ok, err := st.Draft(d.RecordID)
			if err != nil || !ok || !match(r) {
				continue
			}
		}
		return d, true
	}
	return store.DraftInfo{}, false
}
