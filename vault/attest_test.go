package vault

import (
	"errors"
	"testing"
)

func TestOpenAttested(t *testing.T) {
	f := newFixture(t, textPayload(2000))
	sign := f.author.Public().Sign
	env, tag, err := SealAttested(f.h, f.payload, f.ck, f.author)
	if err != nil {
		t.Fatal(err)
	}
	f.env = env
	other := mustIdentity(t)
	ad, _ := f.env.associatedData()
	otherTag := other.attest(sigDigest(ad, f.env.CT, f.env.WrappedDEK), f.env.Sig)
	badSig := clone(f.env)
	badSig.Sig[3] ^= 1
	flippedCT := clone(f.env)
	flippedCT.CT[len(flippedCT.CT)/2] ^= 1
	forged := clone(f.env)
	forged.Sig[0] ^= 1 // an envelope that differs from the attested one

	for _, tc := range []struct {
		name   string
		env    *Envelope
		sign   []byte
		id     *Identity
		tag    []byte
		target error
	}{
		{"attested: signature not needed", f.env, other.Public().Sign, f.author, tag, nil},
		{"no tag: signature verified", f.env, sign, f.author, nil, nil},
		{"no tag, wrong author key", f.env, other.Public().Sign, f.author, nil, ErrBadSignature},
		{"another identity's tag is no tag", f.env, other.Public().Sign, f.author, otherTag, ErrBadSignature},
		{"tag checked by the wrong identity", f.env, other.Public().Sign, other, tag, ErrBadSignature},
		{"tag does not cover a changed signature", forged, sign, f.author, tag, ErrBadSignature},
		{"bad signature, no tag", badSig, sign, f.author, nil, ErrBadSignature},
		{"flipped ciphertext with a valid tag", flippedCT, sign, f.author, tag, ErrTampered},
		{"short tag", f.env, other.Public().Sign, f.author, tag[:16], ErrBadSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := OpenAttested(tc.env, f.want(), f.ck, tc.sign, tc.id, tc.tag)
			if tc.target == nil {
				if err != nil || string(got) != string(f.payload) {
					t.Fatalf("OpenAttested = %v", err)
				}
				return
			}
			if !errors.Is(err, tc.target) || got != nil {
				t.Fatalf("OpenAttested = %d bytes, %v; want %v", len(got), err, tc.target)
			}
		})
	}
	t.Run("misplaced before anything", func(t *testing.T) {
		if _, err := OpenAttested(f.env, Location{RecordID: "elsewhere", CaseID: f.h.CaseID}, f.ck, sign, f.author, tag); !errors.Is(err, ErrMisplaced) {
			t.Fatalf("err = %v, want ErrMisplaced", err)
		}
	})
	t.Run("a wiped identity checks signatures in full", func(t *testing.T) {
		id := mustIdentity(t)
		env, tag, err := SealAttested(f.h, f.payload, f.ck, id)
		if err != nil {
			t.Fatal(err)
		}
		id.Wipe()
		if _, err := OpenAttested(env, f.want(), f.ck, other.Public().Sign, id, tag); !errors.Is(err, ErrBadSignature) {
			t.Fatalf("err = %v, want ErrBadSignature", err)
		}
	})
}
