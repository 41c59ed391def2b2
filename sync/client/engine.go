package client

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net/http"
	"slices"
	"time"

	"homeward/store"
	"homeward/sync/protocol"
	"homeward/vault"
)

// Engine moves one replica's versions to and from the central store.
type Engine struct {
	Conn  *Conn
	Store *store.Store
	Batch int // versions a push carries; 200 when 0
	// Progress, when set, is told how a sync is going after each page it
	// pulls: Report.Received of Report.Waiting, on a long first sync.
	Progress func(Report)
}

// Report is what one sync did.
type Report struct {
	Pushed, Duplicates, Quarantined int // versions sent, sent before, refused and set aside
	Stale                           int // refused as sealed under a key from before someone was taken off the case, and kept to go again under the new one
	Pulled, Keys, Devices           int // what came in
	Refused                         []store.Refusal
	Cursor                          int64
	// Received counts the versions pulled so far, kept or not, of Waiting:
	// those the server held for this device when the sync's pull began.
	Received, Waiting int
}

func (e *Engine) batch() int {
	if e.Batch > 0 {
		return e.Batch
	}
	return 200
}

// SyncOnce pulls until it is up to date, then pushes what waits and shares
// the keys of the cases it pushed to with their members. A version the server
// refuses goes to quarantine with its reason and never holds back the rest.
// When what it pulled says who may read a case changed, it shares the keys it
// holds of the case with its members now, and, when someone was taken off the
// case, starts the new epoch (share) and pulls again for its key, all before
// it pushes: what waits to go is sealed under the newest key it holds
// (store.Store.Outbox), so nothing leaves under a key the one taken off holds.
// Someone taken off between the pull and the push makes the central store
// answer stale: the sync then pulls (and so gets or starts the new epoch) and
// sends those versions again, sealed under it; when that is not possible yet
// the case's versions wait for the next sync, and the other cases' go.
func (e *Engine) SyncOnce(ctx context.Context) (Report, error) {
	var r Report
	if err := e.pullAndShare(ctx, &r); err != nil {
		return r, err
	}
	tried := map[string]bool{} // cases answered stale once this sync, and pulled for since
	wait := map[string]bool{}  // cases answered stale again: their versions wait for the next sync
	for range 100000 {
		out, err := e.Store.OutboxExcept(e.batch(), wait)
		if err != nil {
			return r, err
		}
		if len(out) == 0 {
			break
		}
		envs := make([][]byte, len(out))
		for i, o := range out {
			envs[i] = o.Envelope
		}
		res, err := e.Conn.Push(ctx, envs)
		if err != nil {
			return r, err
		}
		var done []store.Outgoing
		held := map[string]string{}
		pull := false
		for i, x := range res {
			switch x.Status {
			case protocol.Accepted:
				r.Pushed++
				done = append(done, out[i])
			case protocol.Duplicate:
				r.Duplicates++
				done = append(done, out[i])
			case protocol.Stale:
				r.Stale++
				if c := out[i].CaseID; tried[c] {
					wait[c] = true // the new key is not to be had yet
				} else {
					tried[c], pull = true, true
				}
			default:
				r.Quarantined++
				held[out[i].VersionID] = x.Reason
			}
		}
		if err := e.Store.MarkPushed(done); err != nil {
			return r, err
		}
		// After the push: the first version of a case made on this device
		// is what makes the case, and its members, known to the server.
		if err := e.shareKeys(ctx, out); err != nil {
			return r, err
		}
		if len(held) > 0 {
			if err := e.Store.Quarantine(held); err != nil {
				return r, err
			}
		}
		if pull {
			// shareKeys heard the epoch the case needs and started it if it
			// could; the pull brings the new key, and Outbox seals again.
			if err := e.pullAndShare(ctx, &r); err != nil {
				return r, err
			}
		}
	}
	return r, e.sendTeam(ctx)
}

// sendTeam sends the supervision interval chosen on this device for its team,
// if one waits, after the versions. The central store takes it from a
// supervisor alone: refused for good (from anyone else, or by a store that
// does not know teams), it stays this device's own; not reached, or asked to
// wait, it goes next time.
func (e *Engine) sendTeam(ctx context.Context) error {
	d, at, ok := e.Store.SupervisionToSend()
	if !ok {
		return nil
	}
	err := e.Conn.SetTeam(ctx, int(d/(24*time.Hour)), at)
	var refused *Error
	if err != nil && !(errors.As(err, &refused) && slices.Contains([]int{http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound}, refused.Status)) {
		return err
	}
	return e.Store.SentSupervision(d)
}

// pullAndShare pulls until it is up to date and shares the keys of each case
// whose membership changed, pulling again after it started an epoch, at most
// ten times. A key this device made that comes back (an epoch it started)
// is shared with the case's members too, as the central store lists them
// now: so an epoch whose wraps to the others were never sent, the sync
// having failed after the store took this device's own, still reaches them.
func (e *Engine) pullAndShare(ctx context.Context, r *Report) error {
	for range 10 {
		changed, made, err := e.pull(ctx, r)
		if err != nil {
			return err
		}
		for _, caseID := range made {
			if slices.ContainsFunc(changed, func(ms protocol.MembersResponse) bool { return ms.CaseID == caseID }) {
				continue
			}
			ms, err := e.Conn.Members(ctx, caseID)
			var refused *Error
			if errors.As(err, &refused) && refused.Status == http.StatusForbidden {
				continue // no longer a member
			}
			if err != nil {
				return err
			}
			changed = append(changed, ms)
		}
		if len(changed) == 0 {
			return nil
		}
		started := false
		for _, ms := range changed {
			s, err := e.share(ctx, ms)
			if err != nil {
				return err
			}
			started = started || s
		}
		if !started {
			return nil
		}
	}
	return nil
}

// pull pulls until it is up to date, and returns, for each case whose
// membership changed, what it is now, in the order the changes came; and the
// cases of the keys that came back wrapped by this device to itself.
func (e *Engine) pull(ctx context.Context, r *Report) (changed []protocol.MembersResponse, made []string, err error) {
	self := e.Store.DeviceID()
	at := map[string]int{}
	for page := range 100000 {
		var p protocol.Pulled
		if page == 0 && r.Waiting == 0 {
			p, r.Waiting, err = e.Conn.PullCounting(ctx, e.Store.Cursor(), 500)
		} else {
			p, err = e.Conn.Pull(ctx, e.Store.Cursor(), 500)
		}
		if err != nil {
			return changed, made, err
		}
		in := store.Incoming{Cursor: p.Next}
		for _, c := range p.Changes {
			switch c.Kind {
			case protocol.KindVersion:
				in.Versions = append(in.Versions, c.Data)
				r.Received++
			case protocol.KindWrap:
				in.Wraps = append(in.Wraps, c.Data)
				if w, err := vault.UnmarshalWrappedKey(c.Data); err == nil && w.Signer == self && w.Recipient == self && !slices.Contains(made, w.CaseID) {
					made = append(made, w.CaseID)
				}
			case protocol.KindDevice:
				var m protocol.Member
				if json.Unmarshal(c.Data, &m) == nil {
					in.Devices = append(in.Devices, store.PeerDevice{ID: m.DeviceID, Role: m.Role, Box: m.BoxPub, Sign: m.SignPub})
				}
			case protocol.KindTeam:
				var ts protocol.TeamSettings // the central store sends the user's team's alone
				if json.Unmarshal(c.Data, &ts) == nil && ts.ChosenAt.After(in.SupervisionChosen) {
					in.Supervision, in.SupervisionChosen = time.Duration(ts.SupervisionDays)*24*time.Hour, ts.ChosenAt
				}
			case protocol.KindCase:
				var ms protocol.MembersResponse
				if json.Unmarshal(c.Data, &ms) != nil {
					continue
				}
				if i, ok := at[ms.CaseID]; ok {
					changed[i] = ms
				} else {
					at[ms.CaseID] = len(changed)
					changed = append(changed, ms)
				}
			}
		}
		a, err := e.Store.Apply(in)
		if err != nil {
			return changed, made, err
		}
		r.Pulled += a.Versions
		r.Keys += a.Keys
		r.Devices += a.Devices
		r.Refused = append(r.Refused, a.Refused...)
		r.Cursor = p.Next
		if e.Progress != nil {
			e.Progress(*r)
		}
		if !p.More {
			break
		}
	}
	return changed, made, nil
}

// shareKeys wraps the keys of the cases in out to each member the central
// store lists for them, and to the organisation's recovery key.
func (e *Engine) shareKeys(ctx context.Context, out []store.Outgoing) error {
	done := map[string]bool{}
	for _, o := range out {
		if done[o.CaseID] {
			continue
		}
		done[o.CaseID] = true
		ms, err := e.Conn.Members(ctx, o.CaseID)
		var refused *Error
		if errors.As(err, &refused) && refused.Status == http.StatusForbidden {
			continue // not a member: the push is refused and quarantined, with the reason
		}
		if err != nil {
			return err
		}
		if _, err := e.share(ctx, ms); err != nil {
			return err
		}
	}
	return nil
}

// share wraps every key this device holds of a case to each member ms lists
// that it has not shared it with, and to the recovery key. When ms asks for
// a newer epoch than this device holds (someone was taken off the case), it
// first tries to start that epoch: it sends the new key's wrap to itself
// alone, which the central store accepts only from the first device to send
// one for that epoch, and only then the wraps to the members that remain. It
// reports whether it started the epoch: a pull then brings the key back. A
// device that was not first is sent the first device's key instead.
func (e *Engine) share(ctx context.Context, ms protocol.MembersResponse) (bool, error) {
	to := []store.PeerDevice{{ID: ms.Recovery.DeviceID, Box: ms.Recovery.BoxPub, Sign: ms.Recovery.SignPub}}
	for _, m := range ms.Members {
		to = append(to, store.PeerDevice{ID: m.DeviceID, Box: m.BoxPub, Sign: m.SignPub})
	}
	var wraps [][]byte
	started := false
	if held := e.Store.KeyEpoch(ms.CaseID); held > 0 && ms.Epoch > held {
		fresh, err := e.Store.NewEpoch(ms.CaseID, ms.Epoch, to)
		if err != nil {
			return false, err
		}
		res, err := e.Conn.PushWraps(ctx, fresh[:1])
		if err != nil {
			return false, err
		}
		if started = res[0].Status == protocol.Accepted; started {
			wraps = fresh
		}
	}
	old, err := e.Store.KeysToShare(ms.CaseID, to)
	if err != nil {
		return false, err
	}
	if wraps = append(wraps, old...); len(wraps) == 0 {
		return started, nil
	}
	res, err := e.Conn.PushWraps(ctx, wraps)
	if err != nil {
		return started, err
	}
	var taken [][]byte
	for i, x := range res {
		if x.Status != protocol.Rejected {
			taken = append(taken, wraps[i])
		}
	}
	return started, e.Store.MarkShared(taken)
}

// Run syncs now and then every interval until ctx ends, backing off with
// jitter after a failure (up to five minutes), and tells status after each
// try: the report, or why it failed.
func (e *Engine) Run(ctx context.Context, interval time.Duration, status func(Report, error)) {
	wait := interval
	for {
		r, err := e.SyncOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		if status != nil {
			status(r, err)
		}
		if err != nil {
			wait = min(2*wait, 5*time.Minute)
		} else {
			wait = interval
		}
		jittered := wait/2 + rand.N(wait/2+1)
		select {
		case <-ctx.Done():
			return
		case <-time.After(jittered):
		}
	}
}

// Describe says in a sentence what a failed sync means for the worker.
func Describe(err error) string {
	var refused *Error
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrNotPinned):
		return err.Error()
	case errors.As(err, &refused):
		return refused.Body.Message
	default:
		return "Offline: the central store could not be reached. Everything is kept on this device and is sent when it can be."
	}
}
