package vault

import (
	"bytes"
	"errors"
	"testing"
)

func TestWrapUnwrapRoundTrip(t *testing.T) {
	alice, bob := mustIdentity(t), mustIdentity(t)
	ck := mustCaseKey(t, "case-42", 3)
	for _, to := range []*Identity{alice, bob} {
		w, err := WrapCaseKey(ck, to.Public(), to)
		if err != nil {
			t.Fatal(err)
		}
		if w.CaseID != ck.CaseID || w.Epoch != ck.Epoch || w.Recipient != to.DeviceID() {
			t.Fatalf("wrapped key labels: %q %d %q", w.CaseID, w.Epoch, w.Recipient)
		}
		b, err := w.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		w2, err := UnmarshalWrappedKey(b)
		if err != nil {
			t.Fatal(err)
		}
		if b2, _ := w2.MarshalBinary(); !bytes.Equal(b, b2) {
			t.Fatal("marshal, unmarshal, marshal is not stable")
		}
		got, err := to.UnwrapCaseKey(w2)
		if err != nil {
			t.Fatal(err)
		}
		if *got != *ck {
			t.Fatal("unwrapped key differs")
		}
	}
	w1, _ := WrapCaseKey(ck, alice.Public(), alice)
	w2, _ := WrapCaseKey(ck, alice.Public(), alice)
	if bytes.Equal(w1.sealed, w2.sealed) || w1.ephemeral == w2.ephemeral {
		t.Fatal("two wraps of one key are alike")
	}
}

func TestUnwrapNotAddressed(t *testing.T) {
	alice, bob := mustIdentity(t), mustIdentity(t)
	ck := mustCaseKey(t, "case-42", 3)
	w, err := WrapCaseKey(ck, alice.Public(), alice)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bob.UnwrapCaseKey(w); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("error = %v, want ErrWrongKey", err)
	}
	// Relabelled for bob, it still cannot open: bob's key derives another KEK.
	w.Recipient = bob.DeviceID()
	if _, err := bob.UnwrapCaseKey(w); !errors.Is(err, ErrTampered) {
		t.Fatalf("relabelled: error = %v, want ErrTampered", err)
	}
}

// TestWrappedKeyTamper flips every bit of an encoded wrapped key.
func TestWrappedKeyTamper(t *testing.T) {
	id := mustIdentity(t)
	ck := mustCaseKey(t, "case-42", 3)
	w, err := WrapCaseKey(ck, id.Public(), id)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := w.MarshalBinary()
	for i := range b {
		for bit := range 8 {
			c := bytes.Clone(b)
			c[i] ^= 1 << bit
			w2, err := UnmarshalWrappedKey(c)
			if err == nil {
				var k *CaseKey
				k, err = id.UnwrapCaseKey(w2)
				if err == nil {
					// The signer's name is not sealed with the key but signed.
					err = VerifyWrap(w2, id.Public().Sign)
				}
				if k != nil && err == nil {
					t.Fatalf("byte %d bit %d: a changed key unwrapped and verified", i, bit)
				}
			}
			if !isSentinel(err) {
				t.Fatalf("byte %d bit %d: error %v is no sentinel", i, bit, err)
			}
		}
	}
}

func TestWrapCaseKeyRejects(t *testing.T) {
	id := mustIdentity(t)
	if _, err := WrapCaseKey(nil, id.Public(), id); err == nil {
		t.Error("nil key wrapped")
	}
	if _, err := WrapCaseKey(&CaseKey{}, id.Public(), id); err == nil {
		t.Error("key without case wrapped")
	}
	if _, err := WrapCaseKey(mustCaseKey(t, "c", 1), PublicIdentity{Box: id.Public().Box}, id); err == nil {
		t.Error("wrapped to a recipient without signing key")
	}
	if _, err := WrapCaseKey(mustCaseKey(t, "c", 1), PublicIdentity{Sign: id.Public().Sign}, id); err == nil {
		t.Error("wrapped to the all-zero box key")
	}
}
