// Command loadcheck drives the users example (examples/users) over loopback
// and checks how it holds up. scripts/load.sh runs both modes.
//
// Load mode sends a bounded mix of requests to a running server: sign-ups
// (POST /users, each with a new email), reads (GET /users/{id}, with a
// token) and logins (POST /auth/login). It reports the requests sent, the
// errors (transport errors and any status but the one expected), the
// latency percentiles, overall and per kind, and, given the server's pid,
// its peak resident set (VmHWM). Sign-ups and logins hash or verify a
// bcrypt password at the service's fixed cost, so they are a small share
// of the mix by default.
//
//	loadcheck -mode load -url http://127.0.0.1:8000 -pid 1234
//	loadcheck -mode load -bin ./users      # starts the server itself
//
// Shutdown mode starts the server itself (building ./examples/users unless
// -bin names a binary) on a free loopback port with a fresh SQLite data
// directory, keeps concurrent sign-ups going, reads the server's peak RSS
// and sends it SIGTERM mid-load. It records every email answered 201,
// waits for the process to exit, and checks that it exited 0, that new
// connections were refused (not left hanging) from the shutdown on, and,
// reopening the SQLite database, that every acknowledged email is stored.
//
//	loadcheck -mode shutdown [-bin ./users]
//
// It exits 1 when a check fails, 2 on bad flags.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // reopens the server's database in shutdown mode
)

type options struct {
	mode       string
	url        string
	pid        int
	bin        string
	pkg        string
	n          int
	conc       int
	seeds      int
	postPct    float64
	loginPct   float64
	termAfter  int
	maxRSSMB   int
	reqTimeout time.Duration
	keepDir    bool
}

func main() {
	var o options
	flag.StringVar(&o.mode, "mode", "load", "load or shutdown")
	flag.StringVar(&o.url, "url", "", "load: base URL of a running server")
	flag.IntVar(&o.pid, "pid", 0, "load: pid of the running server, to read its peak RSS")
	flag.StringVar(&o.bin, "bin", "", "the users binary to start (shutdown mode builds -pkg when empty; load mode starts it when -url is empty)")
	flag.StringVar(&o.pkg, "pkg", "./examples/users", "the package to build when -bin is empty")
	flag.IntVar(&o.n, "n", 50000, "load: requests to send")
	flag.IntVar(&o.conc, "c", 128, "concurrent connections (shutdown mode: 32 when not set)")
	flag.IntVar(&o.seeds, "seeds", 16, "load: users made (and logged in) before the timed run")
	flag.Float64Var(&o.postPct, "post-pct", 0.4, "load: percent of requests that sign up (bcrypt hash)")
	flag.Float64Var(&o.loginPct, "login-pct", 0.2, "load: percent of requests that log in (bcrypt verify)")
	flag.IntVar(&o.termAfter, "term-after", 64, "shutdown: sign-ups acknowledged before SIGTERM is sent")
	flag.IntVar(&o.maxRSSMB, "max-rss-mb", 512, "fail when the server's peak RSS exceeds this many MiB")
	flag.DurationVar(&o.reqTimeout, "timeout", 30*time.Second, "per-request timeout")
	flag.BoolVar(&o.keepDir, "keep", false, "keep the temporary directory (server log, database)")
	flag.Parse()
	if flag.NArg() > 0 || o.n <= 0 || o.conc <= 0 || o.postPct < 0 || o.loginPct < 0 || o.postPct+o.loginPct > 100 {
		flag.Usage()
		os.Exit(2)
	}
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	switch o.mode {
	case "load":
		err = runLoad(o)
	case "shutdown":
		if !set["c"] {
			o.conc = 32
		}
		err = runShutdown(o)
	default:
		fmt.Fprintf(os.Stderr, "loadcheck: unknown -mode %q\n", o.mode)
		os.Exit(2)
	}
	if err != nil {
		fmt.Println("FAIL:", err)
		os.Exit(1)
	}
	fmt.Println("PASS")
}

// ---- the client side ----

const password = "correct horse battery"

type client struct {
	base    string
	http    *http.Client
	timeout time.Duration
}

func newClient(base string, conns int, timeout time.Duration) *client {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns, // one kept-alive connection per worker
		IdleConnTimeout:     30 * time.Second,
		DisableCompression:  true,
	}
	return &client{base: strings.TrimSuffix(base, "/"), http: &http.Client{Transport: tr}, timeout: timeout}
}

// do sends one request and reads the whole answer.
func (c *client) do(method, path, token string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

type signUp struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name"`
	Age      int    `json:"age"`
}

type login struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func newSignUp(email string, i int) signUp {
	return signUp{Email: email, Password: password, Name: "Load " + strconv.Itoa(i), Age: 20 + i%60}
}

// waitReady polls /health/ready until it answers 200, the process exits
// (exited is closed) or the time is up.
func waitReady(c *client, exited <-chan struct{}, within time.Duration) error {
	deadline := time.Now().Add(within)
	var last string
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return errors.New("the server exited before it was ready")
		default:
		}
		status, body, err := c.do("GET", "/health/ready", "", nil)
		if err == nil && status == http.StatusOK {
			return nil
		}
		last = fmt.Sprintf("%d %s %v", status, body, err)
		time.Sleep(50 * time.Millisecond) // polling a process start, not a race
	}
	return fmt.Errorf("not ready after %s: %s", within, last)
}

// ---- statistics ----

type kind int

const (
	kGet kind = iota
	kPost
	kLogin
	nKinds
)

var kindNames = [nKinds]string{"GET /users/{id}", "POST /users", "POST /auth/login"}

// stats collects the outcome of every request, per worker, without locks.
type stats struct {
	lat       [nKinds][]time.Duration
	transport int
	status    int
	samples   []string
}

func (s *stats) fail(format string, args ...any) {
	if len(s.samples) < 5 {
		s.samples = append(s.samples, fmt.Sprintf(format, args...))
	}
}

func merge(all []*stats) *stats {
	out := &stats{}
	for _, s := range all {
		for k := range nKinds {
			out.lat[k] = append(out.lat[k], s.lat[k]...)
		}
		out.transport += s.transport
		out.status += s.status
		for _, m := range s.samples {
			if len(out.samples) < 10 {
				out.samples = append(out.samples, m)
			}
		}
	}
	return out
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func latencyLine(name string, d []time.Duration) string {
	d = slices.Clone(d)
	slices.Sort(d)
	return fmt.Sprintf("latency %-18s n=%-6d p50=%-10s p99=%-10s max=%s", name, len(d),
		percentile(d, 50).Round(10*time.Microsecond), percentile(d, 99).Round(10*time.Microsecond),
		percentile(d, 100).Round(10*time.Microsecond))
}

// ---- the server process ----

// server is a users binary this program started.
type server struct {
	cmd     *exec.Cmd
	addr    string
	dir     string // data directory
	logPath string
	exited  chan struct{}
	waitErr error
}

// build compiles pkg into dir and returns the binary's path.
func build(pkg, dir string) (string, error) {
	bin := filepath.Join(dir, "users")
	cmd := exec.Command("go", "build", "-o", bin, pkg)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build %s: %w", pkg, err)
	}
	fmt.Printf("built %s in %s\n", pkg, time.Since(start).Round(time.Millisecond))
	return bin, nil
}

// startServer starts bin on a port of the kernel's choosing, with its data
// and log in tmp, and returns once it logs the address it serves on.
func startServer(bin, tmp string) (*server, error) {
	s := &server{dir: filepath.Join(tmp, "data"), logPath: filepath.Join(tmp, "server.log"), exited: make(chan struct{})}
	logf, err := os.Create(s.logPath)
	if err != nil {
		return nil, err
	}
	s.cmd = exec.Command(bin, "-addr", "127.0.0.1:0", "-data-dir", s.dir)
	s.cmd.Env = append(os.Environ(), "JWT_SECRET=loadcheck-secret-0123456789abcdef0123456789", "LOG_LEVEL=info")
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	// Should this program be killed (by load.sh's timeout, say), the
	// server goes with it instead of holding its port.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := s.cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		logf.Close()
		close(s.exited)
	}()
	deadline := time.Now().Add(15 * time.Second)
	for s.addr == "" {
		select {
		case <-s.exited:
			return nil, fmt.Errorf("the server exited at start: %v\n%s", s.waitErr, s.logTail())
		default:
		}
		if time.Now().After(deadline) {
			s.kill()
			return nil, fmt.Errorf("the server logged no address in 15s\n%s", s.logTail())
		}
		time.Sleep(20 * time.Millisecond) // polling a process start, not a race
		b, _ := os.ReadFile(s.logPath)
		for line := range strings.Lines(string(b)) {
			var rec struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "serving" {
				s.addr = rec.Addr
			}
		}
	}
	return s, nil
}

// logTail returns the end of the server's log, for failure reports.
func (s *server) logTail() string {
	b, _ := os.ReadFile(s.logPath)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-15):], "\n")
}

// kill stops a server still running at the end of a failed check.
func (s *server) kill() {
	select {
	case <-s.exited:
	default:
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

// peakRSS reads the peak resident set (VmHWM) of pid, in KiB.
func peakRSS(pid int) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) == 2 && f[1] == "kB" {
				return strconv.Atoi(f[0])
			}
		}
	}
	return 0, errors.New("no VmHWM in /proc/" + strconv.Itoa(pid) + "/status")
}

func checkRSS(o options, pid int, errs *[]error) {
	if pid <= 0 {
		fmt.Println("peak RSS: not measured (no -pid)")
		return
	}
	kb, err := peakRSS(pid)
	if err != nil {
		*errs = append(*errs, fmt.Errorf("peak RSS: %w", err))
		return
	}
	fmt.Printf("peak RSS (VmHWM): %.1f MiB (bound %d MiB)\n", float64(kb)/1024, o.maxRSSMB)
	if kb > o.maxRSSMB*1024 {
		*errs = append(*errs, fmt.Errorf("peak RSS %.1f MiB is over %d MiB", float64(kb)/1024, o.maxRSSMB))
	}
}

// ---- load mode ----

type seed struct {
	id    int64
	email string
	token string
}

func runLoad(o options) error {
	pid := o.pid
	if o.url == "" {
		if o.bin == "" {
			return errors.New("load mode needs -url (a running server) or -bin (a binary to start)")
		}
		tmp, err := os.MkdirTemp("", "loadcheck-")
		if err != nil {
			return err
		}
		if !o.keepDir {
			defer os.RemoveAll(tmp)
		}
		srv, err := startServer(o.bin, tmp)
		if err != nil {
			return err
		}
		defer srv.kill()
		o.url, pid = "http://"+srv.addr, srv.cmd.Process.Pid
	}
	if err := waitReady(newClient(o.url, 1, time.Second), nil, 15*time.Second); err != nil {
		return err
	}
	c := newClient(o.url, o.conc, o.reqTimeout)
	defer c.http.CloseIdleConnections()
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	fmt.Printf("mode: load against %s: %d requests on %d connections; mix %.2f%% sign-up, %.2f%% login, the rest reads\n",
		o.url, o.n, o.conc, o.postPct, o.loginPct)

	// Seed users to read and log in as, with the same workers.
	start := time.Now()
	seeds := make([]seed, o.seeds)
	var seedErr error
	var mu sync.Mutex
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(o.conc, o.seeds) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < o.seeds; i = int(next.Add(1)) - 1 {
				email := fmt.Sprintf("seed-%s-%d@example.com", run, i)
				if err := seedOne(c, email, i, &seeds[i]); err != nil {
					mu.Lock()
					seedErr = errors.Join(seedErr, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if seedErr != nil {
		return fmt.Errorf("seeding: %w", seedErr)
	}
	fmt.Printf("seeded %d users (sign-up + login each) in %s\n", o.seeds, time.Since(start).Round(time.Millisecond))

	// The timed run: request i's kind and target come from a generator
	// seeded by i, so a run is the same mix whatever the scheduling.
	var counter atomic.Int64
	all := make([]*stats, o.conc)
	start = time.Now()
	for w := range o.conc {
		st := &stats{}
		all[w] = st
		wg.Go(func() {
			for i := counter.Add(1) - 1; i < int64(o.n); i = counter.Add(1) - 1 {
				r := rand.New(rand.NewPCG(uint64(i), 0x10adc4ec))
				roll := r.Float64() * 100
				sd := seeds[r.IntN(len(seeds))]
				var k kind
				var status, want int
				var body []byte
				var err error
				t0 := time.Now()
				switch {
				case roll < o.postPct:
					k, want = kPost, http.StatusCreated
					status, body, err = c.do("POST", "/users", "", newSignUp(fmt.Sprintf("load-%s-%d@example.com", run, i), int(i)))
				case roll < o.postPct+o.loginPct:
					k, want = kLogin, http.StatusOK
					status, body, err = c.do("POST", "/auth/login", "", login{Email: sd.email, Password: password})
				default:
					k, want = kGet, http.StatusOK
					status, body, err = c.do("GET", "/users/"+strconv.FormatInt(sd.id, 10), sd.token, nil)
				}
				st.lat[k] = append(st.lat[k], time.Since(t0))
				switch {
				case err != nil:
					st.transport++
					st.fail("%s: %v", kindNames[k], err)
				case status != want:
					st.status++
					st.fail("%s: %d %s", kindNames[k], status, bytes.TrimSpace(body))
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	s := merge(all)

	var errs []error
	var every []time.Duration
	var parts []string
	for k := range nKinds {
		every = append(every, s.lat[k]...)
		parts = append(parts, fmt.Sprintf("%s %d", kindNames[k], len(s.lat[k])))
	}
	fmt.Printf("requests: %d (%s) in %s: %.0f req/s\n", len(every), strings.Join(parts, ", "),
		elapsed.Round(time.Millisecond), float64(len(every))/elapsed.Seconds())
	fmt.Printf("errors: %d (transport %d, unexpected status %d)\n", s.transport+s.status, s.transport, s.status)
	for _, m := range s.samples {
		fmt.Println("  e.g.", m)
	}
	fmt.Println(latencyLine("all", every))
	for k := range nKinds {
		fmt.Println(latencyLine(kindNames[k], s.lat[k]))
	}
	if n := s.transport + s.status; n > 0 {
		errs = append(errs, fmt.Errorf("%d requests failed", n))
	}
	if len(every) != o.n {
		errs = append(errs, fmt.Errorf("sent %d requests, want %d", len(every), o.n))
	}
	checkRSS(o, pid, &errs)
	return errors.Join(errs...)
}

func seedOne(c *client, email string, i int, out *seed) error {
	status, body, err := c.do("POST", "/users", "", newSignUp(email, i))
	if err != nil || status != http.StatusCreated {
		return fmt.Errorf("sign-up %s: %d %s %v", email, status, body, err)
	}
	var u struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(body, &u); err != nil {
		return err
	}
	status, body, err = c.do("POST", "/auth/login", "", login{Email: email, Password: password})
	if err != nil || status != http.StatusOK {
		return fmt.Errorf("login %s: %d %s %v", email, status, body, err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(body, &tok); err != nil {
		return err
	}
	*out = seed{id: u.ID, email: email, token: tok.AccessToken}
	return nil
}

// ---- shutdown mode ----

func runShutdown(o options) (err error) {
	tmp, err := os.MkdirTemp("", "loadcheck-")
	if err != nil {
		return err
	}
	if o.keepDir {
		fmt.Println("temporary directory:", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	bin := o.bin
	if bin == "" {
		if bin, err = build(o.pkg, tmp); err != nil {
			return err
		}
	}
	srv, err := startServer(bin, tmp)
	if err != nil {
		return err
	}
	defer srv.kill()
	defer func() {
		if err != nil {
			err = fmt.Errorf("%w\nserver log (last lines):\n%s", err, srv.logTail())
		}
	}()
	url := "http://" + srv.addr
	if err := waitReady(newClient(url, 1, time.Second), srv.exited, 15*time.Second); err != nil {
		return err
	}
	fmt.Printf("mode: shutdown: %s (pid %d) on %s, data in %s; %d concurrent sign-ups, SIGTERM after %d acknowledged\n",
		bin, srv.cmd.Process.Pid, srv.addr, srv.dir, o.conc, o.termAfter)

	c := newClient(url, o.conc, o.reqTimeout)
	defer c.http.CloseIdleConnections()
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	var (
		mu         sync.Mutex
		acked      = map[string]bool{}
		ackedAfter int // acknowledged after SIGTERM was sent: drained in flight
		termSent   atomic.Bool
		seq        atomic.Int64
		enough     = make(chan struct{})
		enoughOnce sync.Once
		wg         sync.WaitGroup
	)
	all := make([]*stats, o.conc)
	for w := range o.conc {
		st := &stats{}
		all[w] = st
		wg.Go(func() {
			for {
				i := seq.Add(1)
				email := fmt.Sprintf("sd-%s-%d@example.com", run, i)
				t0 := time.Now()
				status, body, err := c.do("POST", "/users", "", newSignUp(email, int(i)))
				if err != nil {
					if termSent.Load() {
						return // the server is going or gone: expected
					}
					st.transport++
					st.fail("before SIGTERM: %v", err)
					select {
					case <-srv.exited:
						return
					default:
						continue
					}
				}
				st.lat[kPost] = append(st.lat[kPost], time.Since(t0))
				if status != http.StatusCreated {
					st.status++
					st.fail("%d %s (after SIGTERM: %v)", status, bytes.TrimSpace(body), termSent.Load())
					continue
				}
				mu.Lock()
				acked[email] = true
				if termSent.Load() {
					ackedAfter++
				}
				if len(acked) >= o.termAfter {
					enoughOnce.Do(func() { close(enough) })
				}
				mu.Unlock()
			}
		})
	}

	var errs []error
	select {
	case <-enough:
	case <-srv.exited:
		return errors.New("the server exited under load, before SIGTERM")
	case <-time.After(60 * time.Second):
		return fmt.Errorf("fewer than %d sign-ups acknowledged in 60s", o.termAfter)
	}
	checkRSS(o, srv.cmd.Process.Pid, &errs)
	mu.Lock()
	ackedBefore := len(acked)
	mu.Unlock()
	termSent.Store(true)
	termAt := time.Now()
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return fmt.Errorf("SIGTERM: %w", err)
	}

	// From the shutdown on, new connections must be refused, at once: a
	// dial that neither connects nor is refused within 2s is a hang.
	refusedAfter, err := waitRefused(srv.addr, 10*time.Second)
	if err != nil {
		errs = append(errs, err)
	} else {
		fmt.Printf("new connections refused %s after SIGTERM\n", refusedAfter.Round(time.Microsecond))
	}

	select {
	case <-srv.exited:
	case <-time.After(40 * time.Second):
		return errors.New("the server did not exit within 40s of SIGTERM")
	}
	exitedAfter := time.Since(termAt)
	code := srv.cmd.ProcessState.ExitCode()
	fmt.Printf("exit: code %d, %s after SIGTERM (%v)\n", code, exitedAfter.Round(time.Millisecond), srv.waitErr)
	if code != 0 {
		errs = append(errs, fmt.Errorf("the server exited with code %d", code))
	}
	if err := dialRefused(srv.addr); err != nil {
		errs = append(errs, fmt.Errorf("after exit: %w", err))
	} else {
		fmt.Println("after exit: connection refused")
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(o.reqTimeout + 5*time.Second):
		return errors.New("load workers still blocked after the server exited")
	}
	s := merge(all)
	fmt.Printf("sign-ups sent: %d; errors: %d (transport before SIGTERM %d, unexpected status %d)\n",
		seq.Load(), s.transport+s.status, s.transport, s.status)
	for _, m := range s.samples {
		fmt.Println("  e.g.", m)
	}
	fmt.Println(latencyLine(kindNames[kPost], s.lat[kPost]))
	if n := s.transport + s.status; n > 0 {
		errs = append(errs, fmt.Errorf("%d sign-ups failed", n))
	}

	stored, err := storedEmails(filepath.Join(srv.dir, "users.db"))
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	var missing []string
	for e := range acked {
		if !stored[e] {
			missing = append(missing, e)
		}
	}
	extra := 0
	for e := range stored {
		if !acked[e] {
			extra++
		}
	}
	fmt.Printf("acknowledged: %d (%d before SIGTERM, %d drained after it); stored: %d; acknowledged but not stored: %d; stored without an acknowledgement: %d\n",
		len(acked), ackedBefore, ackedAfter, len(stored), len(missing), extra)
	if len(missing) > 0 {
		slices.Sort(missing)
		errs = append(errs, fmt.Errorf("%d acknowledged sign-ups are not stored, e.g. %s", len(missing), missing[0]))
	}
	if len(acked) < o.termAfter {
		errs = append(errs, fmt.Errorf("only %d sign-ups acknowledged", len(acked)))
	}
	return errors.Join(errs...)
}

// waitRefused dials addr until the connection is refused and returns how
// long that took. Connecting means the listener is still open (the signal
// not handled yet): it retries. A dial that times out is a hang.
func waitRefused(addr string, within time.Duration) (time.Duration, error) {
	start := time.Now()
	for time.Since(start) < within {
		conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
		if err == nil {
			conn.Close()
			time.Sleep(time.Millisecond) // the listener is still open; try again
			continue
		}
		if errors.Is(err, syscall.ECONNREFUSED) {
			return time.Since(start), nil
		}
		return 0, fmt.Errorf("a new connection during shutdown: %v, want connection refused", err)
	}
	return 0, fmt.Errorf("new connections still accepted %s after SIGTERM", within)
}

// dialRefused checks that a new connection to addr is refused at once.
func dialRefused(addr string) error {
	conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err == nil {
		conn.Close()
		return errors.New("a new connection was accepted")
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		return fmt.Errorf("a new connection: %v, want connection refused", err)
	}
	return nil
}

// storedEmails reopens the server's SQLite database and returns the emails
// it holds. It opens read-write with query_only on, not mode=ro: should the
// server have left a WAL behind, only a writable handle recovers the rows
// in it, and those rows count as stored.
func storedEmails(path string) (map[string]bool, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=query_only(1)")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.Query("SELECT email FROM users")
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		out[e] = true
	}
	return out, rows.Err()
}
