package form

import (
	"homeward/app/page"
	"homeward/model"
)

// Start goes where a route that starts a record leads: to its form, once any
// question about a draft left unfinished is answered, or for a record in
// conflict to the conflict.
func Start(env page.Env, r page.Route) {
	switch r.Kind {
	case page.NewChild:
		addChild(env)
	case page.NewEpisode:
		addEpisode(env, r.CaseID)
	case page.NewInterview:
		recordInterview(env, caseOf(env, r.CaseID), r.RecordID)
	case page.NewVoice:
		addVoice(env, r.CaseID)
	case page.EditChild:
		editChild(env, caseOf(env, r.CaseID))
	case page.EditRecord:
		openForm(env, r.Edit)
	case page.OpenDraft:
		openDraft(env, r.RecordID)
	}
}

// caseOf reads a case from the store, as it stands now.
func caseOf(env page.Env, caseID string) *model.Case {
	if c, ok := env.Store.Case(caseID); ok {
		return c
	}
	return &model.Case{ID: caseID}
}

// New builds the form that writes the record fs is about, chosen by its kind.
func New(env page.Env, fs *page.Edit) *page.View {
	switch fs.Kind {
	case model.KindChild:
		return childForm(env, fs)
	case model.KindEpisode:
		return episodeForm(env, fs)
	case model.KindInterview:
		return interviewForm(env, fs)
	}
	return voiceForm(env, fs)
}
