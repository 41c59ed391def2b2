package protocol

import (
	"encoding/binary"
	"fmt"
)

// Limits on what a batch may hold. A client sends at most MaxBatchItems items
// and MaxBatchBytes bytes in one request; the server refuses larger bodies
// before reading them.
const (
	MaxBatchItems = 1000
	MaxItemBytes  = 17 << 20 // an envelope of the largest payload vault seals, with room for its header
	MaxBatchBytes = 32 << 20
)

const (
	pushMagic = "HWB\x01"
	pullMagic = "HWP\x01"
)

// Kinds of what a pull carries.
const (
	KindVersion byte = 1 // a sealed version (vault.Envelope.MarshalBinary)
	KindWrap    byte = 2 // a case key wrapped to one of the user's devices (vault.WrappedKey.MarshalBinary)
	KindDevice  byte = 3 // a member's device, as JSON Member, so that its signatures can be checked
	KindCase    byte = 4 // who may read a case changed: its members now, as JSON MembersResponse
	KindTeam    byte = 5 // a team's settings changed: as JSON TeamSettings, to the team's members
)

// EncodePush frames items (encoded envelopes, or encoded wraps) for a push:
// a magic, a 32-bit count and each item with a 32-bit length. It is the
// envelope's own bytes plus 4 per item, so the wire adds almost nothing.
func EncodePush(items [][]byte) []byte {
	n := len(pushMagic) + 4
	for _, it := range items {
		n += 4 + len(it)
	}
	b := make([]byte, 0, n)
	b = append(b, pushMagic...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(items)))
	for _, it := range items {
		b = binary.BigEndian.AppendUint32(b, uint32(len(it)))
		b = append(b, it...)
	}
	return b
}

// DecodePush reads what EncodePush wrote. The items alias b.
func DecodePush(b []byte) ([][]byte, error) {
	r := reader{b: b}
	r.magic(pushMagic)
	n := r.count()
	items := make([][]byte, 0, n)
	for range n {
		items = append(items, r.item())
	}
	if err := r.end("push"); err != nil {
		return nil, err
	}
	return items, nil
}

// Change is one thing a pull brings: its place in the server's order, what it
// is, and its bytes.
type Change struct {
	Seq  int64
	Kind byte
	Data []byte
}

// Pulled is one page of a pull: the changes after the cursor asked for, the
// cursor to ask from next, and whether there is more.
type Pulled struct {
	Changes []Change
	Next    int64
	More    bool
}

// EncodePull frames a pull's answer: a magic, the next cursor, whether there is
// more, a 32-bit count, and each change as its sequence number, kind and
// 32-bit length-prefixed bytes.
func EncodePull(p Pulled) []byte {
	n := len(pullMagic) + 8 + 1 + 4
	for _, c := range p.Changes {
		n += 8 + 1 + 4 + len(c.Data)
	}
	b := make([]byte, 0, n)
	b = append(b, pullMagic...)
	b = binary.BigEndian.AppendUint64(b, uint64(p.Next))
	more := byte(0)
	if p.More {
		more = 1
	}
	b = append(b, more)
	b = binary.BigEndian.AppendUint32(b, uint32(len(p.Changes)))
	for _, c := range p.Changes {
		b = binary.BigEndian.AppendUint64(b, uint64(c.Seq))
		b = append(b, c.Kind)
		b = binary.BigEndian.AppendUint32(b, uint32(len(c.Data)))
		b = append(b, c.Data...)
	}
	return b
}

// DecodePull reads what EncodePull wrote, refusing sequence numbers that do
// not rise, a next cursor behind the last change, and kind 0. A kind this
// version does not know is kept, for the client to skip: a later server may
// send kinds an earlier client has no use for. The changes' bytes alias b.
func DecodePull(b []byte) (Pulled, error) {
	r := reader{b: b}
	r.magic(pullMagic)
	var p Pulled
	p.Next = r.seq()
	switch r.byte() {
	case 0:
	case 1:
		p.More = true
	default:
		r.fail("bad more flag")
	}
	n := r.count()
	p.Changes = make([]Change, 0, n)
	last := int64(0)
	for range n {
		c := Change{Seq: r.seq(), Kind: r.byte()}
		c.Data = r.item()
		switch {
		case r.err != "":
		case c.Seq <= last:
			r.fail("changes out of order")
		case c.Kind == 0:
			r.fail("a change of kind 0")
		}
		last = c.Seq
		p.Changes = append(p.Changes, c)
	}
	if r.err == "" && p.Next < last {
		r.fail("cursor behind its changes")
	}
	if err := r.end("pull"); err != nil {
		return Pulled{}, err
	}
	return p, nil
}

// reader consumes a byte slice; the first failure sticks, so a decoder reads
// everything and checks once.
type reader struct {
	b   []byte
	err string
}

func (r *reader) fail(reason string) {
	if r.err == "" {
		r.err = reason
	}
}

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

func (r *reader) magic(want string) {
	if string(r.take(len(want))) != want && r.err == "" {
		r.fail("not a Homeward batch of this version")
	}
}

func (r *reader) byte() byte {
	if v := r.take(1); v != nil {
		return v[0]
	}
	return 0
}

func (r *reader) seq() int64 {
	v := r.take(8)
	if v == nil {
		return 0
	}
	s := binary.BigEndian.Uint64(v)
	if s > 1<<62 {
		r.fail("sequence number out of range")
		return 0
	}
	return int64(s)
}

// count reads a 32-bit item count, refusing more than MaxBatchItems or more
// than the bytes left could hold, so that nothing is allocated for a count
// the body cannot back.
func (r *reader) count() int {
	v := r.take(4)
	if v == nil {
		return 0
	}
	n := binary.BigEndian.Uint32(v)
	if n > MaxBatchItems {
		r.fail(fmt.Sprintf("more than %d items", MaxBatchItems))
		return 0
	}
	if int(n) > len(r.b)/4 {
		r.fail("truncated")
		return 0
	}
	return int(n)
}

func (r *reader) item() []byte {
	v := r.take(4)
	if v == nil {
		return nil
	}
	n := binary.BigEndian.Uint32(v)
	if n > MaxItemBytes {
		r.fail("item too large")
		return nil
	}
	return r.take(int(n))
}

func (r *reader) end(what string) error {
	if r.err == "" && len(r.b) != 0 {
		r.fail("trailing bytes")
	}
	if r.err != "" {
		return fmt.Errorf("%w: %s: %s", ErrMalformed, what, r.err)
	}
	return nil
}
