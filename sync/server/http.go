package server

import (
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"homeward/sync/protocol"
	"homeward/vault"
)

// Lifetimes of what the server hands out.
const (
	ChallengeTTL = time.Minute
	TokenTTL     = 15 * time.Minute
	maxJSON      = 16 << 10
	pullLimit    = 500
)

// Server serves the sync protocol over a Backend.
type Server struct {
	B   Backend
	Now func() time.Time // the clock; time.Now when nil
	Log *log.Logger      // where refusals are logged, never with case data; log.Default when nil

	// PerDevice and PerAddress bound requests a second, with bursts of twice
	// that: a device once logged in, and an address before it has.
	PerDevice, PerAddress float64

	limits sync.Map // key -> *bucket
	seen   sync.Map // login challenge nonce -> expiry: each is spent once
	key    sync.Map // "token" -> the organisation's token key, read once
}

// New returns a Server over b with the default limits.
func New(b Backend) *Server {
	return &Server{B: b, PerDevice: 50, PerAddress: 10}
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Server) logf(format string, args ...any) {
	l := s.Log
	if l == nil {
		l = log.Default()
	}
	l.Printf(format, args...)
}

// Handler returns the protocol's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+protocol.PathEnrol, s.open(s.enrol))
	mux.HandleFunc("POST "+protocol.PathChallenge, s.open(s.challenge))
	mux.HandleFunc("POST "+protocol.PathLogin, s.open(s.login))
	mux.HandleFunc("POST "+protocol.PathPush, s.authed(s.push))
	mux.HandleFunc("GET "+protocol.PathPull, s.authed(s.pull))
	mux.HandleFunc("POST "+protocol.PathWraps, s.authed(s.wraps))
	mux.HandleFunc("GET "+protocol.PathMembers, s.authed(s.members))
	mux.HandleFunc("POST "+protocol.PathTeam, s.authed(s.team))
	return mux
}

// refusal is an error with the status and protocol error it answers with.
type refusal struct {
	status int
	body   protocol.Error
}

func (r *refusal) Error() string { return r.body.Message }

func refuse(status int, code, msg string) error {
	return &refusal{status, protocol.Error{Code: code, Message: msg}}
}

func (s *Server) answer(w http.ResponseWriter, r *http.Request, err error) {
	var rf *refusal
	if !errors.As(err, &rf) {
		s.logf("%s %s: %v", r.Method, r.URL.Path, err)
		rf = &refusal{http.StatusInternalServerError, protocol.Error{Code: protocol.CodeInternal, Message: "The server could not do that just now: try again later."}}
	}
	if rf.status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "1")
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rf.status)
	json.NewEncoder(w).Encode(rf.body)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// readBody reads at most max bytes of the body, refusing a longer one.
func readBody(w http.ResponseWriter, r *http.Request, max int64) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, refuse(http.StatusRequestEntityTooLarge, protocol.CodeTooLarge, fmt.Sprintf("The request is larger than %d bytes: send it in smaller batches.", max))
	}
	if err != nil {
		return nil, refuse(http.StatusBadRequest, protocol.CodeBadRequest, "The request could not be read: try again.")
	}
	return b, nil
}

func readJSON(w http.ResponseWriter, r *http.Request, v any) error {
	b, err := readBody(w, r, maxJSON)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return refuse(http.StatusBadRequest, protocol.CodeBadRequest, "The request is not what this version of the protocol expects: update Homeward.")
	}
	return nil
}

// open wraps a handler that needs no token, limited per address.
func (s *Server) open(h func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		if !s.allow("addr:"+host, s.PerAddress) {
			s.answer(w, r, refuse(http.StatusTooManyRequests, protocol.CodeTooMany, "Too many requests: wait a moment and try again."))
			return
		}
		if err := h(w, r); err != nil {
			s.answer(w, r, err)
		}
	}
}

// caller is who made an authenticated request.
type caller struct {
	User   User
	Device Device
}

// authed wraps a handler that needs a valid token of a device not revoked,
// limited per device.
func (s *Server) authed(h func(http.ResponseWriter, *http.Request, caller) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := s.authenticate(r)
		if err == nil && !s.allow("dev:"+c.Device.ID, s.PerDevice) {
			err = refuse(http.StatusTooManyRequests, protocol.CodeTooMany, "Too many requests: wait a moment and try again.")
		}
		if err == nil {
			err = h(w, r, c)
		}
		if err != nil {
			s.answer(w, r, err)
		}
	}
}

func (s *Server) enrol(w http.ResponseWriter, r *http.Request) error {
	var req protocol.EnrolRequest
	if err := readJSON(w, r, &req); err != nil {
		return err
	}
	if len(req.Secret) != protocol.SecretLen || len(req.BoxPub) != 32 || len(req.SignPub) != ed25519.PublicKeySize {
		return refuse(http.StatusBadRequest, protocol.CodeBadRequest, "The enrolment request is incomplete: update Homeward and try again.")
	}
	id := vault.PublicIdentity{Sign: req.SignPub}.DeviceID()
	d := Device{ID: id, BoxPub: req.BoxPub, SignPub: req.SignPub}
	u, err := s.B.Enrol(r.Context(), protocol.SecretHash(req.Secret), d, s.now())
	switch {
	case errors.Is(err, ErrBadCode):
		return refuse(http.StatusForbidden, protocol.CodeBadCode, "This enrolment code is not known to the server, or has expired: ask your admin for a new one.")
	case errors.Is(err, ErrUsedCode):
		return refuse(http.StatusConflict, protocol.CodeUsedCode, "This enrolment code has been used already: each code enrols one device. Ask your admin for a new one.")
	case err != nil:
		return err
	}
	o, err := s.B.Org(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, protocol.EnrolResponse{UserID: u.ID, Name: u.Name, Role: u.Role, Team: u.Team, DeviceID: id, Recovery: Recovery(o)})
	return nil
}

// A challenge is its expiry, a nonce and the device it is for, with a MAC
// under the organisation's token key: any server process can check it, and
// none needs to remember it until it is answered.
func (s *Server) challenge(w http.ResponseWriter, r *http.Request) error {
	var req protocol.ChallengeRequest
	if err := readJSON(w, r, &req); err != nil {
		return err
	}
	key, err := s.tokenKey(r.Context())
	if err != nil {
		return err
	}
	b := binary.BigEndian.AppendUint64(nil, uint64(s.now().Add(ChallengeTTL).UnixMilli()))
	nonce := make([]byte, 16)
	rand.Read(nonce)
	b = append(b, nonce...)
	b = append(b, req.DeviceID...)
	writeJSON(w, protocol.ChallengeResponse{Challenge: append(b, mac(key, "challenge", b)...)})
	return nil
}

func mac(key []byte, label string, msg []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("homeward-" + label + "/v1\x00"))
	m.Write(msg)
	return m.Sum(nil)
}

// tokenKey is the organisation's token key, which never changes once made.
func (s *Server) tokenKey(ctx context.Context) ([]byte, error) {
	if k, ok := s.key.Load("token"); ok {
		return k.([]byte), nil
	}
	o, err := s.B.Org(ctx)
	if err != nil {
		return nil, err
	}
	s.key.Store("token", o.TokenKey)
	return o.TokenKey, nil
}

var errLogin = refuse(http.StatusUnauthorized, protocol.CodeUnauthorised, "This device could not log in: if it was enrolled, ask your admin whether it was revoked.")

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	var req protocol.LoginRequest
	if err := readJSON(w, r, &req); err != nil {
		return err
	}
	key, err := s.tokenKey(r.Context())
	if err != nil {
		return err
	}
	c := req.Challenge
	if len(c) < 8+16+sha256.Size {
		return errLogin
	}
	body, tag := c[:len(c)-sha256.Size], c[len(c)-sha256.Size:]
	expires := time.UnixMilli(int64(binary.BigEndian.Uint64(body)))
	if !hmac.Equal(tag, mac(key, "challenge", body)) || string(body[24:]) != req.DeviceID || s.now().After(expires) {
		return errLogin
	}
	d, err := s.B.Device(r.Context(), req.DeviceID)
	if errors.Is(err, ErrNoDevice) {
		return errLogin
	}
	if err != nil {
		return err
	}
	if !d.Revoked.IsZero() {
		return refuse(http.StatusForbidden, protocol.CodeRevoked, "This device has been revoked: it can no longer sync. What it holds stays on it; ask your admin.")
	}
	if !vault.VerifyStatement(d.SignPub, protocol.LoginLabel, c, req.Sig) {
		return errLogin
	}
	if _, spent := s.seen.LoadOrStore(string(body[8:24]), expires); spent {
		return errLogin
	}
	s.forgetSpent()
	exp := s.now().Add(TokenTTL)
	t := binary.BigEndian.AppendUint64(nil, uint64(exp.UnixMilli()))
	t = append(t, d.ID...)
	writeJSON(w, protocol.LoginResponse{Token: base64.RawURLEncoding.EncodeToString(append(t, mac(key, "token", t)...)), Expires: exp})
	return nil
}

// forgetSpent drops spent challenges that have expired anyway.
func (s *Server) forgetSpent() {
	now := s.now()
	s.seen.Range(func(k, v any) bool {
		if now.After(v.(time.Time)) {
			s.seen.Delete(k)
		}
		return true
	})
}

func (s *Server) authenticate(r *http.Request) (caller, error) {
	bad := refuse(http.StatusUnauthorized, protocol.CodeUnauthorised, "Log in again: the token is missing, expired or not this server's.")
	h := r.Header.Get("Authorization")
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(h, "Bearer "))
	if !strings.HasPrefix(h, "Bearer ") || err != nil || len(raw) < 8+sha256.Size {
		return caller{}, bad
	}
	key, err := s.tokenKey(r.Context())
	if err != nil {
		return caller{}, err
	}
	body, tag := raw[:len(raw)-sha256.Size], raw[len(raw)-sha256.Size:]
	if !hmac.Equal(tag, mac(key, "token", body)) || s.now().After(time.UnixMilli(int64(binary.BigEndian.Uint64(body)))) {
		return caller{}, bad
	}
	d, err := s.B.Device(r.Context(), string(body[8:]))
	if errors.Is(err, ErrNoDevice) {
		return caller{}, bad
	}
	if err != nil {
		return caller{}, err
	}
	if !d.Revoked.IsZero() {
		return caller{}, refuse(http.StatusForbidden, protocol.CodeRevoked, "This device has been revoked: it can no longer sync. What it holds stays on it; ask your admin.")
	}
	u, err := s.B.User(r.Context(), d.UserID)
	if err != nil {
		return caller{}, err
	}
	return caller{User: u, Device: d}, nil
}

func (s *Server) push(w http.ResponseWriter, r *http.Request, c caller) error {
	return takeBatch(w, r, func(it []byte) (Version, protocol.ItemResult) {
		e, err := vault.UnmarshalEnvelope(it)
		switch {
		case err != nil:
			return Version{}, protocol.ItemResult{Status: protocol.Rejected, Reason: "This version could not be read: it stays on the device; update Homeward."}
		case e.AuthorDevice != c.Device.ID:
			return Version{}, protocol.ItemResult{ID: e.VersionID, Status: protocol.Rejected, Reason: "This version was not made on this device: only its author's device may send it."}
		case vault.Verify(e, c.Device.SignPub) != nil:
			return Version{}, protocol.ItemResult{ID: e.VersionID, Status: protocol.Rejected, Reason: "This version's signature does not check: it may have been changed on the device. It stays there, kept apart."}
		}
		return Version{ID: e.VersionID, CaseID: e.CaseID, Author: e.AuthorDevice, Epoch: e.KeyEpoch, Envelope: it}, protocol.ItemResult{}
	}, func(vs []Version) ([]protocol.ItemResult, error) { return s.B.PutVersions(r.Context(), c.User, vs) })
}

// takeBatch reads a batch, checks each item with check (what to store, or the
// refusal), stores those that pass with put, and answers one result per item,
// in the batch's order.
func takeBatch[T any](w http.ResponseWriter, r *http.Request, check func([]byte) (T, protocol.ItemResult), put func([]T) ([]protocol.ItemResult, error)) error {
	b, err := readBody(w, r, protocol.MaxBatchBytes)
	if err != nil {
		return err
	}
	items, err := protocol.DecodePush(b)
	if err != nil {
		return refuse(http.StatusBadRequest, protocol.CodeBadRequest, "The batch could not be read: "+err.Error())
	}
	results := make([]protocol.ItemResult, len(items))
	var passed []T
	var at []int
	for i, it := range items {
		v, refused := check(it)
		if refused.Status != "" {
			results[i] = refused
			continue
		}
		passed = append(passed, v)
		at = append(at, i)
	}
	if len(passed) > 0 {
		stored, err := put(passed)
		if err != nil {
			return err
		}
		for j, i := range at {
			results[i] = stored[j]
		}
	}
	writeJSON(w, protocol.PushResponse{Results: results})
	return nil
}

func (s *Server) pull(w http.ResponseWriter, r *http.Request, c caller) error {
	cursor, err := strconv.ParseInt(r.URL.Query().Get("cursor"), 10, 64)
	if err != nil || cursor < 0 {
		return refuse(http.StatusBadRequest, protocol.CodeBadRequest, "The pull's cursor must be a number of 0 or more.")
	}
	limit := pullLimit
	if v := r.URL.Query().Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > pullLimit {
			return refuse(http.StatusBadRequest, protocol.CodeBadRequest, fmt.Sprintf("The pull's limit must be 1 to %d.", pullLimit))
		}
	}
	if r.URL.Query().Get("waiting") == "1" {
		n, err := s.B.Waiting(r.Context(), c.User, cursor)
		if err != nil {
			return err
		}
		w.Header().Set(protocol.HeaderWaiting, strconv.FormatInt(n, 10))
	}
	p, err := s.B.Pull(r.Context(), c.User, cursor, limit)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Write(protocol.EncodePull(p))
	return nil
}

func (s *Server) wraps(w http.ResponseWriter, r *http.Request, c caller) error {
	return takeBatch(w, r, func(it []byte) (Wrap, protocol.ItemResult) {
		k, err := vault.UnmarshalWrappedKey(it)
		switch {
		case err != nil:
			return Wrap{}, protocol.ItemResult{Status: protocol.Rejected, Reason: "This key could not be read: update Homeward."}
		case k.Signer != c.Device.ID || vault.VerifyWrap(k, c.Device.SignPub) != nil:
			return Wrap{}, protocol.ItemResult{Status: protocol.Rejected, Reason: "This key is not signed by this device."}
		}
		return Wrap{ID: WrapID(k.CaseID, k.Epoch, k.Recipient), CaseID: k.CaseID, Recipient: k.Recipient, Signer: k.Signer, Epoch: k.Epoch, Data: it}, protocol.ItemResult{}
	}, func(ws []Wrap) ([]protocol.ItemResult, error) { return s.B.PutWraps(r.Context(), c.User, ws) })
}

// team sets the settings of the caller's team: a supervisor's alone.
func (s *Server) team(w http.ResponseWriter, r *http.Request, c caller) error {
	if c.User.Role != protocol.RoleSupervisor {
		return refuse(http.StatusForbidden, protocol.CodeForbidden, "Only a supervisor of the team sets how often its children's cases are supervised.")
	}
	var t protocol.TeamSettings
	if err := readJSON(w, r, &t); err != nil {
		return err
	}
	if t.SupervisionDays < protocol.MinSupervisionDays || t.SupervisionDays > protocol.MaxSupervisionDays {
		return refuse(http.StatusBadRequest, protocol.CodeBadRequest, fmt.Sprintf("The supervision interval must be %d to %d days.", protocol.MinSupervisionDays, protocol.MaxSupervisionDays))
	}
	if t.ChosenAt.IsZero() || t.ChosenAt.After(time.Now().Add(24*time.Hour)) {
		return refuse(http.StatusBadRequest, protocol.CodeBadRequest, "When the supervision interval was chosen is missing, or in the future: check the device's clock.")
	}
	if err := s.B.SetTeam(r.Context(), c.User, t); err != nil {
		return err
	}
	writeJSON(w, protocol.TeamSettings{Team: c.User.Team, SupervisionDays: t.SupervisionDays, ChosenAt: t.ChosenAt})
	return nil
}

func (s *Server) members(w http.ResponseWriter, r *http.Request, c caller) error {
	id := r.URL.Query().Get("case")
	cs, err := s.B.Case(r.Context(), id)
	if err != nil && !errors.Is(err, ErrNoCase) {
		return err
	}
	if !CanRead(c.User, cs) {
		return refuse(http.StatusForbidden, protocol.CodeForbidden, "You are not a member of this child's case.")
	}
	ms, err := s.B.Members(r.Context(), id)
	if err != nil {
		return err
	}
	epoch, err := s.B.Epoch(r.Context(), id)
	if err != nil {
		return err
	}
	o, err := s.B.Org(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, protocol.MembersResponse{CaseID: id, Members: ms, Recovery: Recovery(o), Epoch: epoch})
	return nil
}

// Recovery is the organisation's recovery key as a member every case key is
// wrapped to.
func Recovery(o Org) protocol.Member {
	return protocol.Member{DeviceID: vault.PublicIdentity{Sign: o.RecoverySign}.DeviceID(), UserID: RecoveryUser, BoxPub: o.RecoveryBox, SignPub: o.RecoverySign}
}

// WrapID is the ID the server keeps a wrap under: one per case, epoch and
// recipient.
func WrapID(caseID string, epoch uint32, recipient string) string {
	return fmt.Sprintf("%s/%d/%s", caseID, epoch, recipient)
}

// RecoveryUser is the user ID the recovery key is listed under.
const RecoveryUser = "recovery"

// bucket is a token bucket: rate a second, up to twice that saved up.
type bucket struct {
	mu     sync.Mutex
	tokens float64
	last   time.Time
}

func (s *Server) allow(key string, rate float64) bool {
	if rate <= 0 {
		return true
	}
	v, _ := s.limits.LoadOrStore(key, &bucket{tokens: 2 * rate, last: s.now()})
	b := v.(*bucket)
	b.mu.Lock()
	defer b.mu.Unlock()
	now := s.now()
	b.tokens = min(2*rate, b.tokens+now.Sub(b.last).Seconds()*rate)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
