package vault

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/subtle"
	"encoding/binary"
	"fmt"

	"golang.org/x/crypto/blake2b"
	"golang.org/x/crypto/chacha20poly1305"
)

// What a device keeps about its own file, beside the versions: which other
// devices it has checked, which wrapped keys it has checked, and the summaries
// it keeps of each case. None of it is ever sent anywhere, so it is not signed
// but vouched for (a MAC) or sealed (an AEAD) under keys derived from the
// identity's attestation key: only the identity's holder can make either, and
// each use has a label of its own so that nothing vouched for one purpose
// passes for another.

// Vouch returns id's MAC over label and parts (each length-prefixed): the
// identity's note that it has checked what parts describe.
func (id *Identity) Vouch(label string, parts ...[]byte) []byte {
	if id.wiped() {
		return nil
	}
	mac, _ := blake2b.New256(id.attestKey[:]) // a 32-byte key is always accepted
	writeParts(mac.Write, label, parts)
	return mac.Sum(nil)
}

// Vouched reports whether tag is id's [Identity.Vouch] of label and parts.
func (id *Identity) Vouched(tag []byte, label string, parts ...[]byte) bool {
	if len(tag) != AttestationSize || id.wiped() {
		return false
	}
	return subtle.ConstantTimeCompare(id.Vouch(label, parts...), tag) == 1
}

func writeParts(write func([]byte) (int, error), label string, parts [][]byte) {
	var n [4]byte
	write([]byte("homeward-vouch/v1\x00"))
	binary.BigEndian.PutUint32(n[:], uint32(len(label)))
	write(n[:])
	write([]byte(label))
	for _, p := range parts {
		binary.BigEndian.PutUint32(n[:], uint32(len(p)))
		write(n[:])
		write(p)
	}
}

// localKey derives the key that seals id's private notes under label.
func (id *Identity) localKey(label string) [32]byte {
	var k [32]byte
	copy(k[:], id.Vouch("seal:"+label))
	return k
}

// SealPrivate encrypts plain for id alone, bound to label and ad: a note a
// device keeps about its own data, such as the summary of a case. Only
// [Identity.OpenPrivate] with the same identity, label and ad opens it.
func (id *Identity) SealPrivate(label string, ad, plain []byte) ([]byte, error) {
	if id.wiped() {
		return nil, errWiped
	}
	k := id.localKey(label)
	defer clear(k[:])
	aead, err := chacha20poly1305.NewX(k[:])
	if err != nil {
		return nil, err
	}
	out := make([]byte, chacha20poly1305.NonceSizeX, chacha20poly1305.NonceSizeX+len(plain)+chacha20poly1305.Overhead)
	if _, err := rand.Read(out); err != nil {
		return nil, fmt.Errorf("seal private: %w", err)
	}
	return aead.Seal(out, out, plain, ad), nil
}

// OpenPrivate opens what [Identity.SealPrivate] sealed. Anything else, or the
// same bytes under another label or ad, returns an error wrapping
// [ErrTampered].
func (id *Identity) OpenPrivate(label string, ad, sealed []byte) ([]byte, error) {
	if id.wiped() {
		return nil, errWiped
	}
	if len(sealed) < chacha20poly1305.NonceSizeX+chacha20poly1305.Overhead {
		return nil, ErrTampered
	}
	k := id.localKey(label)
	defer clear(k[:])
	aead, err := chacha20poly1305.NewX(k[:])
	if err != nil {
		return nil, err
	}
	nonce, ct := sealed[:chacha20poly1305.NonceSizeX], sealed[chacha20poly1305.NonceSizeX:]
	plain, err := aead.Open(nil, nonce, ct, ad)
	if err != nil {
		return nil, ErrTampered
	}
	return plain, nil
}

// SignStatement signs msg under label with id's Ed25519 key: a statement about
// the profile that must be checked before it is unlocked, when only the public
// key is at hand (see [VerifyStatement]).
func (id *Identity) SignStatement(label string, msg []byte) []byte {
	if id.wiped() {
		return nil
	}
	return ed25519.Sign(id.sign, statement(label, msg))
}

// VerifyStatement reports whether sig is pub's [Identity.SignStatement] of msg
// under label.
func VerifyStatement(pub ed25519.PublicKey, label string, msg, sig []byte) bool {
	return len(pub) == ed25519.PublicKeySize && ed25519.Verify(pub, statement(label, msg), sig)
}

func statement(label string, msg []byte) []byte {
	var b []byte
	writeParts(func(p []byte) (int, error) { b = append(b, p...); return len(p), nil }, "statement:"+label, [][]byte{msg})
	return b
}
