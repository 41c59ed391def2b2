package vault

import (
	"bytes"
	"errors"
	"testing"
)

func TestVerifyWrap(t *testing.T) {
	alice, bob := mustIdentity(t), mustIdentity(t)
	ck := mustCaseKey(t, "case-7", 2)
	w, err := WrapCaseKey(ck, alice.Public(), bob)
	if err != nil {
		t.Fatal(err)
	}
	if w.Signer != bob.DeviceID() {
		t.Fatalf("Signer = %q, want bob", w.Signer)
	}
	if err := VerifyWrap(w, bob.Public().Sign); err != nil {
		t.Fatalf("VerifyWrap(signer) = %v", err)
	}
	if err := VerifyWrap(w, alice.Public().Sign); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("VerifyWrap(another device) = %v, want ErrBadSignature", err)
	}
	// A wrap made before wraps were signed decodes, unwraps and never verifies.
	b, _ := w.MarshalBinary()
	v1 := append([]byte(wrappedMagicV1), b[len(wrappedMagic):]...)
	signerLen := 2 + len(w.Signer)
	off := len(wrappedMagicV1) + 2 + len(w.CaseID) + 4 + 2 + len(w.Recipient)
	v1 = append(v1[:off:off], v1[off+signerLen:len(v1)-64]...)
	old, err := UnmarshalWrappedKey(v1)
	if err != nil {
		t.Fatalf("UnmarshalWrappedKey(v1) = %v", err)
	}
	if got, err := alice.UnwrapCaseKey(old); err != nil || got.Key != ck.Key {
		t.Fatalf("UnwrapCaseKey(v1) = %v", err)
	}
	if err := VerifyWrap(old, bob.Public().Sign); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("VerifyWrap(v1) = %v, want ErrBadSignature", err)
	}
	if _, err := old.MarshalBinary(); err == nil {
		t.Fatal("an unsigned wrap was encoded")
	}
}

func TestVouch(t *testing.T) {
	id, other := mustIdentity(t), mustIdentity(t)
	tag := id.Vouch("device", []byte("ab"), []byte("c"))
	for _, tc := range []struct {
		name  string
		who   *Identity
		label string
		parts [][]byte
		want  bool
	}{
		{"same", id, "device", [][]byte{[]byte("ab"), []byte("c")}, true},
		{"another identity", other, "device", [][]byte{[]byte("ab"), []byte("c")}, false},
		{"another label", id, "wrap", [][]byte{[]byte("ab"), []byte("c")}, false},
		{"parts split differently", id, "device", [][]byte{[]byte("a"), []byte("bc")}, false},
		{"a part left out", id, "device", [][]byte{[]byte("ab")}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.who.Vouched(tag, tc.label, tc.parts...); got != tc.want {
				t.Fatalf("Vouched = %v, want %v", got, tc.want)
			}
		})
	}
	if id.Vouched(nil, "device") {
		t.Fatal("an empty tag was taken")
	}
}

func TestSealPrivate(t *testing.T) {
	id, other := mustIdentity(t), mustIdentity(t)
	plain := []byte("summary of a made-up case")
	sealed, err := id.SealPrivate("summary", []byte("case-1"), plain)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, plain) {
		t.Fatal("plaintext in the sealed bytes")
	}
	if got, err := id.OpenPrivate("summary", []byte("case-1"), sealed); err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("OpenPrivate = %q, %v", got, err)
	}
	for name, open := range map[string]func() ([]byte, error){
		"another identity": func() ([]byte, error) { return other.OpenPrivate("summary", []byte("case-1"), sealed) },
		"another label":    func() ([]byte, error) { return id.OpenPrivate("digest", []byte("case-1"), sealed) },
		"another case":     func() ([]byte, error) { return id.OpenPrivate("summary", []byte("case-2"), sealed) },
		"changed": func() ([]byte, error) {
			c := bytes.Clone(sealed)
			c[len(c)-1] ^= 1
			return id.OpenPrivate("summary", []byte("case-1"), c)
		},
		"cut short": func() ([]byte, error) { return id.OpenPrivate("summary", []byte("case-1"), sealed[:10]) },
	} {
		if _, err := open(); !errors.Is(err, ErrTampered) {
			t.Errorf("%s: OpenPrivate = %v, want ErrTampered", name, err)
		}
	}
}

func TestSignStatement(t *testing.T) {
	id := mustIdentity(t)
	sig := id.SignStatement("guard", []byte("0"))
	if !VerifyStatement(id.Public().Sign, "guard", []byte("0"), sig) {
		t.Fatal("statement did not verify")
	}
	if VerifyStatement(id.Public().Sign, "guard", []byte("1"), sig) ||
		VerifyStatement(id.Public().Sign, "identity", []byte("0"), sig) ||
		VerifyStatement(mustIdentity(t).Public().Sign, "guard", []byte("0"), sig) {
		t.Fatal("statement verified for another message, label or key")
	}
}

func TestMigrateAttestation(t *testing.T) {
	f := newFixture(t, textPayload(500))
	env, tag, err := SealLocal(f.h, textPayload(500), f.ck, f.author)
	if err != nil {
		t.Fatal(err)
	}
	ad, _ := env.associatedData()
	old := f.author.attestV1(sigDigest(ad, env.CT, env.WrappedDEK), nil)
	if bytes.Equal(old, tag) {
		t.Fatal("the version attestation has no label of its own")
	}
	got, err := MigrateAttestation(env, f.author, old)
	if err != nil || !bytes.Equal(got, tag) {
		t.Fatalf("MigrateAttestation = %x, %v; want %x", got, err, tag)
	}
	if _, err := MigrateAttestation(env, f.author, tag); !errors.Is(err, ErrTampered) {
		t.Fatalf("MigrateAttestation(current tag) = %v, want ErrTampered", err)
	}
	if _, err := MigrateAttestation(env, mustIdentity(t), old); !errors.Is(err, ErrTampered) {
		t.Fatalf("MigrateAttestation(another identity) = %v, want ErrTampered", err)
	}
}

func TestCheckAttested(t *testing.T) {
	f := newFixture(t, textPayload(500))
	env, tag, err := SealLocal(f.h, textPayload(500), f.ck, f.author)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckAttested(env, f.author.Public().Sign, f.author, tag); err != nil {
		t.Fatalf("own attested version: %v", err)
	}
	if err := CheckAttested(env, f.author.Public().Sign, mustIdentity(t), tag); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("another identity's file: %v, want ErrBadSignature", err)
	}
	if err := CheckAttested(f.env, f.author.Public().Sign, mustIdentity(t), nil); err != nil {
		t.Fatalf("signed version from elsewhere: %v", err)
	}
	c := clone(env)
	c.Parents = []string{NewVersionID()}
	if err := CheckAttested(c, f.author.Public().Sign, f.author, tag); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("parents changed: %v, want ErrBadSignature", err)
	}
}
