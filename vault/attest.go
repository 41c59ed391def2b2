package vault

import (
	"crypto/ed25519"
	"crypto/subtle"

	"golang.org/x/crypto/blake2b"
)

// An attestation is an identity's own note that it has checked an envelope, or
// made it: a keyed BLAKE2b-256 MAC over a domain label, the signed digest and the
// signature (empty for an envelope not yet signed), under a key derived from the
// identity's signing seed. A device stores one beside each version it seals or verifies, so that
// unlocking, which opens every current version, need not repeat an Ed25519
// verification per version (about four fifths of the cost of Open). Only the
// holder of the identity can make one, so a version written into the device's
// file by anyone else still has its signature checked in full.
const attestLabel = "homeward-attest/v1\x00"

// versionLabel keeps a version's attestation apart from every other MAC made
// under the attestation key (drafts, device records, wrapped keys).
const versionLabel = "homeward-version/v2\x00"

// AttestationSize is the length of an attestation.
const AttestationSize = 32

// SealLocal is [Seal] for the author's own device: it returns the envelope
// unsigned, with author's attestation of it. A device keeps its own saves in this
// form and signs each with [SignAttested] only as it leaves the device, so that a
// save, which the person waits for, pays for no Ed25519 signature (half the
// cryptography of a save). Until then the attestation stands in for the
// signature: [OpenAttested] accepts an unsigned envelope only with it, and only
// the author can make it.
func SealLocal(h Header, payload []byte, ck *CaseKey, author *Identity) (*Envelope, []byte, error) {
	e, d, err := seal(h, payload, ck, author)
	if err != nil {
		return nil, nil, err
	}
	return e, author.attest(d, nil), nil
}

// SignAttested signs e, an envelope author made with [SealLocal], once tag shows
// it is still exactly what author sealed: nothing changed in a file since is ever
// signed. It returns [ErrTampered] when tag is not author's attestation of e, and
// leaves an envelope that is already signed as it is.
func SignAttested(e *Envelope, author *Identity, tag []byte) error {
	if e == nil {
		return malformed("envelope", "missing")
	}
	if author.wiped() {
		return errWiped
	}
	if e.AuthorDevice != author.DeviceID() {
		return ErrBadSignature
	}
	ad, err := e.associatedData()
	if err != nil {
		return err
	}
	d := sigDigest(ad, e.CT, e.WrappedDEK)
	if len(tag) != AttestationSize || subtle.ConstantTimeCompare(author.attest(d, e.Sig), tag) != 1 {
		return ErrTampered
	}
	if len(e.Sig) == 0 {
		e.Sig = ed25519.Sign(author.sign, d[:])
	}
	return nil
}

// A draft, what someone is still typing, is sealed like a version but attested
// under a label of its own: a draft's attestation never vouches for a version,
// so a draft copied into the versions of a file opens as nothing and is never
// signed. (A version's attestation MACs 32 or 96 bytes, a draft's 50: the two can
// never be the same input.)
const draftLabel = "homeward-draft/v1\x00"

// SealDraft is [SealLocal] for a draft: the envelope unsigned, with author's
// attestation of it as a draft, which only [OpenDraft] accepts.
func SealDraft(h Header, payload []byte, ck *CaseKey, author *Identity) (*Envelope, []byte, error) {
	e, d, err := seal(h, payload, ck, author)
	if err != nil {
		return nil, nil, err
	}
	return e, author.attestDraft(d), nil
}

// OpenDraft is [Open] for a draft: when tag is id's attestation of e as a draft
// the envelope needs no signature; otherwise its signature is verified, as Open
// does (drafts written before drafts were attested were signed).
func OpenDraft(e *Envelope, want Location, ck *CaseKey, authorSign ed25519.PublicKey, id *Identity, tag []byte) ([]byte, error) {
	if e == nil {
		return nil, malformed("envelope", "missing")
	}
	return open(e, want, ck, func(ad []byte) error {
		if len(tag) == AttestationSize && !id.wiped() &&
			subtle.ConstantTimeCompare(id.attestDraft(sigDigest(ad, e.CT, e.WrappedDEK)), tag) == 1 {
			return nil
		}
		return e.verify(ad, authorSign)
	})
}

func (id *Identity) attestDraft(d [32]byte) []byte {
	mac, _ := blake2b.New256(id.attestKey[:]) // a 32-byte key is always accepted
	mac.Write([]byte(draftLabel))
	mac.Write(d[:])
	return mac.Sum(nil)
}

// attest returns id's attestation of the envelope with signed digest d and
// signature sig. Only call it for an envelope id sealed or has just verified.
func (id *Identity) attest(d [32]byte, sig []byte) []byte {
	mac, _ := blake2b.New256(id.attestKey[:]) // a 32-byte key is always accepted
	mac.Write([]byte(versionLabel))
	mac.Write(d[:])
	mac.Write(sig)
	return mac.Sum(nil)
}

// attestV1 is a version's attestation as layout 1 and 2 profiles made it, with
// no label of its own; only [MigrateAttestation] reads it.
func (id *Identity) attestV1(d [32]byte, sig []byte) []byte {
	mac, _ := blake2b.New256(id.attestKey[:])
	mac.Write(d[:])
	mac.Write(sig)
	return mac.Sum(nil)
}

// MigrateAttestation returns id's attestation of e under the current label when
// old is id's attestation of e as earlier Homeward made it, and [ErrTampered]
// otherwise. A profile moving to the current layout re-attests its versions
// with it once, so that nothing an earlier attestation did not vouch for is
// vouched for now.
func MigrateAttestation(e *Envelope, id *Identity, old []byte) ([]byte, error) {
	if e == nil {
		return nil, malformed("envelope", "missing")
	}
	if id.wiped() {
		return nil, errWiped
	}
	d, err := e.digest()
	if err != nil {
		return nil, err
	}
	if len(old) != AttestationSize || subtle.ConstantTimeCompare(id.attestV1(d, e.Sig), old) != 1 {
		return nil, ErrTampered
	}
	return id.attest(d, e.Sig), nil
}

// deriveAttestKey sets the key of id's attestations from its signing seed,
// leaving no copy of the seed behind.
func (id *Identity) deriveAttestKey() {
	var in [len(attestLabel) + ed25519.SeedSize]byte
	copy(in[:], attestLabel)
	copy(in[len(attestLabel):], id.sign[:ed25519.SeedSize])
	id.attestKey = blake2b.Sum256(in[:])
	clear(in[:])
}

// OpenAttested is [Open] for an envelope that id may have attested: when tag is
// id's attestation of e the signature is not verified again; otherwise, or when
// tag is empty, it is, exactly as Open does. Every other check is Open's.
func OpenAttested(e *Envelope, want Location, ck *CaseKey, authorSign ed25519.PublicKey, id *Identity, tag []byte) ([]byte, error) {
	if e == nil {
		return nil, malformed("envelope", "missing")
	}
	return open(e, want, ck, func(ad []byte) error { return e.checkAttested(ad, authorSign, id, tag) })
}

// CheckAttested is the authenticity check of [OpenAttested] alone, without
// decrypting: e is id's own, or id has checked it, when tag is id's
// attestation of e; otherwise its signature must verify with authorSign. A
// device reads the version graph (the parents each header names) from every
// version of a case but decrypts only the heads, so it checks each header this
// way first. It returns an error wrapping [ErrBadSignature] or [ErrMalformed].
func CheckAttested(e *Envelope, authorSign ed25519.PublicKey, id *Identity, tag []byte) error {
	if e == nil {
		return malformed("envelope", "missing")
	}
	ad, err := e.associatedData()
	if err != nil {
		return err
	}
	return e.checkAttested(ad, authorSign, id, tag)
}

// AttestVerified verifies e's signature with authorSign, the key of
// e.AuthorDevice, and returns id's attestation that it did: a version that
// came from another device is checked once, as it arrives, and opens after
// that as the device's own do. It returns an error wrapping [ErrBadSignature]
// or [ErrMalformed].
func AttestVerified(e *Envelope, authorSign ed25519.PublicKey, id *Identity) ([]byte, error) {
	if e == nil {
		return nil, malformed("envelope", "missing")
	}
	if id.wiped() {
		return nil, errWiped
	}
	ad, err := e.associatedData()
	if err != nil {
		return nil, err
	}
	if err := e.verify(ad, authorSign); err != nil {
		return nil, err
	}
	return id.attest(sigDigest(ad, e.CT, e.WrappedDEK), e.Sig), nil
}

// checkAttested accepts e when tag is id's attestation of it, and otherwise
// verifies its signature.
func (e *Envelope) checkAttested(ad []byte, authorSign ed25519.PublicKey, id *Identity, tag []byte) error {
	if len(tag) == AttestationSize && !id.wiped() &&
		subtle.ConstantTimeCompare(id.attest(sigDigest(ad, e.CT, e.WrappedDEK), e.Sig), tag) == 1 {
		return nil
	}
	return e.verify(ad, authorSign)
}

// digest is the signed digest of e.
func (e *Envelope) digest() ([32]byte, error) {
	ad, err := e.associatedData()
	if err != nil {
		return [32]byte{}, err
	}
	return sigDigest(ad, e.CT, e.WrappedDEK), nil
}
