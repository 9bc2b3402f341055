import type { Socket } from 'node:net';
import { Bio, type BioMethod } from '../bio.js';
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
  BIO_TYPE_SOCKET,
} from '../constants.js';
import { ChunkQueue } from '../queue.js';

/** Default cap on received bytes held unread before the socket is paused: 256 KiB. */
export const STRATA_BIO_SOCKET_READ_AHEAD = 256 * 1024;

export interface SocketBioOptions {
  /** Pause the socket once this many received bytes wait unread (default 256 KiB). */
  readAhead?: number;
  /**
   * Keep the socket writable after the peer's FIN, as a C socket is (default
   * true: sets `socket.allowHalfOpen` while the BIO owns the socket, so a TLS
   * peer's close_notify + FIN still lets us answer with ours).
   */
  allowHalfOpen?: boolean;
}

class SocketState {
  readonly queue = new ChunkQueue();
  eof = false;
  error: Error | undefined = undefined;
  paused = false;
  writeShut = false;
  readonly detach: () => void;
  constructor(
    readonly socket: Socket,
    readonly readAhead: number,
    allowHalfOpen: boolean,
    bio: Bio,
  ) {
    const previousHalfOpen = socket.allowHalfOpen;
    if (allowHalfOpen) socket.allowHalfOpen = true;
    const onData = (chunk: Uint8Array): void => {
      this.queue.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if (this.queue.length >= this.readAhead && !this.paused) {
        this.paused = true;
        socket.pause();
      }
      bio.wake();
    };
    const onEnd = (): void => {
      this.eof = true;
      bio.wake();
    };
    const onError = (error: Error): void => {
      this.error ??= error;
      bio.wake();
    };
    const onWake = (): void => bio.wake();
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('error', onError);
    socket.on('close', onWake);
    socket.on('drain', onWake);
    socket.on('connect', onWake);
    this.detach = () => {
      socket.allowHalfOpen = previousHalfOpen;
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onWake);
      socket.off('drain', onWake);
      socket.off('connect', onWake);
      // keep an error listener: an unhandled 'error' would crash the process
      socket.off('error', onError);
      socket.on('error', () => {});
    };
  }

  resumeIfDrained(): void {
    if (this.paused && this.queue.length < this.readAhead) {
      this.paused = false;
      this.socket.resume();
    }
  }

  /** The socket cannot take writes any more (closed without an 'error'). */
  get writeDead(): boolean {
    const s = this.socket;
    return this.writeShut || s.destroyed || s.writableEnded;
  }
}

function st(bio: Bio): SocketState {
  return bio.ptr as SocketState;
}

function socketRead(bio: Bio, out: Uint8Array): number {
  const s = st(bio);
  bio.clearRetryFlags();
  if (out.length === 0) return 0;
  if (s.queue.length > 0) {
    const n = s.queue.readInto(out);
    s.resumeIfDrained();
    return n;
  }
  if (s.error !== undefined) {
    bio.sysError = s.error;
    return -1;
  }
  if (s.eof) return 0;
  if (s.socket.destroyed) return 0; // closed without an 'end' (e.g. destroyed locally)
  bio.setRetryRead();
  s.resumeIfDrained();
  return -1;
}

function socketWrite(bio: Bio, data: Uint8Array): number {
  const s = st(bio);
  bio.clearRetryFlags();
  if (s.error !== undefined) {
    bio.sysError = s.error;
    return -1;
  }
  if (s.writeDead) {
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write' });
    bio.sysError = epipe;
    return -1;
  }
  if (s.socket.writableNeedDrain) {
    bio.setRetryWrite(); // above the high-water mark: wait for 'drain'
    return -1;
  }
  s.socket.write(data.slice()); // the caller may reuse its buffer at once
  return data.length;
}

/** `BIO_s_socket()` for a `net.Socket`. */
export const socketMethod: BioMethod = {
  type: BIO_TYPE_SOCKET,
  name: 'socket',
  destroy(bio) {
    const s = bio.ptr as SocketState | undefined;
    if (s === undefined) return;
    s.detach();
    s.queue.clear();
    if (bio.shutdown === BIO_CLOSE) {
      const socket = s.socket;
      if (socket.destroyed) return;
      if (socket.writableLength === 0 || s.error !== undefined) {
        socket.destroy();
      } else {
        // like close(2) on a socket with unsent data: it still goes out
        socket.end(() => socket.destroy());
      }
    }
  },
  read: socketRead,
  write: socketWrite,
  puts: (bio, text) => socketWrite(bio, Bio.utf8(text)),
  ctrl(bio, cmd, larg) {
    const s = bio.ptr as SocketState | undefined;
    if (s === undefined) return 0; // made with BIO_new, never set up
    switch (cmd) {
      case BIO_CTRL_PENDING:
        return s.queue.length;
      case BIO_CTRL_WPENDING:
        return s.socket.writableLength;
      case BIO_CTRL_EOF:
        return s.eof && s.queue.length === 0 ? 1 : 0;
      case BIO_CTRL_FLUSH:
        return 1;
      case BIO_CTRL_GET_CLOSE:
        return bio.shutdown;
      case BIO_CTRL_SET_CLOSE:
        bio.shutdown = larg;
        return 1;
      case BIO_C_SHUTDOWN_WR:
        // Strata: half-close, as shutdown(fd, SHUT_WR); the peer reads EOF.
        if (!s.writeShut) {
          s.writeShut = true;
          s.socket.end();
        }
        return 1;
      default:
        return 0;
    }
  },
  ready(bio, want) {
    const s = bio.ptr as SocketState | undefined;
    if (s === undefined) return true;
    if (s.error !== undefined || s.socket.destroyed) return true;
    if ((want & BIO_FLAGS_READ) !== 0) {
      if (s.queue.length > 0 || s.eof) return true;
      s.resumeIfDrained();
    }
    if ((want & BIO_FLAGS_WRITE) !== 0) {
      if (s.writeDead || !s.socket.writableNeedDrain) return true;
    }
    return false;
  },
};

/** `BIO_s_socket`. */
export function BIO_s_socket(): BioMethod {
  return socketMethod;
}

/**
 * `BIO_new_socket(sock, close_flag)` for a `net.Socket` (C takes a file
 * descriptor). Always non-blocking: a read returns the bytes received so far
 * or -1 with the read retry flag; a write is copied into the socket unless
 * the socket is above its high-water mark (`writableNeedDrain`), then -1 with
 * the write retry flag. End of stream reads 0. A socket error makes reads and
 * writes return -1 without retry flags, and the `Error` is kept
 * (`strata_BIO_get_sys_error`) for `SSL_ERROR_SYSCALL`. Received data is held
 * up to `readAhead` bytes, then the socket is paused until it is read.
 * `BIO_CLOSE` destroys the socket when the BIO is freed (after its queued
 * writes went out). The peer's FIN ends reading only, as on a C socket
 * (`options.allowHalfOpen`, default true).
 */
export function BIO_new_socket(
  sock: Socket,
  closeFlag: number,
  options: SocketBioOptions = {},
): Bio {
  const bio = new Bio(socketMethod);
  bio.ptr = new SocketState(
    sock,
    options.readAhead ?? STRATA_BIO_SOCKET_READ_AHEAD,
    options.allowHalfOpen ?? true,
    bio,
  );
  bio.init = true;
  bio.shutdown = closeFlag;
  return bio;
}

/** `BIO_get_fd`-like accessor: the `net.Socket` under a socket BIO, or `null`. */
export function strata_BIO_get_socket(bio: Bio): Socket | null {
  if (bio.method !== socketMethod) return null;
  return (bio.ptr as SocketState | undefined)?.socket ?? null;
}
