package vault

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

// CaseKey is the symmetric key of one case (one child) at one epoch. Every
// version of the case's records sealed in that epoch has its data key
// wrapped under it. Call [CaseKey.Wipe] when the app locks.
type CaseKey struct {
	CaseID string
	Epoch  uint32
	Key    [32]byte
}

// NewCaseKey makes a fresh random key for caseID at epoch.
func NewCaseKey(caseID string, epoch uint32) (*CaseKey, error) {
	if err := checkID("case id", caseID); err != nil {
		return nil, fmt.Errorf("new case key: %w", err)
	}
	k := &CaseKey{CaseID: caseID, Epoch: epoch}
	if _, err := rand.Read(k.Key[:]); err != nil {
		return nil, fmt.Errorf("new case key: %w", err)
	}
	return k, nil
}

// Wipe zeroes the key bytes.
func (k *CaseKey) Wipe() { clear(k.Key[:]) }

// WrappedKey is a [CaseKey] sealed to one recipient's X25519 public key: an
// ephemeral X25519 exchange, HKDF-SHA256 and XChaCha20-Poly1305, with
// associated data binding the case ID, epoch, recipient device ID and the
// ephemeral public key. The device that made it signs it with Ed25519 over
// case, epoch, recipient, itself and the sealed key, so that a recipient can
// tell a key its own device or a trusted member made from one planted in its
// file (see [VerifyWrap]).
type WrappedKey struct {
	CaseID    string
	Epoch     uint32
	Recipient string // DeviceID of the identity that can unwrap it
	Signer    string // DeviceID of the identity that made it; "" for a key wrapped before keys were signed

	ephemeral [32]byte // ephemeral X25519 public key
	sealed    []byte   // nonce || AEAD(case key)
	sig       []byte   // the signer's Ed25519 signature (wrapSigned)
}

const (
	wrappedMagicV1 = "HWK\x01"
	wrappedMagic   = "HWK\x02"
	wrappedADLabel = "homeward-wrapped-key/v1\x00"
	wrapSigLabel   = "homeward-wrapped-key-sig/v2\x00"
	wrapKDFInfo    = "homeward-wrap-kek/v1"
	wrappedSealed  = chacha20poly1305.NonceSizeX + 32 + chacha20poly1305.Overhead
)

// signed is what the signer signs: a label, the AD, the signer and the sealed key.
func (w *WrappedKey) signed() []byte {
	b := append([]byte(wrapSigLabel), w.ad()...)
	b = appendStr16(b, w.Signer)
	return append(b, w.sealed...)
}

// VerifyWrap checks that w was made and signed by the identity whose signing
// key is signerSign. It returns an error wrapping [ErrBadSignature] for a key
// that is unsigned, signed by another device, or changed since it was signed.
func VerifyWrap(w *WrappedKey, signerSign ed25519.PublicKey) error {
	if w == nil || w.Signer == "" || len(signerSign) != ed25519.PublicKeySize || deviceIDOf(signerSign) != w.Signer {
		return fmt.Errorf("wrapped key: %w", ErrBadSignature)
	}
	if !ed25519.Verify(signerSign, w.signed(), w.sig) {
		return fmt.Errorf("wrapped key: %w", ErrBadSignature)
	}
	return nil
}

func (w *WrappedKey) ad() []byte {
	b := make([]byte, 0, len(wrappedADLabel)+2+len(w.CaseID)+4+2+len(w.Recipient)+32)
	b = append(b, wrappedADLabel...)
	b = appendStr16(b, w.CaseID)
	b = appendU32(b, w.Epoch)
	b = appendStr16(b, w.Recipient)
	return append(b, w.ephemeral[:]...)
}

// wrapKEK derives the key-encryption key from the X25519 shared secret,
// salted with both public keys of the exchange.
func wrapKEK(shared []byte, ephemeral, recipient *[32]byte) ([]byte, error) {
	salt := make([]byte, 0, 64)
	salt = append(append(salt, ephemeral[:]...), recipient[:]...)
	return hkdf.Key(sha256.New, shared, salt, wrapKDFInfo, chacha20poly1305.KeySize)
}

// WrapCaseKey seals k to the identity whose public keys are to, signed by by.
func WrapCaseKey(k *CaseKey, to PublicIdentity, by *Identity) (*WrappedKey, error) {
	if k == nil {
		return nil, errors.New("vault: wrap case key: no key")
	}
	if by.wiped() {
		return nil, errWiped
	}
	if err := checkID("case id", k.CaseID); err != nil {
		return nil, fmt.Errorf("wrap case key: %w", err)
	}
	if len(to.Sign) != ed25519.PublicKeySize {
		return nil, malformed("recipient", "bad signing key")
	}
	recipient, err := ecdh.X25519().NewPublicKey(to.Box[:])
	if err != nil {
		return nil, malformed("recipient", "bad box key")
	}
	eph, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("wrap case key: %w", err)
	}
	shared, err := eph.ECDH(recipient)
	if err != nil { // low-order point
		return nil, malformed("recipient", "bad box key")
	}
	defer clear(shared)

	w := &WrappedKey{CaseID: k.CaseID, Epoch: k.Epoch, Recipient: to.DeviceID(), Signer: by.DeviceID()}
	copy(w.ephemeral[:], eph.PublicKey().Bytes())
	kek, err := wrapKEK(shared, &w.ephemeral, &to.Box)
	if err != nil {
		return nil, fmt.Errorf("wrap case key: %w", err)
	}
	defer clear(kek)
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return nil, fmt.Errorf("wrap case key: %w", err)
	}
	w.sealed = make([]byte, chacha20poly1305.NonceSizeX, wrappedSealed)
	nonce := w.sealed[:chacha20poly1305.NonceSizeX]
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("wrap case key: %w", err)
	}
	w.sealed = aead.Seal(w.sealed, nonce, k.Key[:], w.ad())
	w.sig = ed25519.Sign(by.sign, w.signed())
	return w, nil
}

// UnwrapCaseKey opens w with id's private key. It returns an error wrapping
// [ErrWrongKey] if w is addressed to another device, [ErrTampered] if any
// byte of it was changed, and [ErrMalformed] if it is incomplete.
func (id *Identity) UnwrapCaseKey(w *WrappedKey) (*CaseKey, error) {
	if w == nil || len(w.sealed) != wrappedSealed {
		return nil, malformed("wrapped key", "incomplete")
	}
	if id.wiped() {
		return nil, errWiped
	}
	if w.Recipient != id.DeviceID() {
		return nil, fmt.Errorf("unwrap case key: %w", ErrWrongKey)
	}
	priv, err := ecdh.X25519().NewPrivateKey(id.box[:])
	if err != nil {
		return nil, fmt.Errorf("unwrap case key: %w", err)
	}
	eph, err := ecdh.X25519().NewPublicKey(w.ephemeral[:])
	if err != nil {
		return nil, fmt.Errorf("unwrap case key: %w", ErrTampered)
	}
	shared, err := priv.ECDH(eph)
	if err != nil { // low-order point: someone changed the ephemeral key
		return nil, fmt.Errorf("unwrap case key: %w", ErrTampered)
	}
	defer clear(shared)
	kek, err := wrapKEK(shared, &w.ephemeral, &id.public.Box)
	if err != nil {
		return nil, fmt.Errorf("unwrap case key: %w", err)
	}
	defer clear(kek)
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return nil, fmt.Errorf("unwrap case key: %w", err)
	}
	k := &CaseKey{CaseID: w.CaseID, Epoch: w.Epoch}
	nonce, ct := w.sealed[:chacha20poly1305.NonceSizeX], w.sealed[chacha20poly1305.NonceSizeX:]
	if _, err := aead.Open(k.Key[:0], nonce, ct, w.ad()); err != nil {
		k.Wipe()
		return nil, fmt.Errorf("unwrap case key: %w", ErrTampered)
	}
	return k, nil
}

// MarshalBinary encodes w: a magic and version, case ID, epoch, recipient,
// signer, ephemeral public key, nonce and sealed key, and the signature.
func (w *WrappedKey) MarshalBinary() ([]byte, error) {
	if len(w.sealed) != wrappedSealed || len(w.sig) != ed25519.SignatureSize {
		return nil, malformed("wrapped key", "incomplete")
	}
	for field, id := range map[string]string{"case id": w.CaseID, "recipient": w.Recipient, "signer": w.Signer} {
		if err := checkID(field, id); err != nil {
			return nil, err
		}
	}
	b := make([]byte, 0, len(wrappedMagic)+2+len(w.CaseID)+4+2+len(w.Recipient)+2+len(w.Signer)+32+wrappedSealed+ed25519.SignatureSize)
	b = append(b, wrappedMagic...)
	b = appendStr16(b, w.CaseID)
	b = appendU32(b, w.Epoch)
	b = appendStr16(b, w.Recipient)
	b = appendStr16(b, w.Signer)
	b = append(b, w.ephemeral[:]...)
	b = append(b, w.sealed...)
	return append(b, w.sig...), nil
}

// UnmarshalWrappedKey decodes what [WrappedKey.MarshalBinary] produced, and
// a key wrapped before keys were signed (with no Signer, which [VerifyWrap]
// refuses). It returns an error wrapping [ErrMalformed] for anything else.
func UnmarshalWrappedKey(b []byte) (*WrappedKey, error) {
	r := reader{b: b}
	v1 := len(b) >= len(wrappedMagicV1) && string(b[:len(wrappedMagicV1)]) == wrappedMagicV1
	if v1 {
		r.magic(wrappedMagicV1)
	} else {
		r.magic(wrappedMagic)
	}
	w := new(WrappedKey)
	w.CaseID = r.str16("case id", maxIDLen)
	w.Epoch = r.u32()
	w.Recipient = r.str16("recipient", maxIDLen)
	if !v1 {
		w.Signer = r.str16("signer", maxIDLen)
	}
	copy(w.ephemeral[:], r.take(32))
	w.sealed = bytes.Clone(r.take(wrappedSealed))
	if !v1 {
		w.sig = bytes.Clone(r.take(ed25519.SignatureSize))
	}
	r.end()
	if r.err != "" {
		return nil, malformed("wrapped key", r.err)
	}
	return w, nil
}
