package protocol

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// A Code is a one-time enrolment code: where the server is, which certificate
// it presents, and a secret that lets one device enrol once. It is written in
// Crockford's base32 (no I, L, O or U), in groups of four, with a check
// character at the end, so that it can be typed from a phone screen and a
// slip is caught before anything is sent.
type Code struct {
	Addr        string               // host:port of the server
	Fingerprint [FingerprintLen]byte // the first bytes of the SHA-256 of its certificate
	Secret      [SecretLen]byte
}

// The code carries the first 10 bytes (80 bits) of the certificate's SHA-256:
// enough that no one can make a certificate that matches it, and short enough
// to type. The secret is 80 random bits; the server keeps only its hash and
// allows it once.
const (
	FingerprintLen = 10
	SecretLen      = 10
	codeVersion    = 1
	maxHostLen     = 63
)

// ErrBadCode is wrapped by every error of ParseCode.
var ErrBadCode = errors.New("protocol: not an enrolment code")

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewCode makes a code with a fresh secret for the server at addr whose
// certificate (DER) is cert.
func NewCode(addr string, cert []byte) (Code, error) {
	c := Code{Addr: addr}
	sum := sha256.Sum256(cert)
	copy(c.Fingerprint[:], sum[:])
	if _, err := rand.Read(c.Secret[:]); err != nil {
		return Code{}, err
	}
	if _, err := c.bytes(); err != nil {
		return Code{}, err
	}
	return c, nil
}

// Pins reports whether cert (DER) is the certificate the code names.
func (c Code) Pins(cert []byte) bool {
	sum := sha256.Sum256(cert)
	return subtle.ConstantTimeCompare(sum[:FingerprintLen], c.Fingerprint[:]) == 1
}

// SecretHash is what the server keeps of a code's secret.
func SecretHash(secret []byte) []byte {
	h := sha256.Sum256(append([]byte("homeward-enrolment/v1\x00"), secret...))
	return h[:]
}

func (c Code) bytes() ([]byte, error) {
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return nil, fmt.Errorf("%w: the address %q is not host:port", ErrBadCode, c.Addr)
	}
	p, err := strconv.ParseUint(port, 10, 16)
	if err != nil || p == 0 {
		return nil, fmt.Errorf("%w: the port %q is not a port number", ErrBadCode, port)
	}
	b := []byte{codeVersion}
	b = append(b, c.Secret[:]...)
	b = append(b, c.Fingerprint[:]...)
	b = binary.BigEndian.AppendUint16(b, uint16(p))
	ip := net.ParseIP(host)
	switch {
	case ip != nil && ip.To4() != nil:
		b = append(append(b, 4), ip.To4()...)
	case ip != nil:
		b = append(append(b, 6), ip.To16()...)
	case host == "" || len(host) > maxHostLen:
		return nil, fmt.Errorf("%w: the host name must be 1 to %d characters", ErrBadCode, maxHostLen)
	default:
		b = append(append(b, 'h', byte(len(host))), strings.ToLower(host)...)
	}
	return b, nil
}

// String is the code as a person reads it: groups of four joined by dashes.
func (c Code) String() string {
	b, err := c.bytes()
	if err != nil {
		return ""
	}
	s := base32(b)
	s += string(crockford[check(s)])
	var out strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			out.WriteByte('-')
		}
		out.WriteRune(r)
	}
	return out.String()
}

// ParseCode reads a code as a person typed it: any case, with or without
// dashes and spaces, and the look-alikes I, L and O read as 1, 1 and 0.
func ParseCode(s string) (Code, error) {
	var clean strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			continue
		case r == 'I' || r == 'L':
			r = '1'
		case r == 'O':
			r = '0'
		}
		if !strings.ContainsRune(crockford, r) {
			return Code{}, fmt.Errorf("%w: %q is not a letter or digit a code uses", ErrBadCode, r)
		}
		clean.WriteRune(r)
	}
	t := clean.String()
	if len(t) < 2 {
		return Code{}, fmt.Errorf("%w: it is too short", ErrBadCode)
	}
	body, last := t[:len(t)-1], t[len(t)-1]
	if crockford[check(body)] != last {
		return Code{}, fmt.Errorf("%w: a character was mistyped: check it against the code you were given", ErrBadCode)
	}
	b, ok := unbase32(body)
	if !ok {
		return Code{}, fmt.Errorf("%w: a character was mistyped: check it against the code you were given", ErrBadCode)
	}
	return decodeCode(b)
}

func decodeCode(b []byte) (Code, error) {
	r := reader{b: b}
	if r.byte() != codeVersion {
		return Code{}, fmt.Errorf("%w: it was made by another version of Homeward", ErrBadCode)
	}
	var c Code
	copy(c.Secret[:], r.take(SecretLen))
	copy(c.Fingerprint[:], r.take(FingerprintLen))
	var port uint16
	if v := r.take(2); v != nil {
		port = binary.BigEndian.Uint16(v)
	}
	var host string
	switch r.byte() {
	case 4:
		host = net.IP(r.take(4)).String()
	case 6:
		host = net.IP(r.take(16)).String()
	case 'h':
		n := int(r.byte())
		if n == 0 || n > maxHostLen {
			r.fail("bad host")
		}
		host = string(r.take(n))
	default:
		r.fail("bad address")
	}
	if r.err == "" && len(r.b) != 0 {
		r.fail("trailing bytes")
	}
	if r.err != "" || port == 0 {
		return Code{}, fmt.Errorf("%w: it is incomplete: check it against the code you were given", ErrBadCode)
	}
	c.Addr = net.JoinHostPort(host, strconv.Itoa(int(port)))
	return c, nil
}

func base32(b []byte) string {
	var out strings.Builder
	var acc uint32
	bits := 0
	for _, x := range b {
		acc = acc<<8 | uint32(x)
		bits += 8
		for bits >= 5 {
			bits -= 5
			out.WriteByte(crockford[(acc>>bits)&31])
		}
	}
	if bits > 0 {
		out.WriteByte(crockford[(acc<<(5-bits))&31])
	}
	return out.String()
}

// unbase32 decodes base32, refusing padding bits that are not zero, so that
// every code has one spelling.
func unbase32(s string) ([]byte, bool) {
	var out []byte
	var acc uint32
	bits := 0
	for i := range len(s) {
		v := strings.IndexByte(crockford, s[i])
		acc = acc<<5 | uint32(v)
		bits += 5
		if bits >= 8 {
			bits -= 8
			out = append(out, byte(acc>>bits))
		}
	}
	if bits >= 5 || acc&(1<<bits-1) != 0 {
		return nil, false
	}
	return out, true
}

// check is the value of the check character for s: the sum, in GF(32), of
// each character's value times a weight that is never 1 and never the same as
// its neighbour's, the check character itself weighing 1. So one mistyped
// character anywhere, or two different neighbours swapped (the check
// character too), always changes the sum.
func check(s string) int {
	sum := 0
	for i := range len(s) {
		sum ^= gfMul(gfPow(i%30+1), strings.IndexByte(crockford, s[i]))
	}
	return sum
}

// gfMul multiplies in GF(32) modulo x^5 + x^2 + 1, whose root generates every
// non-zero element.
func gfMul(a, b int) int {
	p := 0
	for b > 0 {
		if b&1 != 0 {
			p ^= a
		}
		b >>= 1
		a <<= 1
		if a&32 != 0 {
			a ^= 0b100101
		}
	}
	return p
}

func gfPow(n int) int {
	r := 1
	for range n {
		r = gfMul(r, 2)
	}
	return r
}
