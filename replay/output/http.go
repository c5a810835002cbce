package output

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// HTTPOptions configure NewHTTP. The zero value posts with a 10 second
// timeout per attempt, retries 3 times with backoff from 200ms, verifies
// the server's certificate against the system roots, and sends the user
// agent "peregrine". Options are read once, by NewHTTP.
type HTTPOptions struct {
	// UserAgent is the User-Agent header; "" means "peregrine".
	UserAgent string
	// Timeout bounds one attempt (connect, send, response); 0 means 10s.
	Timeout time.Duration
	// Retries is how many times a failed post is tried again: on a
	// network error, a timeout, 408, 429 or a 5xx status. 0 means 3; a
	// negative value means no retries.
	Retries int
	// Backoff is the wait before the first retry, doubled for each next
	// one up to MaxBackoff; 0 means 200ms. A Retry-After header in seconds
	// from the server is honoured up to MaxBackoff.
	Backoff time.Duration
	// MaxBackoff caps the wait between attempts; 0 means 5s.
	MaxBackoff time.Duration
	// Insecure skips verifying the server's certificate (http_output.insecure).
	Insecure bool
	// CACert is a PEM file of CA certificates to verify the server with;
	// CABundle the same (Falco keeps both keys); CAPath a directory of PEM
	// files. Empty means the system roots.
	CACert, CABundle, CAPath string
	// ClientCert and ClientKey are PEM files for mutual TLS (http_output.mtls).
	ClientCert, ClientKey string
	// Compress gzips the body (Content-Encoding: gzip).
	Compress bool
	// NoKeepAlive opens a new connection for every post.
	NoKeepAlive bool
	// Echo, if set, receives the server's response bodies.
	Echo io.Writer
	// Client, if set, is used as is (tests); the TLS and keep-alive options
	// are then ignored.
	Client *http.Client
}

// NewHTTP returns a sink posting each alert to url as JSON with Falco's keys
// (hostname, output, output_fields, priority, rule, source, tags, time),
// the body Falcosidekick and most webhook receivers expect, whatever the
// text/JSON setting of the other outputs.
//
// A post that fails is retried with exponential backoff; Send returns
// the last error once the retries are spent. Any 2xx status is success.
func NewHTTP(rawURL string, opts *HTTPOptions) (Sink, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("output: http output url %q: %w", rawURL, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("output: http output url %q: want an http:// or https:// URL with a host", rawURL)
	}
	var o HTTPOptions
	if opts != nil {
		o = *opts
	}
	if o.UserAgent == "" {
		o.UserAgent = "peregrine"
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	switch {
	case o.Retries == 0:
		o.Retries = 3
	case o.Retries < 0:
		o.Retries = 0
	}
	if o.Backoff <= 0 {
		o.Backoff = 200 * time.Millisecond
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 5 * time.Second
	}
	client := o.Client
	if client == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.DisableKeepAlives = o.NoKeepAlive
		tc, err := tlsConfig(&o)
		if err != nil {
			return nil, err
		}
		tr.TLSClientConfig = tc
		client = &http.Client{Transport: tr}
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &httpSink{url: u.String(), opts: o, client: client, ctx: ctx, cancel: cancel}, nil
}

func tlsConfig(o *HTTPOptions) (*tls.Config, error) {
	tc := &tls.Config{InsecureSkipVerify: o.Insecure} // #nosec G402 -- only when the user sets insecure
	var pems []string
	for _, f := range []string{o.CACert, o.CABundle} {
		if f != "" {
			pems = append(pems, f)
		}
	}
	if o.CAPath != "" && len(pems) == 0 {
		entries, err := os.ReadDir(o.CAPath)
		if err != nil {
			return nil, fmt.Errorf("read http output ca_path: %w", err)
		}
		for _, e := range entries {
			if !e.IsDir() {
				pems = append(pems, filepath.Join(o.CAPath, e.Name()))
			}
		}
	}
	if len(pems) > 0 {
		pool := x509.NewCertPool()
		n := 0
		for _, f := range pems {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("read http output CA certificates: %w", err)
			}
			if pool.AppendCertsFromPEM(b) {
				n++
			}
		}
		if n == 0 {
			return nil, fmt.Errorf("output: no PEM certificates in %v", pems)
		}
		tc.RootCAs = pool
	}
	if o.ClientCert != "" || o.ClientKey != "" {
		cert, err := tls.LoadX509KeyPair(o.ClientCert, o.ClientKey)
		if err != nil {
			return nil, fmt.Errorf("load http output client certificate: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}

type httpSink struct {
	url    string
	opts   HTTPOptions
	client *http.Client
	ctx    context.Context
	cancel context.CancelFunc
	body   []byte
	zbuf   bytes.Buffer
	closed bool
}

// sidekickFormat is the full JSON body: every property, UTC times.
var sidekickFormat = &Format{JSON: true}

// HTTPStatusError is a response with a status that is not 2xx. It is
// immutable once made.
type HTTPStatusError struct {
	URL    string
	Status string
	Code   int
	Body   string // the start of the response body
}

func (e *HTTPStatusError) Error() string {
	s := "post to " + e.URL + ": " + e.Status
	if e.Body != "" {
		s += ": " + e.Body
	}
	return s
}

func (s *httpSink) Send(a *Alert) error {
	if s.closed {
		return ErrClosed
	}
	s.body = sidekickFormat.AppendJSON(s.body[:0], a)
	payload := s.body
	if s.opts.Compress {
		s.zbuf.Reset()
		zw := gzip.NewWriter(&s.zbuf)
		zw.Write(payload)
		zw.Close()
		payload = s.zbuf.Bytes()
	}
	wait := s.opts.Backoff
	var err error
	for attempt := 0; ; attempt++ {
		var retryAfter time.Duration
		var retry bool
		retry, retryAfter, err = s.post(payload)
		if err == nil {
			return nil
		}
		if !retry || attempt >= s.opts.Retries {
			break
		}
		d := wait
		if retryAfter > d {
			d = retryAfter
		}
		d = min(d, s.opts.MaxBackoff)
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-s.ctx.Done():
			t.Stop()
			return fmt.Errorf("post alert: %w", err)
		}
		wait = min(2*wait, s.opts.MaxBackoff)
	}
	if s.opts.Retries > 0 {
		return fmt.Errorf("post alert (tried %d times): %w", s.opts.Retries+1, err)
	}
	return fmt.Errorf("post alert: %w", err)
}

// post makes one attempt. retry says whether another could succeed.
func (s *httpSink) post(payload []byte) (retry bool, retryAfter time.Duration, err error) {
	ctx, cancel := context.WithTimeout(s.ctx, s.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(payload))
	if err != nil {
		return false, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", s.opts.UserAgent)
	if s.opts.Compress {
		req.Header.Set("Content-Encoding", "gzip")
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return true, 0, err
	}
	defer resp.Body.Close()
	var head []byte
	if s.opts.Echo != nil {
		io.Copy(s.opts.Echo, resp.Body)
	} else {
		head, _ = io.ReadAll(io.LimitReader(resp.Body, 256))
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)) // let the connection be reused
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return false, 0, nil
	}
	serr := &HTTPStatusError{URL: s.url, Status: resp.Status, Code: resp.StatusCode, Body: string(bytes.TrimSpace(head))}
	switch {
	case resp.StatusCode == http.StatusRequestTimeout, resp.StatusCode == http.StatusTooManyRequests,
		resp.StatusCode >= 500:
		if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && secs > 0 {
			retryAfter = time.Duration(secs) * time.Second
		}
		return true, retryAfter, serr
	}
	return false, 0, serr
}

// Close releases idle connections.
func (s *httpSink) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	s.cancel()
	s.client.CloseIdleConnections()
	return nil
}
