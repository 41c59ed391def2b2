package vault

import "encoding/binary"

// The binary encodings are versioned, use fixed-width big-endian integers and
// length prefixes (so every value has exactly one encoding), and allow no
// trailing bytes.

func appendU16(b []byte, v uint16) []byte { return binary.BigEndian.AppendUint16(b, v) }
func appendU32(b []byte, v uint32) []byte { return binary.BigEndian.AppendUint32(b, v) }

// appendStr16 appends s with a 16-bit length prefix; callers check the length.
func appendStr16(b []byte, s string) []byte {
	return append(appendU16(b, uint16(len(s))), s...)
}

// appendBytes32 appends p with a 32-bit length prefix; callers check the length.
func appendBytes32(b []byte, p []byte) []byte {
	return append(appendU32(b, uint32(len(p))), p...)
}

// reader consumes a byte slice. The first failure sticks: later reads
// return zero values, so a parser can read everything and check err once.
type reader struct {
	b   []byte
	err string // short fixed reason, "" while all is well
}

func (r *reader) fail(reason string) {
	if r.err == "" {
		r.err = reason
	}
}

// take returns the next n bytes, aliasing r.b with capacity n.
func (r *reader) take(n int) []byte {
	if r.err != "" {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.fail("truncated")
		return nil
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) u8() uint8 {
	if v := r.take(1); v != nil {
		return v[0]
	}
	return 0
}

func (r *reader) u16() uint16 {
	if v := r.take(2); v != nil {
		return binary.BigEndian.Uint16(v)
	}
	return 0
}

func (r *reader) u32() uint32 {
	if v := r.take(4); v != nil {
		return binary.BigEndian.Uint32(v)
	}
	return 0
}

// str16 reads a 16-bit length-prefixed string of 1 to max bytes.
func (r *reader) str16(field string, max int) string {
	n := int(r.u16())
	if r.err != "" {
		return ""
	}
	if n == 0 {
		r.fail(field + " is empty")
		return ""
	}
	if n > max {
		r.fail(field + " is too long")
		return ""
	}
	return string(r.take(n))
}

// bytes16 reads a 16-bit length-prefixed byte string of at most max bytes.
func (r *reader) bytes16(field string, max int) []byte {
	n := int(r.u16())
	if r.err == "" && n > max {
		r.fail(field + " is too long")
	}
	return r.take(n)
}

// bytes32 reads a 32-bit length-prefixed byte string of at most max bytes.
func (r *reader) bytes32(field string, max int) []byte {
	n := r.u32()
	if r.err == "" && uint64(n) > uint64(max) {
		r.fail(field + " is too long")
	}
	return r.take(int(n))
}

// magic consumes and checks a 4-byte magic-and-version prefix.
func (r *reader) magic(want string) {
	got := r.take(len(want))
	if r.err == "" && string(got) != want {
		r.fail("unknown format or version")
	}
}

// end fails if bytes remain.
func (r *reader) end() {
	if r.err == "" && len(r.b) != 0 {
		r.fail("trailing bytes")
	}
}
