import { Bio, type BioMethod, type Ref } from './bio.js';
import {
  BIO_C_DESTROY_BIO_PAIR,
  BIO_C_GET_READ_REQUEST,
  BIO_C_GET_WRITE_BUF_SIZE,
  BIO_C_GET_WRITE_GUARANTEE,
  BIO_C_MAKE_BIO_PAIR,
  BIO_C_NREAD,
  BIO_C_NREAD0,
  BIO_C_NWRITE,
  BIO_C_NWRITE0,
  BIO_C_RESET_READ_REQUEST,
  BIO_C_SET_WRITE_BUF_SIZE,
  BIO_C_SHUTDOWN_WR,
  BIO_CTRL_EOF,
  BIO_CTRL_FLUSH,
  BIO_CTRL_GET_CLOSE,
  BIO_CTRL_PENDING,
  BIO_CTRL_RESET,
  BIO_CTRL_SET_CLOSE,
  BIO_CTRL_WPENDING,
  BIO_FLAGS_READ,
  BIO_FLAGS_WRITE,
  BIO_PAIR_DEFAULT_SIZE,
  BIO_R_BROKEN_PIPE,
  BIO_R_IN_USE,
  BIO_R_INVALID_ARGUMENT,
  BIO_R_UNINITIALIZED,
  BIO_TYPE_BIO,
} from './constants.js';
import { raiseBioError } from './errors.js';

/**
 * One half of a BIO pair (bss_bio.c's `struct bio_bio_st`). Each half owns
 * the ring buffer its writes go into; the peer reads from it.
 */
class PairHalf {
  peer: Bio | null = null;
  /** Set by `BIO_shutdown_wr`: no more writes; the peer reads EOF once drained. */
  closed = false;
  len = 0;
  offset = 0;
  size = BIO_PAIR_DEFAULT_SIZE;
  buf: Uint8Array | null = null;
  /** How many bytes the peer's last failed read wanted (capped at `size`). */
  request = 0;
}

function half(bio: Bio): PairHalf {
  return bio.ptr as PairHalf;
}

function peerHalf(bio: Bio): PairHalf {
  const peer = half(bio).peer;
  if (peer === null) throw new Error('bio: unpaired BIO pair half is initialised');
  return half(peer);
}

const EMPTY = new Uint8Array(0);

function pairRead(bio: Bio, out: Uint8Array): number {
  bio.clearRetryFlags();
  if (!bio.init) return 0;
  const writer = half(bio).peer!;
  const pb = half(writer);
  pb.request = 0; // set again below if the read fails
  if (out.length === 0) return 0;
  if (pb.len === 0) {
    if (pb.closed) return 0; // the writer has closed and no data is left
    bio.setRetryRead();
    pb.request = Math.min(out.length, pb.size);
    return -1;
  }
  const buf = pb.buf!;
  const size = Math.min(out.length, pb.len);
  let rest = size;
  let copied = 0;
  while (rest > 0) {
    const chunk = Math.min(rest, pb.size - pb.offset);
    out.set(buf.subarray(pb.offset, pb.offset + chunk), copied);
    pb.len -= chunk;
    if (pb.len > 0) {
      pb.offset += chunk;
      if (pb.offset === pb.size) pb.offset = 0;
    } else {
      pb.offset = 0;
    }
    copied += chunk;
    rest -= chunk;
  }
  writer.wake(); // room to write
  return size;
}

function pairWrite(bio: Bio, data: Uint8Array): number {
  bio.clearRetryFlags();
  if (!bio.init || data.length === 0) return 0;
  const b = half(bio);
  b.request = 0;
  if (b.closed) {
    raiseBioError(BIO_R_BROKEN_PIPE, 'bio_write');
    return -1;
  }
  if (b.len === b.size) {
    bio.setRetryWrite();
    return -1;
  }
  const buf = b.buf!;
  const num = Math.min(data.length, b.size - b.len);
  let rest = num;
  let copied = 0;
  while (rest > 0) {
    let writeOffset = b.offset + b.len;
    if (writeOffset >= b.size) writeOffset -= b.size;
    const chunk = Math.min(rest, b.size - writeOffset);
    buf.set(data.subarray(copied, copied + chunk), writeOffset);
    b.len += chunk;
    copied += chunk;
    rest -= chunk;
  }
  b.peer?.wake(); // data to read
  return num;
}

/** bss_bio.c `bio_nread0`: the contiguous readable bytes, without consuming them. */
function nread0(bio: Bio): [number, Uint8Array] {
  bio.clearRetryFlags();
  if (!bio.init) return [0, EMPTY];
  const pb = peerHalf(bio);
  pb.request = 0;
  if (pb.len === 0) {
    return [pairRead(bio, new Uint8Array(1)), EMPTY]; // 0 or -1, as C's bio_read(&dummy, 1)
  }
  let num = pb.len;
  if (pb.size < pb.offset + num) num = pb.size - pb.offset; // no wrap-around
  return [num, pb.buf!.subarray(pb.offset, pb.offset + num)];
}

/** C passes `num` on as a `size_t`: a negative count asks for everything (test/c/pair-more.c). */
function asSize(num: number): number {
  return num < 0 ? Number.MAX_SAFE_INTEGER : num;
}

function nread(bio: Bio, want: number): [number, Uint8Array] {
  const [available, view] = nread0(bio);
  const num = Math.min(asSize(want), available);
  if (num <= 0) return [num, EMPTY];
  const writer = half(bio).peer!;
  const pb = half(writer);
  pb.len -= num;
  if (pb.len > 0) {
    pb.offset += num;
    if (pb.offset === pb.size) pb.offset = 0;
  } else {
    pb.offset = 0;
  }
  writer.wake();
  return [num, view.subarray(0, num)];
}

/** bss_bio.c `bio_nwrite0`: the contiguous writable space. */
function nwrite0(bio: Bio): [number, Uint8Array] {
  bio.clearRetryFlags();
  if (!bio.init) return [0, EMPTY];
  const b = half(bio);
  b.request = 0;
  if (b.closed) {
    raiseBioError(BIO_R_BROKEN_PIPE, 'bio_nwrite0');
    return [-1, EMPTY];
  }
  if (b.len === b.size) {
    bio.setRetryWrite();
    return [-1, EMPTY];
  }
  let num = b.size - b.len;
  let writeOffset = b.offset + b.len;
  if (writeOffset >= b.size) writeOffset -= b.size;
  if (writeOffset + num > b.size) num = b.size - writeOffset;
  return [num, b.buf!.subarray(writeOffset, writeOffset + num)];
}

function nwrite(bio: Bio, want: number): [number, Uint8Array] {
  const [space, view] = nwrite0(bio);
  const num = Math.min(asSize(want), space);
  if (num <= 0) return [num, EMPTY];
  const b = half(bio);
  b.len += num;
  b.peer?.wake();
  return [num, view.subarray(0, num)];
}

function makePair(bio1: Bio, bio2: Bio): number {
  if (bio2.method !== pairMethod) {
    raiseBioError(BIO_R_INVALID_ARGUMENT, 'bio_make_pair');
    return 0;
  }
  const b1 = half(bio1);
  const b2 = half(bio2);
  if (b1.peer !== null || b2.peer !== null) {
    raiseBioError(BIO_R_IN_USE, 'bio_make_pair');
    return 0;
  }
  for (const b of [b1, b2]) {
    if (b.buf === null) b.buf = new Uint8Array(b.size);
    b.len = 0;
    b.offset = 0;
    b.closed = false;
    b.request = 0;
  }
  b1.peer = bio2;
  b2.peer = bio1;
  bio1.init = true;
  bio2.init = true;
  return 1;
}

function destroyPair(bio: Bio): void {
  const b = half(bio);
  const peer = b.peer;
  if (peer === null) return;
  const pb = half(peer);
  pb.peer = null;
  peer.init = false;
  pb.len = 0;
  pb.offset = 0;
  b.peer = null;
  bio.init = false;
  b.len = 0;
  b.offset = 0;
  peer.wake();
  bio.wake();
}

function pairCtrl(bio: Bio, cmd: number, larg: number, parg: unknown): number {
  const b = half(bio);
  switch (cmd) {
    case BIO_C_SET_WRITE_BUF_SIZE:
      if (b.peer !== null) {
        raiseBioError(BIO_R_IN_USE, 'bio_ctrl');
        return 0;
      }
      if (larg <= 0) {
        raiseBioError(BIO_R_INVALID_ARGUMENT, 'bio_ctrl');
        return 0;
      }
      if (b.size !== larg) {
        b.size = larg;
        b.buf = null;
      }
      return 1;
    case BIO_C_GET_WRITE_BUF_SIZE:
      return b.size;
    case BIO_C_MAKE_BIO_PAIR:
      return makePair(bio, parg as Bio);
    case BIO_C_DESTROY_BIO_PAIR:
      destroyPair(bio);
      return 1;
    case BIO_C_GET_WRITE_GUARANTEE:
      return b.peer === null || b.closed ? 0 : b.size - b.len;
    case BIO_C_GET_READ_REQUEST:
      return b.request;
    case BIO_C_RESET_READ_REQUEST:
      b.request = 0;
      return 1;
    case BIO_C_SHUTDOWN_WR:
      b.closed = true;
      b.peer?.wake();
      return 1;
    case BIO_C_NREAD0:
    case BIO_C_NREAD:
    case BIO_C_NWRITE0:
    case BIO_C_NWRITE: {
      const [n, view] =
        cmd === BIO_C_NREAD0
          ? nread0(bio)
          : cmd === BIO_C_NREAD
            ? nread(bio, larg)
            : cmd === BIO_C_NWRITE0
              ? nwrite0(bio)
              : nwrite(bio, larg);
      if (parg !== undefined && parg !== null) (parg as Ref<Uint8Array>).value = view;
      return n;
    }
    case BIO_CTRL_RESET:
      // bss_bio.c empties this half's buffer and returns 0 (see test/c/pair.c).
      if (b.buf !== null) {
        b.len = 0;
        b.offset = 0;
        bio.wake();
      }
      return 0;
    case BIO_CTRL_GET_CLOSE:
      return bio.shutdown;
    case BIO_CTRL_SET_CLOSE:
      bio.shutdown = larg;
      return 1;
    case BIO_CTRL_PENDING:
      return b.peer === null ? 0 : half(b.peer).len;
    case BIO_CTRL_WPENDING:
      return b.buf === null ? 0 : b.len;
    case BIO_CTRL_FLUSH:
      return 1;
    case BIO_CTRL_EOF: {
      if (b.peer === null) return 1;
      const pb = half(b.peer);
      return pb.len === 0 && pb.closed ? 1 : 0;
    }
    default:
      return 0;
  }
}

/** `BIO_s_bio()`: one half of a BIO pair. */
export const pairMethod: BioMethod = {
  type: BIO_TYPE_BIO,
  name: 'BIO pair',
  create(bio) {
    bio.ptr = new PairHalf();
    bio.init = false; // until paired
    bio.shutdown = 1;
  },
  destroy(bio) {
    destroyPair(bio);
    half(bio).buf = null;
  },
  read: pairRead,
  write: pairWrite,
  puts: (bio, text) => pairWrite(bio, Bio.utf8(text)),
  ctrl: pairCtrl,
  ready(bio, want) {
    if (!bio.init) return true; // an unpaired half fails at once
    const b = half(bio);
    if ((want & BIO_FLAGS_READ) !== 0) {
      const pb = peerHalf(bio);
      if (pb.len > 0 || pb.closed) return true;
    }
    if ((want & BIO_FLAGS_WRITE) !== 0 && (b.closed || b.len < b.size)) return true;
    return (want & (BIO_FLAGS_READ | BIO_FLAGS_WRITE)) === 0;
  },
};

/** `BIO_s_bio`. */
export function BIO_s_bio(): BioMethod {
  return pairMethod;
}

/**
 * `BIO_new_bio_pair(&bio1, writebuf1, &bio2, writebuf2)` → `[1, bio1, bio2]`.
 * A size of 0 selects the default, 17408 bytes (one full TLS record). C
 * returns 0 only when allocation fails or a size is negative; here a negative
 * size throws a `RangeError`, so the status is always 1.
 */
export function BIO_new_bio_pair(writebuf1 = 0, writebuf2 = 0): [number, Bio, Bio] {
  const bio1 = new Bio(pairMethod);
  const bio2 = new Bio(pairMethod);
  if (
    (writebuf1 !== 0 && BIO_set_write_buf_size(bio1, writebuf1) !== 1) ||
    (writebuf2 !== 0 && BIO_set_write_buf_size(bio2, writebuf2) !== 1) ||
    BIO_make_bio_pair(bio1, bio2) !== 1
  ) {
    bio1.free();
    bio2.free();
    throw new RangeError('bio: BIO_new_bio_pair with an invalid buffer size');
  }
  return [1, bio1, bio2];
}

/** `BIO_make_bio_pair(b1, b2)`: 1, or 0 when either half is already paired. */
export function BIO_make_bio_pair(b1: Bio, b2: Bio): number {
  return b1.ctrl(BIO_C_MAKE_BIO_PAIR, 0, b2);
}

/** `BIO_destroy_bio_pair(b)`: unpairs both halves, discarding buffered data; 1. */
export function BIO_destroy_bio_pair(b: Bio): number {
  return b.ctrl(BIO_C_DESTROY_BIO_PAIR);
}

/** `BIO_set_write_buf_size(b, size)`: 1, or 0 if `b` is paired or `size` is 0. */
export function BIO_set_write_buf_size(b: Bio, size: number): number {
  return b.ctrl(BIO_C_SET_WRITE_BUF_SIZE, size);
}

/** `BIO_get_write_buf_size(b, size)` (the second argument is ignored, as in C). */
export function BIO_get_write_buf_size(b: Bio, _size = 0): number {
  return b.ctrl(BIO_C_GET_WRITE_BUF_SIZE, _size);
}

/** `BIO_shutdown_wr(b)`: no more writes to `b`; its peer reads 0 once drained. */
export function BIO_shutdown_wr(b: Bio): number {
  return b.ctrl(BIO_C_SHUTDOWN_WR);
}

/** `BIO_get_write_guarantee` / `BIO_ctrl_get_write_guarantee`: bytes a write can take now. */
export function BIO_ctrl_get_write_guarantee(b: Bio): number {
  return b.ctrl(BIO_C_GET_WRITE_GUARANTEE);
}
export const BIO_get_write_guarantee = BIO_ctrl_get_write_guarantee;

/**
 * `BIO_get_read_request` / `BIO_ctrl_get_read_request`: on the half the
 * application writes to, how many bytes the peer's last failed read asked
 * for (capped at the buffer size); 0 once data was written or read.
 */
export function BIO_ctrl_get_read_request(b: Bio): number {
  return b.ctrl(BIO_C_GET_READ_REQUEST);
}
export const BIO_get_read_request = BIO_ctrl_get_read_request;

/** `BIO_ctrl_reset_read_request(b)`: 1 (0 when the method does not know it). */
export function BIO_ctrl_reset_read_request(b: Bio): number {
  return b.ctrl(BIO_C_RESET_READ_REQUEST) !== 0 ? 1 : 0;
}

function zeroCopy(name: string, cmd: number, b: Bio, num: number): [number, Uint8Array] {
  if (!b.init) {
    raiseBioError(BIO_R_UNINITIALIZED, name);
    return [-2, EMPTY];
  }
  const ref: Ref<Uint8Array> = { value: undefined };
  const n = b.ctrl(cmd, num, ref);
  if (n > 0 && cmd === BIO_C_NREAD) b.numRead += n;
  if (n > 0 && cmd === BIO_C_NWRITE) b.numWritten += n;
  return [n, ref.value ?? EMPTY];
}

/**
 * `BIO_nread0(b, &buf)` → `[n, view]`: the bytes readable without copying
 * (up to the ring buffer's wrap-around), not consumed. -1 with the read
 * retry flag when empty, 0 at EOF, -2 when `b` is not paired.
 */
export function BIO_nread0(b: Bio): [number, Uint8Array] {
  return zeroCopy('BIO_nread0', BIO_C_NREAD0, b, 0);
}

/**
 * `BIO_nread(b, &buf, num)` → `[n, view]`: consumes up to `num` bytes (a
 * negative `num` means all there is, as C's `size_t` conversion does) and
 * returns a zero-copy view of them (valid until the peer writes again).
 */
export function BIO_nread(b: Bio, num: number): [number, Uint8Array] {
  return zeroCopy('BIO_nread', BIO_C_NREAD, b, num);
}

/** `BIO_nwrite0(b, &buf)` → `[n, view]`: the contiguous space a write can fill. */
export function BIO_nwrite0(b: Bio): [number, Uint8Array] {
  return zeroCopy('BIO_nwrite0', BIO_C_NWRITE0, b, 0);
}

/**
 * `BIO_nwrite(b, &buf, num)` → `[n, view]`: commits up to `num` bytes of (negative: all)
 * space and returns it; the caller fills `view` before the peer reads.
 */
export function BIO_nwrite(b: Bio, num: number): [number, Uint8Array] {
  return zeroCopy('BIO_nwrite', BIO_C_NWRITE, b, num);
}
