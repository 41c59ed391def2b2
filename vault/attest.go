package vault

import (
	"crypto/ed25519"
	"crypto/subtle"

	"golang.org/x/crypto/blake2b"
)

// An attestation is an identity's own note that an envelope's signature has been
// checked: a keyed BLAKE2b-256 MAC over the signed digest and the signature,
// under a key derived from the identity's signing seed. A device stores one beside
// each version it seals or verifies, so that unlocking, which opens every current
// version, need not repeat an Ed25519 verification per version (about four fifths
// of the cost of Open). Only the holder of the identity can make one, so a
// version written into the device's file by anyone else still has its signature
// checked in full.
const attestLabel = "homeward-attest/v1\x00"

// AttestationSize is the length of an attestation.
const AttestationSize = 32

// Attest returns id's attestation for e. Call it only for an envelope id sealed
// or whose signature has just been verified.
func (id *Identity) Attest(e *Envelope) ([]byte, error) {
	if id.wiped() {
		return nil, errWiped
	}
	ad, err := e.associatedData()
	if err != nil {
		return nil, err
	}
	return id.attest(e, ad), nil
}

func (id *Identity) attest(e *Envelope, ad []byte) []byte {
	seed := id.sign.Seed()
	key := blake2b.Sum256(append([]byte(attestLabel), seed...))
	clear(seed)
	mac, _ := blake2b.New256(key[:]) // a 32-byte key is always accepted
	clear(key[:])
	d := sigDigest(ad, e.CT, e.WrappedDEK)
	mac.Write(d[:])
	mac.Write(e.Sig)
	return mac.Sum(nil)
}

// OpenAttested is [Open] for an envelope that id may have attested: when tag is
// id's attestation of e the signature is not verified again; otherwise, or when
// tag is empty, it is, exactly as Open does. Every other check is Open's.
func OpenAttested(e *Envelope, want Location, ck *CaseKey, authorSign ed25519.PublicKey, id *Identity, tag []byte) ([]byte, error) {
	if e == nil {
		return nil, malformed("envelope", "missing")
	}
	return open(e, want, ck, func(ad []byte) error {
		if len(tag) == AttestationSize && !id.wiped() && subtle.ConstantTimeCompare(id.attest(e, ad), tag) == 1 {
			return nil
		}
		return e.verify(ad, authorSign)
	})
}
