package vault

import (
	"bytes"
	"errors"
	"testing"
)

func TestOpenAttested(t *testing.T) {
	f := newFixture(t, textPayload(2000))
	sign := f.author.Public().Sign
	env, tag, err := SealLocal(f.h, f.payload, f.ck, f.author)
	if err != nil {
		t.Fatal(err)
	}
	if len(env.Sig) != 0 {
		t.Fatalf("SealLocal signed the envelope (%d bytes)", len(env.Sig))
	}
	other := mustIdentity(t)
	ad, _ := env.associatedData()
	otherTag := other.attest(sigDigest(ad, env.CT, env.WrappedDEK), nil)
	forged := clone(env)
	forged.Sig = randomPayload(64) // a signature the attestation does not cover
	flippedCT := clone(env)
	flippedCT.CT[len(flippedCT.CT)/2] ^= 1
	signed := clone(env)
	if err := SignAttested(signed, f.author, tag); err != nil {
		t.Fatal(err)
	}
	signedTag := f.author.attest(sigDigest(ad, signed.CT, signed.WrappedDEK), signed.Sig)

	for _, tc := range []struct {
		name   string
		env    *Envelope
		sign   []byte
		id     *Identity
		tag    []byte
		target error
	}{
		{"unsigned and attested: opens", env, other.Public().Sign, f.author, tag, nil},
		{"unsigned without a tag", env, sign, f.author, nil, ErrBadSignature},
		{"another identity's tag is no tag", env, sign, f.author, otherTag, ErrBadSignature},
		{"tag checked by the wrong identity", env, sign, other, tag, ErrBadSignature},
		{"tag does not cover a signature added later", forged, sign, f.author, tag, ErrBadSignature},
		{"flipped ciphertext with a valid tag", flippedCT, sign, f.author, tag, ErrTampered},
		{"short tag", env, sign, f.author, tag[:16], ErrBadSignature},
		{"signed, no tag: signature verified", signed, sign, f.author, nil, nil},
		{"signed, no tag, wrong author key", signed, other.Public().Sign, f.author, nil, ErrBadSignature},
		{"signed and attested: signature not needed", signed, other.Public().Sign, f.author, signedTag, nil},
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
		if _, err := OpenAttested(env, Location{RecordID: "elsewhere", CaseID: f.h.CaseID}, f.ck, sign, f.author, tag); !errors.Is(err, ErrMisplaced) {
			t.Fatalf("err = %v, want ErrMisplaced", err)
		}
	})
	t.Run("a wiped identity trusts no tag", func(t *testing.T) {
		id := mustIdentity(t)
		env, tag, err := SealLocal(f.h, f.payload, f.ck, id)
		if err != nil {
			t.Fatal(err)
		}
		pub := id.Public().Sign
		id.Wipe()
		if _, err := OpenAttested(env, f.want(), f.ck, pub, id, tag); !errors.Is(err, ErrBadSignature) {
			t.Fatalf("err = %v, want ErrBadSignature", err)
		}
	})
}

// TestSignAttested checks that signing at push time gives an envelope anyone
// with the author's public key can verify and open, exactly as if Seal had
// signed it, and that nothing altered since sealing is signed.
func TestSignAttested(t *testing.T) {
	f := newFixture(t, textPayload(3000))
	env, tag, err := SealLocal(f.h, f.payload, f.ck, f.author)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := env.MarshalBinary()

	t.Run("signed envelope verifies and opens", func(t *testing.T) {
		e, err := UnmarshalEnvelope(raw)
		if err != nil {
			t.Fatal(err)
		}
		if err := SignAttested(e, f.author, tag); err != nil {
			t.Fatal(err)
		}
		if err := Verify(e, f.author.Public().Sign); err != nil {
			t.Fatalf("Verify = %v", err)
		}
		got, err := Open(e, f.want(), f.ck, f.author.Public().Sign)
		if err != nil || !bytes.Equal(got, f.payload) {
			t.Fatalf("Open = %v", err)
		}
		again, _ := UnmarshalEnvelope(raw)
		if err := SignAttested(again, f.author, tag); err != nil || !bytes.Equal(again.Sig, e.Sig) {
			t.Fatalf("a second signing differs: %v", err)
		}
	})
	t.Run("an already signed, attested envelope is left as it is", func(t *testing.T) {
		e, _ := UnmarshalEnvelope(raw)
		if err := SignAttested(e, f.author, tag); err != nil {
			t.Fatal(err)
		}
		sig := bytes.Clone(e.Sig)
		ad, _ := e.associatedData()
		signedTag := f.author.attest(sigDigest(ad, e.CT, e.WrappedDEK), e.Sig)
		if err := SignAttested(e, f.author, signedTag); err != nil || !bytes.Equal(e.Sig, sig) {
			t.Fatalf("SignAttested = %v, signature changed: %v", err, !bytes.Equal(e.Sig, sig))
		}
	})

	other := mustIdentity(t)
	for _, tc := range []struct {
		name   string
		change func(e *Envelope) (*Identity, []byte)
		target error
	}{
		{"flipped ciphertext", func(e *Envelope) (*Identity, []byte) { e.CT[40] ^= 1; return f.author, tag }, ErrTampered},
		{"flipped wrapped key", func(e *Envelope) (*Identity, []byte) { e.WrappedDEK[30] ^= 1; return f.author, tag }, ErrTampered},
		{"moved to another record", func(e *Envelope) (*Identity, []byte) { e.RecordID = "rec-elsewhere"; return f.author, tag }, ErrTampered},
		{"no tag", func(e *Envelope) (*Identity, []byte) { return f.author, nil }, ErrTampered},
		{"flipped tag", func(e *Envelope) (*Identity, []byte) {
			t := bytes.Clone(tag)
			t[0] ^= 1
			return f.author, t
		}, ErrTampered},
		{"signed by another identity", func(e *Envelope) (*Identity, []byte) { return other, tag }, ErrBadSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, _ := UnmarshalEnvelope(raw)
			id, tg := tc.change(e)
			if err := SignAttested(e, id, tg); !errors.Is(err, tc.target) {
				t.Fatalf("SignAttested = %v, want %v", err, tc.target)
			}
			if len(e.Sig) != 0 {
				t.Fatal("signed an envelope it refused")
			}
		})
	}
	t.Run("wiped identity", func(t *testing.T) {
		id := mustIdentity(t)
		e, tg, err := SealLocal(f.h, f.payload, f.ck, id)
		if err != nil {
			t.Fatal(err)
		}
		id.Wipe()
		if err := SignAttested(e, id, tg); err == nil || len(e.Sig) != 0 {
			t.Fatalf("SignAttested with a wiped identity = %v", err)
		}
	})
}

// TestDraftAttestationIsNoVersionAttestation seals a draft and checks that its
// attestation opens it only as a draft: as a version it neither opens nor is
// signed, and a version's attestation does not open a draft.
func TestDraftAttestationIsNoVersionAttestation(t *testing.T) {
	f := newFixture(t, textPayload(1500))
	sign := f.author.Public().Sign
	draft, dtag, err := SealDraft(f.h, f.payload, f.ck, f.author)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := OpenDraft(draft, f.want(), f.ck, sign, f.author, dtag); err != nil || !bytes.Equal(got, f.payload) {
		t.Fatalf("OpenDraft = %v", err)
	}
	if _, err := OpenAttested(draft, f.want(), f.ck, sign, f.author, dtag); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("a draft opened as a version: %v", err)
	}
	if err := SignAttested(clone(draft), f.author, dtag); !errors.Is(err, ErrTampered) {
		t.Fatalf("a draft's attestation let it be signed: %v", err)
	}
	local, vtag, err := SealLocal(f.h, f.payload, f.ck, f.author)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenDraft(local, f.want(), f.ck, sign, f.author, vtag); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("a version's attestation opened it as a draft: %v", err)
	}
	signed, err := Seal(f.h, f.payload, f.ck, f.author)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenDraft(signed, f.want(), f.ck, sign, f.author, nil); err != nil {
		t.Fatalf("a signed draft (as drafts were first written) did not open: %v", err)
	}
}

func TestAttestVerified(t *testing.T) {
	author, _ := NewIdentity()
	reader, _ := NewIdentity()
	ck, _ := NewCaseKey("case-1", 1)
	e, err := Seal(Header{VersionID: NewVersionID(), RecordID: "rec-1", CaseID: "case-1", KeyEpoch: 1, Schema: 1}, []byte("made-up words"), ck, author)
	if err != nil {
		t.Fatal(err)
	}
	tag, err := AttestVerified(e, author.Public().Sign, reader)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckAttested(e, nil, reader, tag); err != nil {
		t.Fatalf("the reader's attestation does not stand for the signature: %v", err)
	}
	if _, err := AttestVerified(e, reader.Public().Sign, reader); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("attested under the wrong author's key: %v", err)
	}
	e.CT[len(e.CT)-1] ^= 1
	if _, err := AttestVerified(e, author.Public().Sign, reader); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("attested a changed envelope: %v", err)
	}
}
