package vault

import (
	"crypto/rand"
	"fmt"
	"runtime"
	"time"

	"golang.org/x/crypto/argon2"
)

// KDFParams are the Argon2id parameters that turn a passphrase into the key
// sealing a [LockedIdentity]. They are stored in the clear beside it.
type KDFParams struct {
	Time      uint32 // passes over memory
	MemoryKiB uint32 // memory in KiB
	Threads   uint8  // lanes
	Salt      []byte // random, at least 16 bytes
}

// Floors and ceilings for KDFParams. The floors are constants so that no
// change to the MinKDF variable can weaken Check; the ceilings bound the work
// a hostile file can ask of Unlock.
const (
	minKDFTime      = 3
	minKDFMemoryKiB = 64 * 1024
	minKDFThreads   = 2
	minSaltLen      = 16

	maxKDFTime      = 32
	maxKDFMemoryKiB = 512 * 1024 // 512 MiB: more would kill a tablet before it refused
	maxSaltLen      = 64

	calibrateMaxMemoryKiB = 256 * 1024 // 256 MiB: a tablet has other apps to keep alive
	defaultCalibrateTime  = 750 * time.Millisecond
	maxCalibrateTarget    = 2 * time.Second

	kdfKeyLen = 32
)

// MinKDF is the weakest Argon2id setting Homeward accepts: 64 MiB, three
// passes, two lanes. It has no salt; [Calibrate] adds one.
var MinKDF = KDFParams{Time: minKDFTime, MemoryKiB: minKDFMemoryKiB, Threads: minKDFThreads}

// Check returns an error wrapping [ErrWeakKDF] if p is below [MinKDF] in any
// field or its salt is shorter than 16 bytes, and one wrapping [ErrMalformed]
// if p asks for more work or salt than any device would store (over 32
// passes, 512 MiB or a 64-byte salt).
func (p KDFParams) Check() error {
	switch {
	case p.Time < minKDFTime:
		return fmt.Errorf("%w: fewer than %d passes", ErrWeakKDF, minKDFTime)
	case p.MemoryKiB < minKDFMemoryKiB:
		return fmt.Errorf("%w: less than %d MiB of memory", ErrWeakKDF, minKDFMemoryKiB/1024)
	case p.Threads < minKDFThreads:
		return fmt.Errorf("%w: fewer than %d lanes", ErrWeakKDF, minKDFThreads)
	case len(p.Salt) < minSaltLen:
		return fmt.Errorf("%w: salt shorter than %d bytes", ErrWeakKDF, minSaltLen)
	case p.Time > maxKDFTime || p.MemoryKiB > maxKDFMemoryKiB || len(p.Salt) > maxSaltLen:
		return malformed("key derivation parameters", "out of range")
	}
	return nil
}

// derive runs Argon2id. The caller must have checked p and must clear the key.
func (p KDFParams) derive(passphrase []byte) []byte {
	return argon2.IDKey(passphrase, p.Salt, p.Time, p.MemoryKiB, p.Threads, kdfKeyLen)
}

// Calibrate picks Argon2id parameters for this device: at least [MinKDF],
// raising memory (up to 256 MiB) and then passes until one derivation takes
// about target, with a fresh random 16-byte salt and one lane per CPU (2 to
// 4). A target of zero or less means 750 ms; targets above 2 s are treated
// as 2 s. Calibrate runs at most four derivations, all but the first of
// about target each, so it takes a few seconds at most. If the floor alone
// already takes longer than target, it returns the floor.
func Calibrate(target time.Duration) (KDFParams, error) {
	if target <= 0 {
		target = defaultCalibrateTime
	}
	target = min(target, maxCalibrateTarget)

	p := MinKDF
	p.Threads = uint8(min(max(runtime.NumCPU(), minKDFThreads), 4))
	p.Salt = make([]byte, minSaltLen)
	if _, err := rand.Read(p.Salt); err != nil {
		return KDFParams{}, fmt.Errorf("calibrate: %w", err)
	}

	d := measure(p)
	if d >= target {
		return p, nil
	}
	// Cost is roughly linear in memory: jump to the estimate, and correct
	// it at most twice (larger memory costs more per KiB, and devices are
	// noisy).
	for range 3 {
		if d >= target*4/5 && d <= target*5/4 {
			break
		}
		mem := max(scaleMemory(p.MemoryKiB, target, d), minKDFMemoryKiB)
		if mem == p.MemoryKiB {
			break
		}
		p.MemoryKiB = mem
		d = measure(p)
	}
	if d > target*5/4 {
		// Still too slow: step back once more without measuring.
		p.MemoryKiB = max(scaleMemory(p.MemoryKiB, target, d), minKDFMemoryKiB)
		d = target
	}
	// Memory is at its ceiling and still too fast: add passes.
	if d < target*4/5 && p.MemoryKiB >= calibrateMaxMemoryKiB {
		t := uint64(p.Time) * uint64(target) / uint64(max(d, 1))
		p.Time = uint32(min(max(t, uint64(p.Time)), maxKDFTime))
	}
	return p, nil
}

// scaleMemory returns mem scaled by target/took, rounded down to whole MiB
// and capped at 256 MiB.
func scaleMemory(mem uint32, target, took time.Duration) uint32 {
	m := uint64(mem) * uint64(target) / uint64(max(took, 1))
	m = min(m, calibrateMaxMemoryKiB)
	return uint32(m &^ 1023)
}

// measure times one derivation with a throwaway passphrase.
func measure(p KDFParams) time.Duration {
	start := time.Now()
	k := argon2.IDKey([]byte("calibration"), p.Salt, p.Time, p.MemoryKiB, p.Threads, kdfKeyLen)
	d := time.Since(start)
	clear(k)
	return d
}
