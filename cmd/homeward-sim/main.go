// Command homeward-sim runs simulated devices against a central store and
// checks that nothing made anywhere is lost or held twice.
//
//	homeward-sim [--devices 10] [--saves 40] [--duration 20s] [--fault-rate 0.1] [--seed 1]
//	             [--postgres DSN] [--servers 1] [--restarts K] [--kill-rate P]
//	homeward-sim --server ADDR (--data DIR | --postgres DSN) [...]
//
// By default the central store is the run's own: SQLite in a fresh temporary
// folder, served over TLS 1.3 on a loopback port. With --postgres it is that
// PostgreSQL database, which must hold no organisation yet; with --servers N
// (up to 4, only with --postgres) N server instances serve it, each with a
// backend handle (a connection pool) of its own on its own loopback port, as
// N server processes on one PostgreSQL would, and device i uses server
// i mod N. With --server ADDR the run starts no server: it goes to the
// homeward-server already running at ADDR, which must be 127.0.0.1, [::1] or
// localhost (load is never aimed at any other address), adds its users and
// their codes through that server's store (--data, its folder, or
// --postgres), pins the certificate the server presents, and checks through
// that store; its users and team are named after the run, so runs do not
// clash.
//
// The first device is a supervisor, the others practitioners of one team.
// Each practitioner makes a case of its own, and each device, in turn, saves
// (a new voice entry, or an edit of the child's record naming every head, so
// merging what it holds) and, unless it is offline for the turn, syncs,
// backing off a little after a sync that failed. The supervisor saves into
// the practitioners' cases it has been sent. Each server sits behind a
// loopback proxy, whose address the devices' enrolment codes name; with
// --fault-rate, that share of connections is cut somewhere in the first
// 40 KB of the server's answer, in the middle of pushes and pulls. With
// --restarts K (2 by default when --fault-rate is above 0 and the servers are
// the run's own; at most 20), at K moments spread over the run a server, each
// in turn, is killed (its listener, open connections and backend handle
// closed at once) and started again 300 ms later on the same port and data.
// With --kill-rate P (0.05 by default when --fault-rate is above 0), on that
// share of sync turns a device pulls a page and, before storing it, its
// profile is closed and opened again from its file, unlocked, with an engine
// made afresh from its enrolment, as the app restarted. Each device stops
// after --saves saves or at --duration, whichever comes first; then, with no
// more faults, every device syncs until a round moves nothing (at most 20
// rounds). It prints the restarts and kills made, what the server took its
// time over and the percentiles of its handling of pushes and pulls (not for
// a server it did not start), and one last line:
//
//	made N converged N lost N duplicated N conflicts N versions/s N
//
// and exits with status 1 when a version was lost, held twice, or did not
// reach every device that may read it. --seed fixes each device's choices;
// how the devices' requests interleave is left to the scheduler.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	code, err := run(context.Background(), os.Args[1:], os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "homeward-sim:", err)
		os.Exit(2)
	}
	os.Exit(code)
}

// Bounds on a run, so that no flag makes one that does not end.
const (
	maxDevices  = 200
	maxSaves    = 10000
	maxDuration = 10 * time.Minute
	maxServers  = 4
	maxRestarts = 20
)

// config is a run's size.
type config struct {
	devices, saves int
	duration       time.Duration
	faultRate      float64
	seed           uint64
	postgres       string // the central store's DSN; SQLite in the temporary folder when empty
	servers        int
	restarts       int // servers killed and started again
	killRate       float64
	server         string // a running homeward-server's address; one of the run's own when empty
	data           string // that server's SQLite folder, when not --postgres
}

func run(ctx context.Context, args []string, out io.Writer) (int, error) {
	fs := flag.NewFlagSet("homeward-sim", flag.ContinueOnError)
	fs.SetOutput(out)
	var c config
	fs.IntVar(&c.devices, "devices", 10, fmt.Sprintf("devices, the first a supervisor (2 to %d)", maxDevices))
	fs.IntVar(&c.saves, "saves", 40, fmt.Sprintf("saves each device makes at most (1 to %d)", maxSaves))
	fs.DurationVar(&c.duration, "duration", 20*time.Second, fmt.Sprintf("how long the devices save and sync at most (up to %s)", maxDuration))
	fs.Float64Var(&c.faultRate, "fault-rate", 0.1, "the share of connections cut in the middle of the server's answer (0 to 1)")
	fs.Uint64Var(&c.seed, "seed", 1, "the seed of every device's choices")
	fs.StringVar(&c.postgres, "postgres", "", "keep the central store in this PostgreSQL database, which must hold no organisation yet, instead of SQLite in a temporary folder")
	fs.IntVar(&c.servers, "servers", 1, fmt.Sprintf("server instances on the central store, each with its own connections, port and proxy (1 to %d; above 1 only with --postgres)", maxServers))
	fs.IntVar(&c.restarts, "restarts", 0, fmt.Sprintf("times, spread over the run, a server (each in turn) is killed and started again 300 ms later on the same port and data (0 to %d; 2 when this is not given and --fault-rate is above 0)", maxRestarts))
	fs.Float64Var(&c.killRate, "kill-rate", 0, "the share of sync turns on which a device is killed after receiving a page and before storing it, and started again (0 to 1; 0.05 when this is not given and --fault-rate is above 0)")
	fs.StringVar(&c.server, "server", "", "run against the homeward-server already running at this loopback address (127.0.0.1:PORT, [::1]:PORT or localhost:PORT), whose store --data or --postgres names")
	fs.StringVar(&c.data, "data", "", "with --server: the server's data folder (its SQLite store)")
	if err := fs.Parse(args); err != nil {
		return 0, err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if !given["restarts"] && c.faultRate > 0 && c.server == "" {
		c.restarts = 2
	}
	if !given["kill-rate"] && c.faultRate > 0 {
		c.killRate = 0.05
	}
	switch {
	case fs.NArg() > 0:
		return 0, fmt.Errorf("unexpected arguments %q", fs.Args())
	case c.devices < 2 || c.devices > maxDevices:
		return 0, fmt.Errorf("--devices must be 2 to %d", maxDevices)
	case c.saves < 1 || c.saves > maxSaves:
		return 0, fmt.Errorf("--saves must be 1 to %d", maxSaves)
	case c.duration <= 0 || c.duration > maxDuration:
		return 0, fmt.Errorf("--duration must be above 0 and at most %s", maxDuration)
	case c.faultRate < 0 || c.faultRate > 1:
		return 0, errors.New("--fault-rate must be 0 to 1")
	case c.killRate < 0 || c.killRate > 1:
		return 0, errors.New("--kill-rate must be 0 to 1")
	case c.servers < 1 || c.servers > maxServers:
		return 0, fmt.Errorf("--servers must be 1 to %d", maxServers)
	case c.restarts < 0 || c.restarts > maxRestarts:
		return 0, fmt.Errorf("--restarts must be 0 to %d", maxRestarts)
	case c.server == "" && c.data != "":
		return 0, errors.New("--data is a running server's data folder: it goes with --server")
	case c.server == "" && c.servers > 1 && c.postgres == "":
		return 0, errors.New("--servers above 1 needs --postgres: server processes share a central store only on PostgreSQL")
	case c.server != "" && (c.data == "") == (c.postgres == ""):
		return 0, errors.New("--server needs the store of that server: its data folder (--data) or its PostgreSQL DSN (--postgres), one of the two")
	case c.server != "" && c.servers > 1:
		return 0, errors.New("--servers is how many servers homeward-sim starts: with --server it starts none")
	case c.server != "" && c.restarts > 0:
		return 0, errors.New("--restarts: homeward-sim does not restart a server it did not start, so with --server it makes none: leave --restarts out")
	}
	dir, err := os.MkdirTemp("", "homeward-sim-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	res, err := simulate(ctx, c, dir, out)
	if err != nil {
		return 0, err
	}
	fmt.Fprintf(out, "made %d converged %d lost %d duplicated %d conflicts %d versions/s %.0f\n",
		res.made, res.converged, res.lost, res.duplicated, res.conflicts, res.rate)
	if res.lost > 0 || res.duplicated > 0 || res.converged != res.made {
		return 1, nil
	}
	return 0, nil
}
