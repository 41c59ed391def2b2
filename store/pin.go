package store

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"unicode"
)

// ErrPINFormat is returned by SetPIN for a PIN that is not 4 to 8 digits.
var ErrPINFormat = errors.New("store: a PIN is 4 to 8 digits")

// SetPIN sets a PIN that re-opens this session while its keys are still in memory,
// after child mode for instance. It lives in memory only, with the keys: locking
// forgets it, and it never protects data at rest. An empty PIN removes it.
func (s *Store) SetPIN(pin string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.k == nil {
		return ErrLocked
	}
	if pin == "" {
		s.pin, s.pinSalt, s.pinFails = nil, nil, 0
		return nil
	}
	if len(pin) < 4 || len(pin) > 8 {
		return ErrPINFormat
	}
	for _, r := range pin {
		if !unicode.IsDigit(r) || r > unicode.MaxASCII {
			return ErrPINFormat
		}
	}
	s.pinSalt = make([]byte, 16)
	rand.Read(s.pinSalt)
	s.pin = pinHash(s.pinSalt, pin)
	s.pinFails = 0
	return nil
}

// HasPIN reports whether a PIN is set for this session.
func (s *Store) HasPIN() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.pin != nil
}

// CheckPIN reports whether pin is the session's PIN. After five wrong PINs the
// store locks, dropping its keys, so only the passphrase opens it again; the
// error is then ErrLocked.
func (s *Store) CheckPIN(pin string) (bool, error) {
	s.mu.Lock()
	if s.k == nil || s.pin == nil {
		s.mu.Unlock()
		return false, ErrLocked
	}
	if subtle.ConstantTimeCompare(pinHash(s.pinSalt, pin), s.pin) == 1 {
		s.pinFails = 0
		s.mu.Unlock()
		return true, nil
	}
	s.pinFails++
	tooMany := s.pinFails >= maxPINTries
	s.mu.Unlock()
	if tooMany {
		s.Lock()
		return false, ErrLocked
	}
	return false, nil
}

// PINTriesLeft is how many wrong PINs remain before the keys are dropped.
func (s *Store) PINTriesLeft() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return maxPINTries - s.pinFails
}

func pinHash(salt []byte, pin string) []byte {
	h := sha256.New()
	h.Write([]byte("homeward-pin/v1"))
	h.Write(salt)
	h.Write([]byte(pin))
	return h.Sum(nil)
}
