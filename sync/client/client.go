// Package client is the device's side of the sync protocol: a connection to
// the central store pinned to the certificate its enrolment code names,
// enrolment, login, and the push, pull, wraps and members requests. The sync
// engine that moves a replica's versions through it is in engine.go.
package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"homeward/sync/protocol"
	"homeward/vault"
)

// Error is a refusal from the server: its status, and the message it gave,
// which is safe to show a person and says what to do.
type Error struct {
	Status int
	Body   protocol.Error
}

func (e *Error) Error() string { return e.Body.Message }

// ErrNotPinned is returned when the server presents a certificate other than
// the one its enrolment code named.
var ErrNotPinned = errors.New("client: the server's certificate is not the one the enrolment code names: do not go on, and tell your admin")

// Device is what a connection needs of the device's identity:
// vault.Identity, or a store.Store while it is unlocked.
type Device interface {
	Public() vault.PublicIdentity
	DeviceID() string
	SignStatement(label string, msg []byte) []byte
}

// Conn is a connection to one central store, for one device.
type Conn struct {
	base string
	hc   *http.Client
	id   Device

	mu      sync.Mutex
	token   string
	expires time.Time
}

// Dial returns a connection to the server the code names, trusting only the
// certificate whose fingerprint the code carries, over TLS 1.3. id is the
// device's identity; nothing is sent until a request is made.
func Dial(code protocol.Code, id Device) *Conn {
	return DialAddr(code.Addr, code, id)
}

// DialAddr is Dial to another address than the code's own, with the same pin:
// for a server that moved, or a test listening on a port of its own.
func DialAddr(addr string, code protocol.Code, id Device) *Conn {
	tc := &tls.Config{
		MinVersion: tls.VersionTLS13,
		// The chain is not checked against any authority: the pin below is
		// the whole of the trust, as the enrolment code is its root.
		InsecureSkipVerify: true,
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 || !code.Pins(cs.PeerCertificates[0].Raw) {
				return ErrNotPinned
			}
			return nil
		},
	}
	tr := &http.Transport{TLSClientConfig: tc, MaxIdleConnsPerHost: 4, IdleConnTimeout: time.Minute, ForceAttemptHTTP2: true}
	return &Conn{base: "https://" + addr, hc: &http.Client{Transport: tr, Timeout: time.Minute}, id: id}
}

// Close drops idle connections.
func (c *Conn) Close() { c.hc.CloseIdleConnections() }

func (c *Conn) do(ctx context.Context, method, path string, body []byte, auth bool) ([]byte, error) {
	b, _, err := c.doHeader(ctx, method, path, body, auth)
	return b, err
}

// doHeader is do, with the answer's header.
func (c *Conn) doHeader(ctx context.Context, method, path string, body []byte, auth bool) ([]byte, http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	if auth {
		tok, err := c.login(ctx)
		if err != nil {
			return nil, nil, err
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		if errors.Is(err, ErrNotPinned) {
			return nil, nil, ErrNotPinned
		}
		return nil, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, protocol.MaxBatchBytes+1<<20))
	if err != nil {
		return nil, nil, err
	}
	if res.StatusCode != http.StatusOK {
		e := &Error{Status: res.StatusCode}
		if json.Unmarshal(b, &e.Body) != nil || e.Body.Message == "" {
			e.Body.Message = fmt.Sprintf("The server answered %s.", res.Status)
		}
		if res.StatusCode == http.StatusUnauthorized && auth {
			c.mu.Lock()
			c.token = ""
			c.mu.Unlock()
		}
		return nil, nil, e
	}
	return b, res.Header, nil
}

func (c *Conn) postJSON(ctx context.Context, path string, in, out any, auth bool) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	body, err := c.do(ctx, http.MethodPost, path, b, auth)
	if err != nil {
		return err
	}
	return json.Unmarshal(body, out)
}

// Enrol spends the code's secret on this device's keys.
func (c *Conn) Enrol(ctx context.Context, code protocol.Code) (protocol.EnrolResponse, error) {
	pub := c.id.Public()
	var out protocol.EnrolResponse
	err := c.postJSON(ctx, protocol.PathEnrol, protocol.EnrolRequest{Secret: code.Secret[:], BoxPub: pub.Box[:], SignPub: pub.Sign}, &out, false)
	if err == nil && out.DeviceID != c.id.DeviceID() {
		return out, errors.New("client: the server enrolled another device than this one")
	}
	return out, err
}

// login returns a token, logging in with a signed challenge when there is
// none or it is about to expire.
func (c *Conn) login(ctx context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token != "" && time.Until(c.expires) > 30*time.Second {
		return c.token, nil
	}
	var ch protocol.ChallengeResponse
	if err := c.postJSON(ctx, protocol.PathChallenge, protocol.ChallengeRequest{DeviceID: c.id.DeviceID()}, &ch, false); err != nil {
		return "", err
	}
	var out protocol.LoginResponse
	req := protocol.LoginRequest{DeviceID: c.id.DeviceID(), Challenge: ch.Challenge, Sig: c.id.SignStatement(protocol.LoginLabel, ch.Challenge)}
	if err := c.postJSON(ctx, protocol.PathLogin, req, &out, false); err != nil {
		return "", err
	}
	c.token, c.expires = out.Token, out.Expires
	return c.token, nil
}

// Push sends encoded envelopes; the answer has one result per item, in order.
func (c *Conn) Push(ctx context.Context, envelopes [][]byte) ([]protocol.ItemResult, error) {
	return c.batch(ctx, protocol.PathPush, envelopes)
}

// PushWraps sends encoded case-key wraps.
func (c *Conn) PushWraps(ctx context.Context, wraps [][]byte) ([]protocol.ItemResult, error) {
	return c.batch(ctx, protocol.PathWraps, wraps)
}

func (c *Conn) batch(ctx context.Context, path string, items [][]byte) ([]protocol.ItemResult, error) {
	body, err := c.do(ctx, http.MethodPost, path, protocol.EncodePush(items), true)
	if err != nil {
		return nil, err
	}
	var out protocol.PushResponse
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, err
	}
	if len(out.Results) != len(items) {
		return nil, fmt.Errorf("client: the server answered %d of %d items", len(out.Results), len(items))
	}
	return out.Results, nil
}

// Pull returns the changes after cursor, up to limit.
func (c *Conn) Pull(ctx context.Context, cursor int64, limit int) (protocol.Pulled, error) {
	p, _, err := c.pull(ctx, cursor, limit, false)
	return p, err
}

// PullCounting is Pull, that also returns how many versions after cursor
// the server holds for this device.
func (c *Conn) PullCounting(ctx context.Context, cursor int64, limit int) (protocol.Pulled, int, error) {
	return c.pull(ctx, cursor, limit, true)
}

func (c *Conn) pull(ctx context.Context, cursor int64, limit int, count bool) (protocol.Pulled, int, error) {
	q := url.Values{"cursor": {strconv.FormatInt(cursor, 10)}, "limit": {strconv.Itoa(limit)}}
	if count {
		q.Set("waiting", "1")
	}
	body, h, err := c.doHeader(ctx, http.MethodGet, protocol.PathPull+"?"+q.Encode(), nil, true)
	if err != nil {
		return protocol.Pulled{}, 0, err
	}
	p, err := protocol.DecodePull(body)
	if err == nil && p.Next < cursor {
		err = fmt.Errorf("%w: the cursor went back", protocol.ErrMalformed)
	}
	waiting, _ := strconv.Atoi(h.Get(protocol.HeaderWaiting)) // 0 from a server that does not count
	return p, max(waiting, 0), err
}

// SetTeam sets how often each child's case of the user's team is to be
// supervised, as chosen at chosen; only a supervisor may.
func (c *Conn) SetTeam(ctx context.Context, supervisionDays int, chosen time.Time) error {
	var out protocol.TeamSettings
	return c.postJSON(ctx, protocol.PathTeam, protocol.TeamSettings{SupervisionDays: supervisionDays, ChosenAt: chosen}, &out, true)
}

// Members returns the devices a case key must be wrapped to.
func (c *Conn) Members(ctx context.Context, caseID string) (protocol.MembersResponse, error) {
	body, err := c.do(ctx, http.MethodGet, protocol.PathMembers+"?"+url.Values{"case": {caseID}}.Encode(), nil, true)
	if err != nil {
		return protocol.MembersResponse{}, err
	}
	var out protocol.MembersResponse
	return out, json.Unmarshal(body, &out)
}
