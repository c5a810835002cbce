package output

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Syslog facilities (RFC 5424 section 6.2.1) that make sense for alerts.
const (
	FacilityUser   = 1
	FacilityDaemon = 3
	FacilityAuth   = 4
	FacilityLocal0 = 16
	FacilityLocal7 = 23
)

var facilityNames = map[string]int{
	"kern": 0, "user": 1, "mail": 2, "daemon": 3, "auth": 4, "syslog": 5, "lpr": 6,
	"news": 7, "uucp": 8, "cron": 9, "authpriv": 10, "ftp": 11,
	"local0": 16, "local1": 17, "local2": 18, "local3": 19,
	"local4": 20, "local5": 21, "local6": 22, "local7": 23,
}

// ParseFacility returns the number of a syslog facility name ("user",
// "daemon", "local0" ... "local7").
func ParseFacility(s string) (int, error) {
	if n, ok := facilityNames[strings.ToLower(s)]; ok {
		return n, nil
	}
	return 0, fmt.Errorf("output: unknown syslog facility %q (want user, daemon, auth, authpriv, local0 ... local7)", s)
}

// DefaultSyslogSocket is where syslog is reached when no address is given.
const DefaultSyslogSocket = "/dev/log"

// SyslogOptions configure DialSyslog. The zero value sends to the local
// syslog socket /dev/log with facility user, as Falco's syslog(3) calls do.
// Options are read once, by DialSyslog.
type SyslogOptions struct {
	// Address is where to send: "" for /dev/log, or a URL
	// udp://host:port, tcp://host:port, unix:///path (stream) or
	// unixgram:///path (datagrams). A bare host:port means udp.
	Address string
	// Facility is the syslog facility; 0 means FacilityUser (kern, 0,
	// cannot be chosen).
	Facility int
	// Hostname is the HOSTNAME field: the sending machine. "" means
	// os.Hostname().
	Hostname string
	// AppName is the APP-NAME field; "" means "peregrine".
	AppName string
	// Format renders the message part; nil means text.
	Format *Format
	// Timeout bounds connecting and each write; 0 means 5 seconds.
	Timeout time.Duration
}

// DialSyslog connects to a syslog daemon and returns a sink sending each
// alert as one RFC 5424 message:
//
//	<12>1 2024-05-06T07:08:09.123456Z myhost peregrine 4242 - - 07:08:09.100000000: Warning ...
//
// The severity is the alert's priority (Falco's priorities are syslog
// severities); the timestamp is the time of sending, as syslog(3) stamps
// it, while the event's time is in the message. Over TCP messages are
// framed by octet counting (RFC 6587), over unix streams ended by a newline;
// datagram transports send one message per datagram. A broken connection
// is redialled once per message.
func DialSyslog(opts *SyslogOptions) (Sink, error) {
	var o SyslogOptions
	if opts != nil {
		o = *opts
	}
	if o.Facility == 0 {
		o.Facility = FacilityUser
	}
	if o.Facility < 0 || o.Facility > 23 {
		return nil, fmt.Errorf("output: syslog facility %d out of range 0-23", o.Facility)
	}
	if o.Hostname == "" {
		h, err := os.Hostname()
		if err != nil || h == "" {
			h = "-"
		}
		o.Hostname = h
	}
	if o.AppName == "" {
		o.AppName = "peregrine"
	}
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Second
	}
	network, addr, err := parseSyslogAddress(o.Address)
	if err != nil {
		return nil, err
	}
	s := &syslogSink{opts: o, network: network, addr: addr, pid: strconv.Itoa(os.Getpid())}
	if err := s.dial(); err != nil {
		return nil, err
	}
	return s, nil
}

// parseSyslogAddress turns a SyslogOptions.Address into a network and an
// address for net.Dial. "" is the local socket, tried as a datagram socket
// first (network "unixgram|unix").
func parseSyslogAddress(a string) (network, addr string, err error) {
	if a == "" {
		return "unixgram|unix", DefaultSyslogSocket, nil
	}
	if !strings.Contains(a, "://") {
		if strings.HasPrefix(a, "/") {
			return "unixgram|unix", a, nil
		}
		if _, _, err := net.SplitHostPort(a); err != nil {
			return "", "", fmt.Errorf("output: syslog address %q: want udp://host:port, tcp://host:port, unix:///path or unixgram:///path", a)
		}
		return "udp", a, nil
	}
	u, err := url.Parse(a)
	if err != nil {
		return "", "", fmt.Errorf("output: syslog address %q: %w", a, err)
	}
	switch u.Scheme {
	case "udp", "udp4", "udp6", "tcp", "tcp4", "tcp6":
		if u.Host == "" {
			return "", "", fmt.Errorf("output: syslog address %q has no host", a)
		}
		host := u.Host
		if u.Port() == "" {
			host = net.JoinHostPort(u.Hostname(), "514")
		}
		return u.Scheme, host, nil
	case "unix", "unixgram":
		p := u.Path
		if u.Host != "" {
			p = u.Host + u.Path
		}
		if p == "" {
			return "", "", fmt.Errorf("output: syslog address %q has no socket path", a)
		}
		return u.Scheme, p, nil
	}
	return "", "", fmt.Errorf("output: syslog address %q: unknown scheme %q (want udp, tcp, unix or unixgram)", a, u.Scheme)
}

type syslogSink struct {
	opts    SyslogOptions
	network string // "unixgram|unix" means: try unixgram, then unix
	addr    string
	pid     string
	conn    net.Conn
	stream  bool // the connection is a stream (tcp, unix): frame messages
	tcp     bool
	buf     []byte
	body    []byte
	closed  bool
}

func (s *syslogSink) dial() error {
	networks := strings.Split(s.network, "|")
	var err error
	for _, n := range networks {
		var c net.Conn
		c, err = net.DialTimeout(n, s.addr, s.opts.Timeout)
		if err == nil {
			s.conn = c
			s.stream = n == "unix" || strings.HasPrefix(n, "tcp")
			s.tcp = strings.HasPrefix(n, "tcp")
			return nil
		}
	}
	return fmt.Errorf("connect to syslog: %w", err)
}

// maxDatagram bounds one datagram message; longer messages are cut.
const maxDatagram = 64000

func (s *syslogSink) Send(a *Alert) error {
	if s.closed {
		return ErrClosed
	}
	s.body = s.opts.Format.Append(s.body[:0], a)
	now := time.Now()
	s.buf = s.appendMessage(s.buf[:0], a, now)
	if err := s.write(); err != nil {
		// Redial once: the daemon may have restarted.
		if s.conn != nil {
			s.conn.Close()
			s.conn = nil
		}
		if derr := s.dial(); derr != nil {
			return fmt.Errorf("send to syslog: %w", errors.Join(err, derr))
		}
		s.buf = s.appendMessage(s.buf[:0], a, now)
		if err := s.write(); err != nil {
			return fmt.Errorf("send to syslog: %w", err)
		}
	}
	return nil
}

// appendMessage appends the RFC 5424 message for a, framed for the
// transport.
func (s *syslogSink) appendMessage(dst []byte, a *Alert, now time.Time) []byte {
	sev := int(a.Priority)
	if !a.Priority.Valid() {
		sev = int(PriorityDebug)
	}
	msg := make([]byte, 0, 64+len(s.body))
	msg = append(msg, '<')
	msg = strconv.AppendInt(msg, int64(s.opts.Facility*8+sev), 10)
	msg = append(msg, ">1 "...)
	msg = now.UTC().AppendFormat(msg, "2006-01-02T15:04:05.000000Z")
	msg = append(msg, ' ')
	msg = appendHeaderField(msg, s.opts.Hostname, 255)
	msg = append(msg, ' ')
	msg = appendHeaderField(msg, s.opts.AppName, 48)
	msg = append(msg, ' ')
	msg = append(msg, s.pid...)
	msg = append(msg, " - - "...)
	msg = append(msg, s.body...)
	switch {
	case s.tcp:
		dst = strconv.AppendInt(dst, int64(len(msg)), 10)
		dst = append(dst, ' ')
		dst = append(dst, msg...)
	case s.stream:
		dst = append(dst, msg...)
		dst = append(dst, '\n')
	default:
		if len(msg) > maxDatagram {
			msg = msg[:maxDatagram]
		}
		dst = append(dst, msg...)
	}
	return dst
}

// appendHeaderField appends a header field: printable US-ASCII without
// spaces, at most max long, "-" when empty.
func appendHeaderField(dst []byte, s string, max int) []byte {
	n := 0
	for i := 0; i < len(s) && n < max; i++ {
		if c := s[i]; c > 32 && c < 127 {
			dst = append(dst, c)
			n++
		}
	}
	if n == 0 {
		dst = append(dst, '-')
	}
	return dst
}

func (s *syslogSink) write() error {
	if s.conn == nil {
		return errors.New("not connected")
	}
	if err := s.conn.SetWriteDeadline(time.Now().Add(s.opts.Timeout)); err != nil {
		return err
	}
	_, err := s.conn.Write(s.buf)
	return err
}

func (s *syslogSink) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	if s.conn == nil {
		return nil
	}
	if err := s.conn.Close(); err != nil {
		return fmt.Errorf("close syslog connection: %w", err)
	}
	return nil
}
