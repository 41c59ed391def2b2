package model_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"homeward/model"
)

// records is one full example of every kind of record.
func records() []model.Record {
	ep := validEpisode()
	ep.Notes = "Reported by her foster carer at 22:10."
	stillMissing := validEpisode()
	stillMissing.Returned, stillMissing.WhereFound = time.Time{}, ""
	notHeld := validNotHeldInterview()
	notHeld.NotHeldReason, notHeld.NotHeldNotes = model.NotHeldDecision, "Agreed at the strategy meeting."
	notIndependent := validHeldInterview()
	notIndependent.Independent, notIndependent.NotIndependentReason = model.Answer(false), "She asked for her own social worker."
	standAlone := validVoice(model.MethodWords)
	standAlone.InterviewID, standAlone.Speaker, standAlone.Share = "", "Nan", model.ShareNotAsked
	childSaidNo := validVoice(model.MethodFeelings)
	childSaidNo.ChildShare, childSaidNo.Share = model.AnswerNo, model.AnswerNo.Scope()
	return []model.Record{
		validChild(),
		ep,
		stillMissing,
		validHeldInterview(),
		notHeld,
		notIndependent,
		validVoice(model.MethodWords),
		validVoice(model.MethodFeelings),
		validVoice(model.MethodScale),
		validVoice(model.MethodThreeHouses),
		validVoice(model.MethodObservation),
		validVoice(model.MethodNotSafe),
		childSaidNo,
		standAlone,
		model.Comment{On: on(), Text: "Who is Jo?"},
		model.Comment{On: on(), ReplyTo: "c-1", Text: "Her cousin, 15."},
		model.Return{On: on(), MustChange: "Say where the park is."},
		model.SignOff{On: on(), Note: "Good account in her words."},
		model.Supervision{HeldAt: now.Add(-24 * time.Hour), Discussion: "Her safety at school.", Decisions: "Refer to the panel.",
			Actions: []model.Action{{What: "Make the referral", Owner: "Ann Worker", Due: now.Add(7 * 24 * time.Hour)}}, Next: now.Add(27 * 24 * time.Hour)},
		model.AccessEntry{At: now, Who: "Sue Lead", UserID: "u-sue", DeviceID: "d-1", How: model.AccessReview, RecordID: "r-1"},
	}
}

// on names version 2 of a record, for the oversight records.
func on() model.On {
	return model.On{RecordID: "r-1", VersionID: "v-2", Number: 2, Saved: now.Add(-48 * time.Hour)}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	savedAt := time.Date(2025, 3, 14, 13, 5, 7, 123456789, time.FixedZone("BST", 60*60))
	kinds := map[model.Kind]bool{}
	for i, r := range records() {
		kinds[r.Kind()] = true
		t.Run(string(r.Kind())+"/"+string(rune('a'+i)), func(t *testing.T) {
			b, err := model.Encode(model.Payload{SavedAt: savedAt, SavedBy: "device-7f3a/user-priya", Record: r})
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			p, err := model.Decode(b)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if p.Kind != r.Kind() {
				t.Errorf("Kind = %q, want %q", p.Kind, r.Kind())
			}
			if !p.SavedAt.Equal(savedAt) {
				t.Errorf("SavedAt = %v, want %v", p.SavedAt, savedAt)
			}
			if p.SavedAt.Location() != time.UTC {
				t.Errorf("SavedAt is in %v, want UTC", p.SavedAt.Location())
			}
			if p.SavedBy != "device-7f3a/user-priya" {
				t.Errorf("SavedBy = %q", p.SavedBy)
			}
			if !reflect.DeepEqual(p.Record, r) {
				t.Errorf("Record changed in the round trip:\n got %#v\nwant %#v", p.Record, r)
			}
			if err := p.Record.Validate(cat(), now); err != nil {
				t.Errorf("decoded record no longer valid: %v", err)
			}
		})
	}
	for _, k := range []model.Kind{model.KindChild, model.KindEpisode, model.KindInterview, model.KindVoice} {
		if !kinds[k] {
			t.Errorf("no round trip for kind %q", k)
		}
	}
}

// Encode takes its kind from the record, whatever the payload says, and accepts a
// pointer to a record; Decode always gives the value.
func TestEncodeKindFromRecord(t *testing.T) {
	c := validChild()
	b, err := model.Encode(model.Payload{Kind: model.KindVoice, Record: &c})
	if err != nil {
		t.Fatal(err)
	}
	p, err := model.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != model.KindChild {
		t.Errorf("Kind = %q, want %q", p.Kind, model.KindChild)
	}
	if got, ok := p.Record.(model.Child); !ok || !reflect.DeepEqual(got, c) {
		t.Errorf("Record = %#v, want the child value", p.Record)
	}
}

func TestEncodeNoRecord(t *testing.T) {
	if _, err := model.Encode(model.Payload{Kind: model.KindChild}); err == nil {
		t.Error("Encode with no record succeeded")
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		unknown bool // the error is ErrUnknownKind
	}{
		{"unknown kind", `{"kind":"step_down_plan","saved_at":"2025-03-14T12:00:00Z","saved_by":"x","data":{"score":12}}`, true},
		{"kind in capitals", `{"kind":"CHILD","data":{}}`, true},
		{"no kind", `{"data":{"name":"A"}}`, true},
		{"empty object", `{}`, true},
		{"null", `null`, true},
		{"empty", ``, false},
		{"not JSON", `not a payload`, false},
		{"truncated", `{"kind":"child","data":{"name":"Maisie`, false},
		{"array", `[1,2,3]`, false},
		{"kind not a string", `{"kind":7,"data":{}}`, false},
		{"bad saved_at", `{"kind":"child","saved_at":"yesterday","data":{}}`, false},
		{"no data", `{"kind":"child"}`, false},
		{"data not an object", `{"kind":"missing_episode","data":"went missing"}`, false},
		{"field of the wrong type", `{"kind":"voice_entry","data":{"scale":{"value":"six"}}}`, false},
		{"bad time in data", `{"kind":"missing_episode","data":{"went_missing":"last night"}}`, false},
		{"binary", "\x00\xff\xfe\x01", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := model.Decode([]byte(tt.in))
			if err == nil {
				t.Fatalf("Decode succeeded: %+v", p)
			}
			if got := errors.Is(err, model.ErrUnknownKind); got != tt.unknown {
				t.Errorf("errors.Is(err, ErrUnknownKind) = %v, want %v (err: %v)", got, tt.unknown, err)
			}
			if p.Record != nil {
				t.Errorf("Decode returned a record with its error: %#v", p.Record)
			}
		})
	}
}

// An error never carries the record's content, which is case data.
func TestDecodeErrorHoldsNoCaseData(t *testing.T) {
	tests := []struct{ name, in string }{
		{"bad time in the record", `{"kind":"child","data":{"name":"Maisie Thornbury","date_of_birth":"Maisie's birthday"}}`},
		{"bad saved_at", `{"kind":"child","saved_at":"Maisie's birthday","data":{}}`},
		{"wrong type", `{"kind":"child","data":{"name":["Maisie"]}}`},
		{"syntax", `{"kind":"child","data":{"name":Maisie}}`},
		{"a number where a string belongs", `{"kind":"child","data":{"name":94347659,"nhs_number":"Maisie"}}`},
		{"a string where a number belongs", `{"kind":"voice_entry","data":{"scale":{"value":"Maisie"}}}`},
		{"a long unknown kind", `{"kind":"` + strings.Repeat("Maisie", 20) + `"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := model.Decode([]byte(tt.in))
			if err == nil {
				t.Fatal("Decode succeeded")
			}
			if msg := err.Error(); strings.Contains(msg, "aisie") || strings.Contains(msg, "'M'") || strings.Contains(msg, "94347659") {
				t.Errorf("error carries case data: %v", err)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	for _, r := range records() {
		b, err := model.Encode(model.Payload{SavedAt: now, SavedBy: "device-1", Record: r})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{``, `{}`, `null`, `{"kind":"child","data":null}`, `{"kind":"voice_entry","data":{"method":"scale","scale":null}}`,
		`{"kind":"return_interview","data":{"indicators":[{}],"attempts":[null]}}`, `{"kind":"nope","data":{}}`,
		`{"kind":"child","saved_at":"0000-01-01T00:00:00+01:00","data":{}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := model.Decode(b)
		if err != nil {
			if p.Record != nil {
				t.Fatalf("record returned with error %v", err)
			}
			return
		}
		if p.Record == nil {
			t.Fatal("no record and no error")
		}
		if p.Record.Kind() != p.Kind {
			t.Fatalf("record kind %q in a payload of kind %q", p.Record.Kind(), p.Kind)
		}
		// Whatever decoded must be safe to validate, summarise and put on a timeline.
		_ = p.Record.Validate(cat(), now)
		if v, ok := p.Record.(model.VoiceEntry); ok {
			_ = v.Summary(cat())
		}
		// And what decoded encodes again, after which a round trip changes nothing.
		b1, err := model.Encode(p)
		if err != nil {
			return // a time that moves out of range when made UTC, say
		}
		p1, err := model.Decode(b1)
		if err != nil {
			t.Fatalf("re-encoded payload does not decode: %v\n%s", err, b1)
		}
		b2, err := model.Encode(p1)
		if err != nil {
			t.Fatalf("second encode: %v", err)
		}
		if !bytes.Equal(b1, b2) {
			t.Fatalf("round trip not stable:\n%s\n%s", b1, b2)
		}
	})
}
