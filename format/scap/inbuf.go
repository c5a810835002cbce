package scap

import "io"

// inbuf is the Reader's input buffer: blocks that fit are handed out as
// slices of it, valid until the next peek, or while a batch holds the
// buffer (ReadHeld): then a peek that must move the buffered bytes moves
// them into a fresh buffer instead.
type inbuf struct {
	src  io.Reader
	buf  []byte
	hb   *heldBuf // buf, as batches hold it
	pool chan *heldBuf
	r, w int
	err  error  // first error from src (io.EOF at the end)
	move func() // called before buffered bytes are moved

	// With a filler (startFill), a goroutine reads src into fresh
	// buffers ahead of the decoding; fill hands them over.
	fill chan fillResult
	stop chan struct{}
	done chan struct{}
}

// fillResult is a buffer the filler read: n bytes at fillReserve, then
// the error that stopped it (io.EOF at the end), if any.
type fillResult struct {
	hb  *heldBuf
	n   int
	err error
}

// fillReserve is the room a filled buffer leaves before its data, where
// the unread bytes of the buffer before go: at most a block that fits the
// read buffer, so bufSize.
const fillReserve = bufSize

// startFill starts reading src on a goroutine of its own, so that reading
// (and decompressing gzip) runs on another core than decoding. It does
// nothing at the end of the input or when the filler runs already.
func (b *inbuf) startFill() {
	if b.fill != nil || b.err != nil {
		return
	}
	b.fill = make(chan fillResult, 2)
	b.stop = make(chan struct{})
	b.done = make(chan struct{})
	go b.filler()
}

func (b *inbuf) filler() {
	defer close(b.done)
	for {
		hb := newHeldBuf(b.pool, fillReserve+bufSize)
		n, err := readFull(b.src, hb.b[fillReserve:])
		select {
		case b.fill <- fillResult{hb, n, err}:
		case <-b.stop:
			hb.unref()
			return
		}
		if err != nil {
			return
		}
	}
}

// readFull reads into p until it is full or src fails, as io.ReadFull,
// but giving io.EOF (not io.ErrUnexpectedEOF) at the end and giving up on
// a source that keeps returning nothing.
func readFull(src io.Reader, p []byte) (int, error) {
	n := 0
	for empty := 0; n < len(p); {
		m, err := src.Read(p[n:])
		n += m
		if err != nil {
			return n, err
		}
		if m == 0 {
			if empty++; empty == 100 {
				return n, io.ErrNoProgress
			}
		}
	}
	return n, nil
}

// stopFill stops the filler, waiting for a read in progress to return.
func (b *inbuf) stopFill() {
	if b.fill == nil {
		return
	}
	close(b.stop)
	<-b.done
	for {
		select {
		case res := <-b.fill:
			res.hb.unref()
		default:
			b.fill = nil
			return
		}
	}
}

// nextFill moves to the filler's next buffer, the unread bytes of the
// current one put in front of its data. At the end of the input it
// returns false, b.err says why.
func (b *inbuf) nextFill() bool {
	if b.err != nil {
		return false
	}
	res := <-b.fill
	if b.move != nil {
		b.move()
	}
	tail := b.buf[b.r:b.w]
	nb := res.hb
	start := fillReserve - len(tail)
	if start < 0 {
		// More unread bytes than the reserve (only Read leaves such):
		// join them with the new data in a buffer of their own.
		jb := &heldBuf{b: make([]byte, len(tail)+res.n)}
		jb.refs.Store(1)
		copy(jb.b, tail)
		copy(jb.b[len(tail):], nb.b[fillReserve:fillReserve+res.n])
		nb.unref()
		b.hb.unref()
		b.hb, b.buf, b.r, b.w, b.err = jb, jb.b, 0, len(jb.b), res.err
		return true
	}
	copy(nb.b[start:], tail)
	b.hb.unref()
	b.hb, b.buf, b.r, b.w, b.err = nb, nb.b, start, fillReserve+res.n, res.err
	return true
}

func newInbuf(src io.Reader, size int, move func()) *inbuf {
	b := &inbuf{src: src, move: move, pool: make(chan *heldBuf, 8)}
	b.hb = newHeldBuf(b.pool, size)
	b.buf = b.hb.b
	return b
}

// peek returns the next n bytes without consuming them; fewer, with the
// error that stopped it, at the end of the input. n must not exceed the
// buffer's size.
func (b *inbuf) peek(n int) ([]byte, error) {
	if b.w-b.r >= n {
		return b.buf[b.r : b.r+n], nil
	}
	if b.fill != nil {
		for b.w-b.r < n && b.nextFill() {
		}
		if b.w-b.r >= n {
			return b.buf[b.r : b.r+n], nil
		}
		return b.buf[b.r:b.w], b.err
	}
	if b.err == nil {
		if b.r > 0 {
			if b.move != nil {
				b.move()
			}
			if b.hb.held() {
				nb := newHeldBuf(b.pool, len(b.buf))
				b.w = copy(nb.b, b.buf[b.r:b.w])
				b.hb.unref()
				b.hb, b.buf = nb, nb.b
			} else {
				b.w = copy(b.buf, b.buf[b.r:b.w])
			}
			b.r = 0
		}
		for empty := 0; b.w < n && b.err == nil; {
			m, err := b.src.Read(b.buf[b.w:])
			b.w += m
			if err != nil {
				b.err = err
			} else if m == 0 {
				if empty++; empty == 100 {
					b.err = io.ErrNoProgress
				}
			}
		}
		if b.w-b.r >= n {
			return b.buf[b.r : b.r+n], nil
		}
	}
	return b.buf[b.r:b.w], b.err
}

// discard consumes n peeked bytes.
func (b *inbuf) discard(n int) { b.r += n }

// Read reads buffered bytes first, then from the source, so that a gzip
// reader or a long block can take over the stream.
func (b *inbuf) Read(p []byte) (int, error) {
	if b.r < b.w {
		n := copy(p, b.buf[b.r:b.w])
		b.r += n
		return n, nil
	}
	if b.err != nil {
		return 0, b.err
	}
	if b.fill != nil {
		b.nextFill()
		return b.Read(p)
	}
	n, err := b.src.Read(p)
	if err != nil {
		b.err = err
	}
	return n, err
}
