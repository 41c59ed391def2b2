package vault

import (
	"errors"
	"testing"
	"time"
)

func TestKDFParamsCheck(t *testing.T) {
	salt := make([]byte, 16)
	ok := KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 2, Salt: salt}
	tests := []struct {
		name string
		edit func(*KDFParams)
		want error
	}{
		{"minimum", func(*KDFParams) {}, nil},
		{"time", func(p *KDFParams) { p.Time = 2 }, ErrWeakKDF},
		{"zero time", func(p *KDFParams) { p.Time = 0 }, ErrWeakKDF},
		{"memory", func(p *KDFParams) { p.MemoryKiB = 64*1024 - 1 }, ErrWeakKDF},
		{"threads", func(p *KDFParams) { p.Threads = 1 }, ErrWeakKDF},
		{"short salt", func(p *KDFParams) { p.Salt = salt[:15] }, ErrWeakKDF},
		{"no salt", func(p *KDFParams) { p.Salt = nil }, ErrWeakKDF},
		{"MinKDF itself has no salt", func(p *KDFParams) { *p = MinKDF }, ErrWeakKDF},
		{"too many passes", func(p *KDFParams) { p.Time = maxKDFTime + 1 }, ErrMalformed},
		{"too much memory", func(p *KDFParams) { p.MemoryKiB = maxKDFMemoryKiB + 1 }, ErrMalformed},
		{"long salt", func(p *KDFParams) { p.Salt = make([]byte, maxSaltLen+1) }, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok
			tt.edit(&p)
			err := p.Check()
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("Check() = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestLockRefusesWeakKDF(t *testing.T) {
	id := mustIdentity(t)
	for _, tt := range []struct {
		name string
		edit func(*KDFParams)
	}{
		{"time", func(p *KDFParams) { p.Time = 2 }},
		{"memory", func(p *KDFParams) { p.MemoryKiB = 32 * 1024 }},
		{"threads", func(p *KDFParams) { p.Threads = 1 }},
		{"salt", func(p *KDFParams) { p.Salt = p.Salt[:8] }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := testKDF(t)
			tt.edit(&p)
			if _, err := Lock(id, []byte("pass"), p); !errors.Is(err, ErrWeakKDF) {
				t.Fatalf("Lock() error = %v, want ErrWeakKDF", err)
			}
		})
	}
}

func TestUnlockRefusesWeakKDF(t *testing.T) {
	f := mustLocked(t)
	for _, tt := range []struct {
		name string
		edit func(*KDFParams)
	}{
		{"time", func(p *KDFParams) { p.Time = 1 }},
		{"memory", func(p *KDFParams) { p.MemoryKiB = 8 }},
		{"threads", func(p *KDFParams) { p.Threads = 1 }},
		{"salt", func(p *KDFParams) { p.Salt = nil }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Through the encoding, as a weakened file on disk would come.
			b, err := f.locked.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			l, err := UnmarshalLockedIdentity(b)
			if err != nil {
				t.Fatal(err)
			}
			tt.edit(&l.KDF)
			b, err = l.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if l, err = UnmarshalLockedIdentity(b); err != nil {
				t.Fatalf("weak parameters must still parse: %v", err)
			}
			start := time.Now()
			if _, err := Unlock(l, f.pass); !errors.Is(err, ErrWeakKDF) {
				t.Fatalf("Unlock() error = %v, want ErrWeakKDF", err)
			}
			if d := time.Since(start); d > 50*time.Millisecond {
				t.Errorf("Unlock took %v: it should refuse before deriving", d)
			}
		})
	}
}

func TestCalibrate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Argon2id at up to 256 MiB")
	}
	start := time.Now()
	p, err := Calibrate(500 * time.Millisecond)
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Check(); err != nil {
		t.Fatalf("calibrated %+v fails Check: %v", p, err)
	}
	if len(p.Salt) != 16 {
		t.Errorf("salt is %d bytes, want 16", len(p.Salt))
	}
	if p.MemoryKiB > calibrateMaxMemoryKiB {
		t.Errorf("memory %d KiB is over 256 MiB", p.MemoryKiB)
	}
	if took > 10*time.Second {
		t.Errorf("Calibrate took %v", took)
	}
	q, err := Calibrate(500 * time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if string(q.Salt) == string(p.Salt) {
		t.Error("two calibrations gave the same salt")
	}
	d := measure(p)
	t.Logf("Calibrate took %v: t=%d m=%d MiB p=%d; one derivation %v", took, p.Time, p.MemoryKiB/1024, p.Threads, d)
}

func TestPadmeLen(t *testing.T) {
	prev := 0
	for n := 0; n < 1<<20; n += 1 + n/64 {
		got := padmeLen(n)
		if got < n || got < minPadded {
			t.Fatalf("padmeLen(%d) = %d", n, got)
		}
		if got < prev {
			t.Fatalf("padmeLen not monotonic at %d", n)
		}
		if n > minPadded && float64(got-n)/float64(n) > 0.12 {
			t.Fatalf("padmeLen(%d) = %d: over 12%% overhead", n, got)
		}
		prev = got
	}
	if padmeLen(1013) != padmeLen(1023) {
		t.Errorf("padmeLen(1013) = %d, padmeLen(1023) = %d", padmeLen(1013), padmeLen(1023))
	}
}
