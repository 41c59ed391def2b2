// Package protocol is what devices and the central store say to each other:
// the paths and messages of version 1 of the sync protocol, the binary batches
// that carry sealed versions and case-key wraps, and the enrolment code an
// admin hands to a new device. docs/protocol.md describes it for people.
//
// Everything here decodes bytes that come off the network, so every decoder
// bounds what it allocates by the length of its input and by explicit limits,
// returns an error wrapping [ErrMalformed] for anything it does not accept, and
// never panics (each has a fuzz test).
package protocol
