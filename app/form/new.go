package form

import (
	"homeward/app/page"
	"homeward/model"
)

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
	case model.KindSupervision:
		return supervisionForm(env, fs)
	case model.KindInformation:
		return informationForm(env, fs)
	}
	return voiceForm(env, fs)
}
