import { Bio, type BioMethod } from './bio.js';
import {
  BIO_BUFFER_DEFAULT_SIZE,
  BIO_C_GET_BUFF_NUM_LINES,
  BIO_C_SET_BUFF_READ_DATA,
  BIO_C_SET_BUFF_SIZE,
  BIO_CTRL_EOF,
  BIO_CTRL_FLUSH,
  BIO_CTRL_INFO,
  BIO_CTRL_PENDING,
  BIO_CTRL_RESET,
  BIO_CTRL_WPENDING,
  BIO_FLAGS_READ,
  BIO_FLAGS_WRITE,
  BIO_TYPE_BUFFER,
} from './constants.js';

/** bf_buff.c's `BIO_F_BUFFER_CTX`: an input and an output buffer. */
class BufferState {
  ibuf = new Uint8Array(BIO_BUFFER_DEFAULT_SIZE);
  ibufOff = 0;
  ibufLen = 0;
  obuf = new Uint8Array(BIO_BUFFER_DEFAULT_SIZE);
  obufOff = 0;
  obufLen = 0;
  get ibufSize(): number {
    return this.ibuf.length;
  }
  get obufSize(): number {
    return this.obuf.length;
  }
}

function ctx(bio: Bio): BufferState {
  return bio.ptr as BufferState;
}

function bufferRead(bio: Bio, out: Uint8Array): number {
  const c = ctx(bio);
  const next = bio.next;
  if (next === null) return 0;
  bio.clearRetryFlags();
  let num = 0;
  let pos = 0;
  let outl = out.length;
  for (;;) {
    // Hand out what is left in the input buffer first.
    if (c.ibufLen !== 0) {
      const i = Math.min(c.ibufLen, outl);
      out.set(c.ibuf.subarray(c.ibufOff, c.ibufOff + i), pos);
      c.ibufOff += i;
      c.ibufLen -= i;
      num += i;
      if (outl === i) return num;
      outl -= i;
      pos += i;
    }
    // A large read goes straight to the caller's buffer.
    if (outl > c.ibufSize) {
      for (;;) {
        const i = next.read(out.subarray(pos, pos + outl));
        if (i <= 0) {
          bio.copyNextRetry();
          return i < 0 ? (num > 0 ? num : i) : num;
        }
        num += i;
        if (outl === i) return num;
        pos += i;
        outl -= i;
      }
    }
    const i = next.read(c.ibuf);
    if (i <= 0) {
      bio.copyNextRetry();
      return i < 0 ? (num > 0 ? num : i) : num;
    }
    c.ibufOff = 0;
    c.ibufLen = i;
  }
}

function bufferWrite(bio: Bio, data: Uint8Array): number {
  const c = ctx(bio);
  const next = bio.next;
  if (data.length === 0 || next === null) return 0;
  bio.clearRetryFlags();
  let num = 0;
  let pos = 0;
  let inl = data.length;
  for (;;) {
    let i = c.obufSize - (c.obufLen + c.obufOff);
    if (i >= inl) {
      c.obuf.set(data.subarray(pos, pos + inl), c.obufOff + c.obufLen);
      c.obufLen += inl;
      return num + inl;
    }
    // Top up what is buffered, then flush the full buffer.
    if (c.obufLen !== 0) {
      if (i > 0) {
        c.obuf.set(data.subarray(pos, pos + i), c.obufOff + c.obufLen);
        pos += i;
        inl -= i;
        num += i;
        c.obufLen += i;
      }
      for (;;) {
        i = next.write(c.obuf.subarray(c.obufOff, c.obufOff + c.obufLen));
        if (i <= 0) {
          bio.copyNextRetry();
          return i < 0 ? (num > 0 ? num : i) : num;
        }
        c.obufOff += i;
        c.obufLen -= i;
        if (c.obufLen === 0) break;
      }
    }
    c.obufOff = 0;
    // Whole buffers' worth goes straight through.
    while (inl >= c.obufSize) {
      i = next.write(data.subarray(pos, pos + inl));
      if (i <= 0) {
        bio.copyNextRetry();
        return i < 0 ? (num > 0 ? num : i) : num;
      }
      num += i;
      pos += i;
      inl -= i;
      if (inl === 0) return num;
    }
  }
}

function bufferGets(bio: Bio, out: Uint8Array, size: number): number {
  const c = ctx(bio);
  const next = bio.next;
  let room = size - 1; // space for the terminating 0
  let num = 0;
  bio.clearRetryFlags();
  if (next === null || room < 0) return 0;
  for (;;) {
    if (c.ibufLen > 0) {
      let i = 0;
      let newline = false;
      while (i < c.ibufLen && i < room) {
        const byte = c.ibuf[c.ibufOff + i]!;
        out[num + i] = byte;
        i += 1;
        if (byte === 0x0a) {
          newline = true;
          break;
        }
      }
      num += i;
      room -= i;
      c.ibufLen -= i;
      c.ibufOff += i;
      if (newline || room === 0) {
        out[num] = 0;
        return num;
      }
    } else {
      const i = next.read(c.ibuf);
      if (i <= 0) {
        bio.copyNextRetry();
        out[num] = 0;
        return i < 0 ? (num > 0 ? num : i) : num;
      }
      c.ibufLen = i;
      c.ibufOff = 0;
    }
  }
}

function bufferFlush(bio: Bio, next: Bio, cmd: number, larg: number, parg: unknown): number {
  const c = ctx(bio);
  if (c.obufLen > 0) {
    for (;;) {
      bio.clearRetryFlags();
      if (c.obufLen > 0) {
        const r = next.write(c.obuf.subarray(c.obufOff, c.obufOff + c.obufLen));
        bio.copyNextRetry();
        if (r <= 0) return r;
        c.obufOff += r;
        c.obufLen -= r;
      } else {
        c.obufLen = 0;
        c.obufOff = 0;
        break;
      }
    }
  }
  const ret = next.ctrl(cmd, larg, parg);
  bio.copyNextRetry();
  return ret;
}

function bufferCtrl(bio: Bio, cmd: number, larg: number, parg: unknown): number {
  const c = ctx(bio);
  const next = bio.next;
  switch (cmd) {
    case BIO_CTRL_RESET:
      c.ibufOff = c.ibufLen = c.obufOff = c.obufLen = 0;
      return next === null ? 0 : next.ctrl(cmd, larg, parg);
    case BIO_CTRL_EOF:
      if (c.ibufLen > 0) return 0;
      return next === null ? 0 : next.ctrl(cmd, larg, parg);
    case BIO_CTRL_INFO:
      return c.obufLen;
    case BIO_C_GET_BUFF_NUM_LINES: {
      let lines = 0;
      for (let i = 0; i < c.ibufLen; i++) if (c.ibuf[c.ibufOff + i] === 0x0a) lines += 1;
      return lines;
    }
    case BIO_CTRL_WPENDING:
      if (c.obufLen !== 0) return c.obufLen;
      return next === null ? 0 : next.ctrl(cmd, larg, parg);
    case BIO_CTRL_PENDING:
      if (c.ibufLen !== 0) return c.ibufLen;
      return next === null ? 0 : next.ctrl(cmd, larg, parg);
    case BIO_C_SET_BUFF_READ_DATA: {
      const data = parg as Uint8Array;
      const n = Math.min(larg, data.length);
      if (n > c.ibufSize) c.ibuf = new Uint8Array(n);
      c.ibufOff = 0;
      c.ibufLen = n;
      c.ibuf.set(data.subarray(0, n));
      return 1;
    }
    case BIO_C_SET_BUFF_SIZE: {
      // parg: undefined sets both buffers, 0 the input buffer, else the output buffer.
      let ibs = larg;
      let obs = larg;
      if (parg !== undefined && parg !== null) {
        if (parg === 0) obs = c.obufSize;
        else ibs = c.ibufSize;
      }
      // bf_buff.c ignores sizes up to the default and drops buffered data on a change.
      if (ibs > BIO_BUFFER_DEFAULT_SIZE && ibs !== c.ibufSize) {
        c.ibuf = new Uint8Array(ibs);
        c.ibufOff = c.ibufLen = 0;
      }
      if (obs > BIO_BUFFER_DEFAULT_SIZE && obs !== c.obufSize) {
        c.obuf = new Uint8Array(obs);
        c.obufOff = c.obufLen = 0;
      }
      return 1;
    }
    case BIO_CTRL_FLUSH:
      if (next === null) return 0;
      return bufferFlush(bio, next, cmd, larg, parg);
    default:
      return next === null ? 0 : next.ctrl(cmd, larg, parg);
  }
}

/** `BIO_f_buffer()`: a filter buffering reads and writes in 4 KiB blocks. */
export const bufferMethod: BioMethod = {
  type: BIO_TYPE_BUFFER,
  name: 'buffer',
  create(bio) {
    bio.ptr = new BufferState();
    bio.init = true;
  },
  read: bufferRead,
  write: bufferWrite,
  puts: (bio, text) => bufferWrite(bio, Bio.utf8(text)),
  gets: bufferGets,
  ctrl: bufferCtrl,
  ready(bio, want) {
    const c = ctx(bio);
    if ((want & BIO_FLAGS_READ) !== 0 && c.ibufLen > 0) return true;
    if ((want & BIO_FLAGS_WRITE) !== 0 && c.obufLen + c.obufOff < c.obufSize) return true;
    return bio.next === null || bio.next.isReady(want);
  },
};

/** `BIO_f_buffer`. */
export function BIO_f_buffer(): BioMethod {
  return bufferMethod;
}

/** `BIO_set_buffer_size(b, size)`: both buffers (sizes up to 4096 are ignored, as in C). */
export function BIO_set_buffer_size(b: Bio, size: number): number {
  return b.ctrl(BIO_C_SET_BUFF_SIZE, size, undefined);
}
/** `BIO_set_read_buffer_size(b, size)`. */
export function BIO_set_read_buffer_size(b: Bio, size: number): number {
  return b.ctrl(BIO_C_SET_BUFF_SIZE, size, 0);
}
/** `BIO_set_write_buffer_size(b, size)`. */
export function BIO_set_write_buffer_size(b: Bio, size: number): number {
  return b.ctrl(BIO_C_SET_BUFF_SIZE, size, 1);
}
/** `BIO_get_buffer_num_lines(b)`: complete lines in the input buffer. */
export function BIO_get_buffer_num_lines(b: Bio): number {
  return b.ctrl(BIO_C_GET_BUFF_NUM_LINES);
}
/** `BIO_set_buffer_read_data(b, buf, num)`: preloads the input buffer. */
export function BIO_set_buffer_read_data(b: Bio, buf: Uint8Array, num = buf.length): number {
  return b.ctrl(BIO_C_SET_BUFF_READ_DATA, num, buf);
}
