import {
  BIO_CTRL_POP,
  BIO_CTRL_PUSH,
  BIO_FLAGS_IO_SPECIAL,
  BIO_FLAGS_READ,
  BIO_FLAGS_RWS,
  BIO_FLAGS_SHOULD_RETRY,
  BIO_FLAGS_WRITE,
  BIO_R_INVALID_ARGUMENT,
  BIO_R_UNINITIALIZED,
  BIO_R_UNSUPPORTED_METHOD,
} from './constants.js';
import { raiseBioError } from './errors.js';

/**
 * A BIO's method table (OpenSSL's `BIO_METHOD`). Each function has the
 * contract of its C counterpart: `read`/`write` return a count, 0 or a
 * negative value with the retry flags set on the BIO; `ctrl` returns a long.
 */
export interface BioMethod {
  readonly type: number;
  readonly name: string;
  /** Sets up `bio.ptr` and `bio.init` (OpenSSL's `create`). */
  create?(bio: Bio): void;
  /** Releases what `create` made, honouring `bio.shutdown` (OpenSSL's `destroy`). */
  destroy?(bio: Bio): void;
  read?(bio: Bio, out: Uint8Array): number;
  write?(bio: Bio, data: Uint8Array): number;
  puts?(bio: Bio, text: string): number;
  /** Reads a line into `out` (at most `size - 1` bytes) and NUL-terminates it. */
  gets?(bio: Bio, out: Uint8Array, size: number): number;
  /** `parg` stands for C's `void *`: an object, a number, a `Ref` for out-values. */
  ctrl?(bio: Bio, cmd: number, larg: number, parg: unknown): number;
  /**
   * Strata: whether a read (`BIO_FLAGS_READ`) or write (`BIO_FLAGS_WRITE`)
   * could make progress now, for `strata_BIO_wait`. A method without it is
   * always ready unless it is a filter, which then asks the next BIO.
   */
  ready?(bio: Bio, want: number): boolean;
}

/** A C out-parameter passed through `BIO_ctrl`'s `parg`. */
export interface Ref<T> {
  value: T | undefined;
}

const textEncoder = /* @__PURE__ */ new TextEncoder();

/**
 * The BIO object: a method table, retry flags, a reference count and the
 * links of a chain. The OpenSSL functions (`BIO_read`, …) take it as their
 * opaque first argument; its methods are the idiomatic TypeScript API.
 */
export class Bio {
  readonly method: BioMethod;
  /** Method state (C's `bio->ptr`). */
  ptr: unknown = undefined;
  /** Whether the method is ready for I/O (C's `bio->init`). */
  init = false;
  /** Close flag: `BIO_CLOSE` or `BIO_NOCLOSE` (C's `bio->shutdown`). */
  shutdown = 1;
  /** A method-specific number (C's `bio->num`): the memory BIO's EOF return. */
  num = 0;
  /** Retry and method flags (`BIO_FLAGS_*`). */
  flags = 0;
  retryReason = 0;
  /** Strata: the system-level error behind a failed operation (C's `errno`). */
  sysError: unknown = undefined;
  next: Bio | null = null;
  prev: Bio | null = null;
  references = 1;
  numRead = 0;
  numWritten = 0;
  private freed = false;
  private readonly waiters = new Set<() => void>();

  constructor(method: BioMethod) {
    this.method = method;
    this.shutdown = 1;
    method.create?.(this);
  }

  /** Whether `free()` released this BIO. */
  get isFreed(): boolean {
    return this.freed;
  }

  private live(func: string): void {
    if (this.freed) throw new TypeError(`bio: ${func} on a freed BIO`);
  }

  // -- retry flags --------------------------------------------------------

  setFlags(flags: number): void {
    this.flags |= flags;
  }
  clearFlags(flags: number): void {
    this.flags &= ~flags;
  }
  testFlags(flags: number): number {
    return this.flags & flags;
  }
  setRetryRead(): void {
    this.flags |= BIO_FLAGS_READ | BIO_FLAGS_SHOULD_RETRY;
  }
  setRetryWrite(): void {
    this.flags |= BIO_FLAGS_WRITE | BIO_FLAGS_SHOULD_RETRY;
  }
  setRetrySpecial(): void {
    this.flags |= BIO_FLAGS_IO_SPECIAL | BIO_FLAGS_SHOULD_RETRY;
  }
  clearRetryFlags(): void {
    this.flags &= ~(BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY);
  }
  /** Copies the next BIO's retry state (`BIO_copy_next_retry`), for filters. */
  copyNextRetry(): void {
    const next = this.next;
    if (next === null) return;
    this.setFlags(next.flags & (BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY));
    this.retryReason = next.retryReason;
  }
  shouldRetry(): boolean {
    return (this.flags & BIO_FLAGS_SHOULD_RETRY) !== 0;
  }
  retryType(): number {
    return this.flags & BIO_FLAGS_RWS;
  }

  // -- I/O ------------------------------------------------------------------

  /** `BIO_read`: fills `out` (or its first `len` bytes). */
  read(out: Uint8Array, len: number = out.length): number {
    this.live('BIO_read');
    if (len < 0) {
      raiseBioError(BIO_R_INVALID_ARGUMENT, 'BIO_read');
      return -1;
    }
    if (len > out.length) throw new RangeError('bio: BIO_read length exceeds the buffer');
    const read = this.method.read;
    if (read === undefined) {
      raiseBioError(BIO_R_UNSUPPORTED_METHOD, 'BIO_read');
      return -2;
    }
    if (!this.init) {
      raiseBioError(BIO_R_UNINITIALIZED, 'BIO_read');
      return -1;
    }
    const n = read(this, len === out.length ? out : out.subarray(0, len));
    if (n > 0) this.numRead += n;
    return n;
  }

  /** `BIO_write`: writes `data` (or its first `len` bytes). */
  write(data: Uint8Array, len: number = data.length): number {
    this.live('BIO_write');
    if (len > data.length) throw new RangeError('bio: BIO_write length exceeds the buffer');
    if (len <= 0) return 0;
    const write = this.method.write;
    if (write === undefined) {
      raiseBioError(BIO_R_UNSUPPORTED_METHOD, 'BIO_write');
      return -2;
    }
    if (!this.init) {
      raiseBioError(BIO_R_UNINITIALIZED, 'BIO_write');
      return -1;
    }
    const n = write(this, len === data.length ? data : data.subarray(0, len));
    if (n > 0) this.numWritten += n;
    return n;
  }

  /** `BIO_puts`: writes the UTF-8 bytes of `text`. */
  puts(text: string): number {
    this.live('BIO_puts');
    const puts = this.method.puts;
    if (puts === undefined) {
      raiseBioError(BIO_R_UNSUPPORTED_METHOD, 'BIO_puts');
      return -2;
    }
    if (!this.init) {
      raiseBioError(BIO_R_UNINITIALIZED, 'BIO_puts');
      return -1;
    }
    const n = puts(this, text);
    if (n > 0) this.numWritten += n;
    return n;
  }

  /**
   * `BIO_gets`: reads one line (up to and including `\n`, at most `size - 1`
   * bytes) into `out` and writes a terminating 0 byte after it, as C does.
   */
  gets(out: Uint8Array, size: number = out.length): number {
    this.live('BIO_gets');
    const gets = this.method.gets;
    if (gets === undefined) {
      raiseBioError(BIO_R_UNSUPPORTED_METHOD, 'BIO_gets');
      return -2;
    }
    if (size < 0) {
      raiseBioError(BIO_R_INVALID_ARGUMENT, 'BIO_gets');
      return -1;
    }
    if (size > out.length) throw new RangeError('bio: BIO_gets size exceeds the buffer');
    if (!this.init) {
      raiseBioError(BIO_R_UNINITIALIZED, 'BIO_gets');
      return -1;
    }
    const n = gets(this, out, size);
    if (n > 0) this.numRead += n;
    return n;
  }

  /** `BIO_ctrl`. */
  ctrl(cmd: number, larg = 0, parg: unknown = undefined): number {
    this.live('BIO_ctrl');
    const ctrl = this.method.ctrl;
    if (ctrl === undefined) {
      raiseBioError(BIO_R_UNSUPPORTED_METHOD, 'BIO_ctrl');
      return -2;
    }
    return ctrl(this, cmd, larg, parg);
  }

  // -- chains -----------------------------------------------------------------

  /** `BIO_push`: appends `bio` to the end of this chain; returns this BIO. */
  push(bio: Bio | null): Bio {
    this.live('BIO_push');
    let last: Bio = this;
    while (last.next !== null) last = last.next;
    last.next = bio;
    if (bio !== null) bio.prev = last;
    this.ctrl(BIO_CTRL_PUSH, 0, last);
    return this;
  }

  /** `BIO_pop`: unlinks this BIO from its chain; returns the BIO that followed it. */
  pop(): Bio | null {
    this.live('BIO_pop');
    const next = this.next;
    this.ctrl(BIO_CTRL_POP, 0, this);
    if (this.prev !== null) this.prev.next = this.next;
    if (this.next !== null) this.next.prev = this.prev;
    this.next = null;
    this.prev = null;
    return next;
  }

  // -- life cycle ---------------------------------------------------------------

  /** `BIO_up_ref`. */
  upRef(): number {
    this.live('BIO_up_ref');
    this.references += 1;
    return 1;
  }

  /** `BIO_free`: drops one reference; the last one destroys the BIO. Returns 1. */
  free(): number {
    if (this.freed) throw new TypeError('bio: BIO_free on a freed BIO');
    this.references -= 1;
    if (this.references > 0) return 1;
    this.method.destroy?.(this);
    this.freed = true;
    this.init = false;
    this.wake();
    return 1;
  }

  // -- readiness (Strata) -------------------------------------------------------

  /** Calls back everyone waiting on this BIO; methods call it when state changes. */
  wake(): void {
    if (this.waiters.size === 0) return;
    for (const waiter of [...this.waiters]) waiter();
  }

  /** @internal used by `strata_BIO_wait`. */
  addWaiter(waiter: () => void): void {
    this.waiters.add(waiter);
  }

  /** @internal used by `strata_BIO_wait`. */
  removeWaiter(waiter: () => void): void {
    this.waiters.delete(waiter);
  }

  /** Whether an operation in direction `want` could progress now (see `BioMethod.ready`). */
  isReady(want: number): boolean {
    if (this.freed) return true;
    const ready = this.method.ready;
    if (ready !== undefined) return ready(this, want);
    if (this.next !== null) return this.next.isReady(want);
    return true;
  }

  /** Encodes text for `puts` implementations. */
  static utf8(text: string): Uint8Array {
    return textEncoder.encode(text);
  }
}

/** Creates a BIO of `method` (`BIO_new`). */
export function newBio(method: BioMethod): Bio {
  return new Bio(method);
}
