package protocol_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"homeward/sync/protocol"
)

func TestCodeRoundTrip(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:8443", "[::1]:443", "homeward.example.org:8443"} {
		t.Run(addr, func(t *testing.T) {
			c, err := protocol.NewCode(addr, []byte("a certificate"))
			if err != nil {
				t.Fatal(err)
			}
			s := c.String()
			got, err := protocol.ParseCode(strings.ToLower(strings.ReplaceAll(s, "-", " ")))
			if err != nil {
				t.Fatalf("%s: %v", s, err)
			}
			if got != c {
				t.Fatalf("got %+v, want %+v", got, c)
			}
			if !got.Pins([]byte("a certificate")) || got.Pins([]byte("another certificate")) {
				t.Fatal("the fingerprint does not pin the certificate")
			}
			t.Logf("%s (%d characters)", s, len(strings.ReplaceAll(s, "-", "")))
		})
	}
}

func TestCodeIsShortEnoughToType(t *testing.T) {
	c, _ := protocol.NewCode("192.168.10.20:8443", []byte("cert"))
	if n := len(strings.ReplaceAll(c.String(), "-", "")); n > 48 {
		t.Fatalf("a code for an IPv4 address is %d characters; a person types it", n)
	}
}

// Every single mistyped character and every swap of two different neighbours
// is caught by the check character.
func TestCodeCatchesSlips(t *testing.T) {
	c, _ := protocol.NewCode("127.0.0.1:8443", []byte("cert"))
	s := strings.ReplaceAll(c.String(), "-", "")
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	for i := range len(s) {
		for _, r := range alphabet {
			if byte(r) == s[i] {
				continue
			}
			typo := s[:i] + string(r) + s[i+1:]
			if _, err := protocol.ParseCode(typo); err == nil {
				t.Fatalf("%s with %c at %d was taken", s, r, i)
			}
		}
		if i+1 < len(s) && s[i] != s[i+1] {
			swap := s[:i] + string(s[i+1]) + string(s[i]) + s[i+2:]
			if _, err := protocol.ParseCode(swap); err == nil {
				t.Fatalf("swapping %d and %d was taken", i, i+1)
			}
		}
	}
}

func TestParseCodeSaysWhatIsWrong(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "too short"},
		{"ABCD-U", "is not a letter or digit"},
		{"ABCD-EFGH-JK", "mistyped"},
	} {
		_, err := protocol.ParseCode(tc.in)
		if !errors.Is(err, protocol.ErrBadCode) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseCode(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestBatchesRoundTrip(t *testing.T) {
	items := [][]byte{[]byte("one"), {}, bytes.Repeat([]byte{7}, 5000)}
	got, err := protocol.DecodePush(protocol.EncodePush(items))
	if err != nil || len(got) != 3 || !bytes.Equal(got[2], items[2]) || len(got[1]) != 0 {
		t.Fatalf("push: %v %v", got, err)
	}
	p := protocol.Pulled{Next: 9, More: true, Changes: []protocol.Change{
		{Seq: 3, Kind: protocol.KindVersion, Data: []byte("v")},
		{Seq: 9, Kind: protocol.KindWrap, Data: []byte("w")},
	}}
	q, err := protocol.DecodePull(protocol.EncodePull(p))
	if err != nil || q.Next != 9 || !q.More || len(q.Changes) != 2 || q.Changes[1].Seq != 9 || string(q.Changes[1].Data) != "w" {
		t.Fatalf("pull: %+v %v", q, err)
	}
}

// A kind a later server adds is kept, for the client to skip.
func TestDecodeKeepsAKindItDoesNotKnow(t *testing.T) {
	p, err := protocol.DecodePull(protocol.EncodePull(protocol.Pulled{Next: 2, Changes: []protocol.Change{{Seq: 1, Kind: 9, Data: []byte("later")}, {Seq: 2, Kind: protocol.KindVersion}}}))
	if err != nil || len(p.Changes) != 2 || p.Changes[0].Kind != 9 {
		t.Fatalf("%+v %v", p, err)
	}
}

func TestDecodeRefusesWhatItDoesNotKnow(t *testing.T) {
	bad := map[string][]byte{
		"empty":  nil,
		"kind 0": protocol.EncodePull(protocol.Pulled{Next: 1, Changes: []protocol.Change{{Seq: 1, Kind: 0}}}),
		"out of order": protocol.EncodePull(protocol.Pulled{Next: 5, Changes: []protocol.Change{
			{Seq: 5, Kind: protocol.KindVersion}, {Seq: 4, Kind: protocol.KindVersion}}}),
		"cursor behind": protocol.EncodePull(protocol.Pulled{Next: 1, Changes: []protocol.Change{{Seq: 5, Kind: protocol.KindVersion}}}),
		"trailing":      append(protocol.EncodePush(nil), 0),
		"huge count":    {'H', 'W', 'B', 1, 0xff, 0xff, 0xff, 0xff},
	}
	for name, b := range bad {
		_, err1 := protocol.DecodePull(b)
		_, err2 := protocol.DecodePush(b)
		if !errors.Is(err1, protocol.ErrMalformed) || !errors.Is(err2, protocol.ErrMalformed) {
			t.Errorf("%s: %v / %v", name, err1, err2)
		}
	}
}

func FuzzDecodePush(f *testing.F) {
	f.Add(protocol.EncodePush([][]byte{[]byte("a"), []byte("bc")}))
	f.Fuzz(func(t *testing.T, b []byte) {
		items, err := protocol.DecodePush(b)
		if err != nil {
			return
		}
		if !bytes.Equal(protocol.EncodePush(items), b) {
			t.Fatal("a push decoded to something that encodes differently")
		}
	})
}

func FuzzDecodePull(f *testing.F) {
	f.Add(protocol.EncodePull(protocol.Pulled{Next: 2, Changes: []protocol.Change{{Seq: 2, Kind: protocol.KindVersion, Data: []byte("x")}}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := protocol.DecodePull(b)
		if err != nil {
			return
		}
		if !bytes.Equal(protocol.EncodePull(p), b) {
			t.Fatal("a pull decoded to something that encodes differently")
		}
	})
}

func FuzzParseCode(f *testing.F) {
	c, _ := protocol.NewCode("127.0.0.1:8443", []byte("cert"))
	f.Add(c.String())
	f.Add("hello")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := protocol.ParseCode(s)
		if err != nil {
			return
		}
		again, err := protocol.ParseCode(c.String())
		if err != nil || again != c {
			t.Fatalf("%q parsed, but its own spelling %q did not: %v", s, c.String(), err)
		}
	})
}
