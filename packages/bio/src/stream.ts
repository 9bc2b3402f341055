import { Bio, type BioMethod } from './bio.js';
import {
  BIO_C_SHUTDOWN_WR,
  BIO_CLOSE,
  BIO_CTRL_EOF,
  BIO_CTRL_FLUSH,
  BIO_CTRL_GET_CLOSE,
  BIO_CTRL_PENDING,
  BIO_CTRL_SET_CLOSE,
  BIO_CTRL_WPENDING,
  BIO_FLAGS_READ,
  BIO_FLAGS_WRITE,
  BIO_R_BROKEN_PIPE,
  STRATA_BIO_TYPE_STREAM,
} from './constants.js';
import { raiseBioError } from './errors.js';
import { ChunkQueue } from './queue.js';

/** Default cap on bytes read ahead from the `ReadableStream` before pausing: 64 KiB. */
export const STRATA_BIO_STREAM_READ_AHEAD = 64 * 1024;

export interface StreamBioOptions {
  /** Stop pulling from the readable side once this many bytes wait unread (default 64 KiB). */
  readAhead?: number;
}

class StreamState {
  readonly queue = new ChunkQueue();
  reader: ReadableStreamDefaultReader<Uint8Array> | null;
  writer: WritableStreamDefaultWriter<Uint8Array> | null;
  readonly readAhead: number;
  pulling = false;
  eof = false;
  readError: unknown = undefined;
  writeError: unknown = undefined;
  writeClosed = false;
  watchingReady = false;
  /** Bytes accepted by `write` that the sink has not yet taken. */
  outstanding = 0;
  constructor(
    readable: ReadableStream<Uint8Array> | null,
    writable: WritableStream<Uint8Array> | null,
    readAhead: number,
  ) {
    this.reader = readable === null ? null : readable.getReader();
    this.writer = writable === null ? null : writable.getWriter();
    this.readAhead = readAhead;
  }
}

function st(bio: Bio): StreamState {
  return bio.ptr as StreamState;
}

/** Pulls one chunk at a time while less than `readAhead` bytes are queued. */
function pull(bio: Bio, s: StreamState): void {
  if (s.pulling || s.eof || s.readError !== undefined || s.reader === null) return;
  if (s.queue.length >= s.readAhead || bio.isFreed) return;
  s.pulling = true;
  s.reader.read().then(
    (result) => {
      s.pulling = false;
      if (bio.isFreed) return;
      if (result.done) {
        s.eof = true;
      } else if (result.value instanceof Uint8Array) {
        s.queue.push(result.value);
      } else {
        s.readError = new TypeError('bio: a ReadableStream chunk is not a Uint8Array');
      }
      bio.wake();
      pull(bio, s);
    },
    (error: unknown) => {
      s.pulling = false;
      s.readError = error ?? new Error('bio: ReadableStream failed');
      bio.wake();
    },
  );
}

function streamRead(bio: Bio, out: Uint8Array): number {
  const s = st(bio);
  bio.clearRetryFlags();
  if (out.length === 0) return 0;
  if (s.queue.length > 0) {
    const n = s.queue.readInto(out);
    pull(bio, s);
    return n;
  }
  if (s.readError !== undefined) {
    bio.sysError = s.readError;
    return -1;
  }
  if (s.eof || s.reader === null) return 0;
  bio.setRetryRead();
  pull(bio, s);
  return -1;
}

function watchReady(bio: Bio, s: StreamState, writer: WritableStreamDefaultWriter<Uint8Array>) {
  if (s.watchingReady) return;
  s.watchingReady = true;
  writer.ready.then(
    () => {
      s.watchingReady = false;
      bio.wake();
    },
    () => {
      s.watchingReady = false;
      bio.wake();
    },
  );
}

function streamWrite(bio: Bio, data: Uint8Array): number {
  const s = st(bio);
  bio.clearRetryFlags();
  if (s.writeError !== undefined) {
    bio.sysError = s.writeError;
    return -1;
  }
  const writer = s.writer;
  if (writer === null || s.writeClosed) {
    raiseBioError(BIO_R_BROKEN_PIPE, 'stream_write');
    return -1;
  }
  const desired = writer.desiredSize;
  if (desired === null) {
    s.writeError ??= new Error('bio: WritableStream is errored');
    bio.sysError = s.writeError;
    return -1;
  }
  if (desired <= 0) {
    bio.setRetryWrite();
    watchReady(bio, s, writer);
    return -1;
  }
  const copy = data.slice(); // the caller may reuse its buffer at once
  s.outstanding += copy.length;
  writer.write(copy).then(
    () => {
      s.outstanding -= copy.length;
      bio.wake();
    },
    (error: unknown) => {
      s.outstanding -= copy.length;
      s.writeError ??= error ?? new Error('bio: WritableStream failed');
      bio.wake();
    },
  );
  return copy.length;
}

function release(s: StreamState, close: boolean): void {
  const reader = s.reader;
  const writer = s.writer;
  s.reader = null;
  s.writer = null;
  s.queue.clear();
  if (reader !== null) {
    if (close) reader.cancel().catch(() => {});
    else {
      try {
        reader.releaseLock();
      } catch {
        // a pending read keeps the lock on older runtimes
      }
    }
  }
  if (writer !== null) {
    if (close && !s.writeClosed) writer.close().catch(() => {});
    else if (!close) {
      try {
        writer.releaseLock();
      } catch {
        // nothing to release
      }
    }
  }
}

/** Strata: a BIO over a WHATWG `ReadableStream` / `WritableStream` pair. */
export const streamMethod: BioMethod = {
  type: STRATA_BIO_TYPE_STREAM,
  name: 'WHATWG stream',
  destroy(bio) {
    const s = bio.ptr as StreamState | undefined;
    if (s !== undefined) release(s, bio.shutdown === BIO_CLOSE);
  },
  read: streamRead,
  write: streamWrite,
  puts: (bio, text) => streamWrite(bio, Bio.utf8(text)),
  ctrl(bio, cmd, larg) {
    const s = bio.ptr as StreamState | undefined;
    if (s === undefined) return 0; // made with BIO_new, never set up
    switch (cmd) {
      case BIO_CTRL_PENDING:
        return s.queue.length;
      case BIO_CTRL_WPENDING:
        return s.outstanding;
      case BIO_CTRL_EOF:
        return (s.eof || s.reader === null) && s.queue.length === 0 ? 1 : 0;
      case BIO_CTRL_FLUSH:
        return 1;
      case BIO_CTRL_GET_CLOSE:
        return bio.shutdown;
      case BIO_CTRL_SET_CLOSE:
        bio.shutdown = larg;
        return 1;
      case BIO_C_SHUTDOWN_WR:
        // Strata: as for a BIO pair half, no more writes; closes the WritableStream.
        if (!s.writeClosed && s.writer !== null) {
          s.writeClosed = true;
          s.writer.close().catch((error: unknown) => {
            s.writeError ??= error;
          });
        }
        s.writeClosed = true;
        return 1;
      default:
        return 0;
    }
  },
  ready(bio, want) {
    const s = bio.ptr as StreamState | undefined;
    if (s === undefined) return true;
    if ((want & BIO_FLAGS_READ) !== 0) {
      if (s.queue.length > 0 || s.eof || s.readError !== undefined || s.reader === null) {
        return true;
      }
    }
    if ((want & BIO_FLAGS_WRITE) !== 0) {
      const w = s.writer;
      if (s.writeError !== undefined || w === null || s.writeClosed) return true;
      const desired = w.desiredSize;
      if (desired === null || desired > 0) return true;
      watchReady(bio, s, w);
    }
    return false;
  },
};

/**
 * Strata extension: `strata_BIO_new_stream(readable, writable, closeFlag)`
 * makes a non-blocking BIO over WHATWG streams (browsers, Deno, workers,
 * Node). Either side may be `null`. Reads return the bytes already pulled
 * (reading ahead at most `readAhead` bytes), -1 with the read retry flag when
 * none are there yet, 0 at the end of the stream, -1 without retry flags when
 * the stream failed (the error is kept: `strata_BIO_get_sys_error`). Writes
 * are copied and queued into the `WritableStream`; when its `desiredSize` is
 * not positive (backpressure) they return -1 with the write retry flag.
 * `BIO_shutdown_wr` closes the writable side. With `BIO_CLOSE`, `BIO_free`
 * cancels the readable and closes the writable; with `BIO_NOCLOSE` it only
 * releases their locks.
 */
export function strata_BIO_new_stream(
  readable: ReadableStream<Uint8Array> | null,
  writable: WritableStream<Uint8Array> | null,
  closeFlag: number,
  options: StreamBioOptions = {},
): Bio {
  const bio = new Bio(streamMethod);
  const s = new StreamState(readable, writable, options.readAhead ?? STRATA_BIO_STREAM_READ_AHEAD);
  bio.ptr = s;
  bio.init = true;
  bio.shutdown = closeFlag;
  pull(bio, s);
  return bio;
}
