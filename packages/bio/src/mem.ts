import { Bio, type BioMethod, type Ref } from './bio.js';
import {
  BIO_C_SET_BUF_MEM_EOF_RETURN,
  BIO_CTRL_DUP,
  BIO_CTRL_EOF,
  BIO_CTRL_FLUSH,
  BIO_CTRL_GET_CLOSE,
  BIO_CTRL_INFO,
  BIO_CTRL_PENDING,
  BIO_CTRL_RESET,
  BIO_CTRL_SET_CLOSE,
  BIO_CTRL_WPENDING,
  BIO_FLAGS_MEM_RDONLY,
  BIO_FLAGS_READ,
  BIO_R_WRITE_TO_READ_ONLY_BIO,
  BIO_TYPE_MEM,
} from './constants.js';
import { raiseBioError } from './errors.js';

/** A growable byte queue: bytes live in `buf[start, end)`. */
class MemState {
  buf: Uint8Array;
  start = 0;
  end = 0;
  constructor(initial: Uint8Array = new Uint8Array(0)) {
    this.buf = initial;
    this.end = initial.length;
  }
  get length(): number {
    return this.end - this.start;
  }
  append(data: Uint8Array): void {
    if (this.end + data.length > this.buf.length) {
      const needed = this.length + data.length;
      if (needed <= this.buf.length >>> 1) {
        this.buf.copyWithin(0, this.start, this.end);
      } else {
        const grown = new Uint8Array(Math.max(needed, this.buf.length * 2, 64));
        grown.set(this.buf.subarray(this.start, this.end));
        this.buf = grown;
      }
      this.end -= this.start;
      this.start = 0;
    }
    this.buf.set(data, this.end);
    this.end += data.length;
  }
}

function mem(bio: Bio): MemState {
  return bio.ptr as MemState;
}

function memRead(bio: Bio, out: Uint8Array): number {
  const m = mem(bio);
  bio.clearRetryFlags();
  const n = Math.min(out.length, m.length);
  if (n > 0) {
    out.set(m.buf.subarray(m.start, m.start + n));
    m.start += n;
    if (m.length === 0 && (bio.flags & BIO_FLAGS_MEM_RDONLY) === 0) m.start = m.end = 0;
    return n;
  }
  if (m.length === 0) {
    // C: ret = b->num (the EOF return, -1 by default); non-zero means retry.
    if (bio.num !== 0) bio.setRetryRead();
    return bio.num;
  }
  return 0;
}

function memWrite(bio: Bio, data: Uint8Array): number {
  if ((bio.flags & BIO_FLAGS_MEM_RDONLY) !== 0) {
    raiseBioError(BIO_R_WRITE_TO_READ_ONLY_BIO, 'mem_write');
    return -1;
  }
  bio.clearRetryFlags();
  if (data.length === 0) return 0;
  mem(bio).append(data);
  bio.wake();
  return data.length;
}

function memGets(bio: Bio, out: Uint8Array, size: number): number {
  const m = mem(bio);
  bio.clearRetryFlags();
  const j = Math.min(m.length, size - 1);
  if (j <= 0) {
    if (size > 0) out[0] = 0;
    return 0;
  }
  let i = 0;
  while (i < j) {
    if (m.buf[m.start + i] === 0x0a) {
      i += 1;
      break;
    }
    i += 1;
  }
  const n = memRead(bio, out.subarray(0, i));
  if (n > 0) out[n] = 0;
  return n;
}

function memCtrl(bio: Bio, cmd: number, larg: number, parg: unknown): number {
  const m = mem(bio);
  switch (cmd) {
    case BIO_CTRL_RESET:
      if ((bio.flags & BIO_FLAGS_MEM_RDONLY) !== 0) {
        m.start = 0; // a read-only buffer rewinds to its start
      } else {
        m.buf.fill(0, m.start, m.end);
        m.start = m.end = 0;
      }
      return 1;
    case BIO_CTRL_EOF:
      return m.length === 0 ? 1 : 0;
    case BIO_C_SET_BUF_MEM_EOF_RETURN:
      bio.num = larg;
      return 1;
    case BIO_CTRL_INFO:
      if (parg !== undefined && parg !== null) {
        (parg as Ref<Uint8Array>).value = m.buf.subarray(m.start, m.end);
      }
      return m.length;
    case BIO_CTRL_GET_CLOSE:
      return bio.shutdown;
    case BIO_CTRL_SET_CLOSE:
      bio.shutdown = larg;
      return 1;
    case BIO_CTRL_WPENDING:
      return 0;
    case BIO_CTRL_PENDING:
      return m.length;
    case BIO_CTRL_DUP:
    case BIO_CTRL_FLUSH:
      return 1;
    default:
      return 0;
  }
}

/** `BIO_s_mem()`: a growable in-memory byte queue. */
export const memMethod: BioMethod = {
  type: BIO_TYPE_MEM,
  name: 'memory buffer',
  create(bio) {
    bio.ptr = new MemState();
    bio.init = true;
    bio.shutdown = 1;
    bio.num = -1; // an empty memory BIO reads as "retry", not EOF
  },
  destroy(bio) {
    bio.ptr = new MemState();
  },
  read: memRead,
  write: memWrite,
  puts: (bio, text) => memWrite(bio, Bio.utf8(text)),
  gets: memGets,
  ctrl: memCtrl,
  ready(bio, want) {
    if ((want & BIO_FLAGS_READ) === 0) return true;
    return mem(bio).length > 0 || bio.num === 0;
  },
};

/** `BIO_s_mem`. */
export function BIO_s_mem(): BioMethod {
  return memMethod;
}

/**
 * `BIO_new_mem_buf(buf, len)`: a read-only memory BIO over `buf` (not copied,
 * as in C). `len` defaults to the whole buffer; a negative `len` means "up to
 * the first 0 byte", C's `strlen`. At the end of the data it reads as EOF (0), not retry.
 */
export function BIO_new_mem_buf(buf: Uint8Array | string, len?: number): Bio {
  let bytes = typeof buf === 'string' ? Bio.utf8(buf) : buf;
  if (len === undefined) {
    // the whole buffer
  } else if (len < 0) {
    const nul = bytes.indexOf(0);
    if (nul >= 0) bytes = bytes.subarray(0, nul);
  } else {
    if (len > bytes.length) throw new RangeError('bio: BIO_new_mem_buf length exceeds the buffer');
    bytes = bytes.subarray(0, len);
  }
  const bio = new Bio(memMethod);
  bio.ptr = new MemState(bytes);
  bio.flags |= BIO_FLAGS_MEM_RDONLY;
  bio.num = 0; // static data: EOF
  return bio;
}

/** `BIO_set_mem_eof_return(b, v)`: what an empty memory BIO's read returns (-1: retry). */
export function BIO_set_mem_eof_return(bio: Bio, v: number): number {
  return bio.ctrl(BIO_C_SET_BUF_MEM_EOF_RETURN, v);
}

/**
 * `BIO_get_mem_data(b, &pp)`: returns `[length, view]`, the view being a
 * zero-copy window on the unread bytes (valid until the next write or read).
 */
export function BIO_get_mem_data(bio: Bio): [number, Uint8Array] {
  const ref: Ref<Uint8Array> = { value: undefined };
  const n = bio.ctrl(BIO_CTRL_INFO, 0, ref);
  return [n, ref.value ?? new Uint8Array(0)];
}
