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
	n, err := b.src.Read(p)
	if err != nil {
		b.err = err
	}
	return n, err
}
