/**
 * A FIFO of bytes in one growable buffer: the writer appends records to it,
 * the caller drains it into its transport. Appending copies; draining with
 * `readInto` into a caller's buffer allocates nothing, so in steady state the
 * queue costs one memcpy per record and no allocation.
 */
export class ByteQueue {
  #buf: Uint8Array;
  #start = 0;
  #end = 0;

  /**
   * `initialCapacity` 0 (the default) allocates nothing until the first
   * append: a connection that is idle, or between flights, holds no buffer
   * it has not needed yet.
   */
  constructor(initialCapacity = 0) {
    this.#buf = initialCapacity > 0 ? new Uint8Array(initialCapacity) : NO_BYTES;
  }

  /** Bytes queued. */
  get length(): number {
    return this.#end - this.#start;
  }

  /**
   * Makes room for `n` more bytes and returns the offset in `buffer` to write
   * them at (then `commit(n)`). `buffer` may change on every `reserve`.
   */
  reserve(n: number): number {
    if (this.#end + n > this.#buf.length) {
      const live = this.#end - this.#start;
      if (live + n <= this.#buf.length && this.#start >= live) {
        this.#buf.copyWithin(0, this.#start, this.#end);
      } else {
        let capacity = Math.max(this.#buf.length * 2, 1024);
        while (capacity < live + n) capacity *= 2;
        const grown = new Uint8Array(capacity);
        grown.set(this.#buf.subarray(this.#start, this.#end));
        this.#buf = grown;
      }
      this.#start = 0;
      this.#end = live;
    }
    return this.#end;
  }

  /** The backing buffer; valid until the next `reserve`/`push`. */
  get buffer(): Uint8Array {
    return this.#buf;
  }

  /** Marks `n` reserved bytes as written. */
  commit(n: number): void {
    this.#end += n;
  }

  push(bytes: Uint8Array): void {
    const at = this.reserve(bytes.length);
    this.#buf.set(bytes, at);
    this.#end += bytes.length;
  }

  /** Copies up to `into.length` queued bytes into `into`, removes them, returns the count. */
  readInto(into: Uint8Array): number {
    const n = Math.min(into.length, this.#end - this.#start);
    into.set(this.#buf.subarray(this.#start, this.#start + n));
    this.#consume(n);
    return n;
  }

  /** Everything queued, as a new array, and empties the queue. */
  take(): Uint8Array {
    const out = this.#buf.slice(this.#start, this.#end);
    this.#start = 0;
    this.#end = 0;
    return out;
  }

  /** A view of the queued bytes, valid until the queue changes. */
  peek(): Uint8Array {
    return this.#buf.subarray(this.#start, this.#end);
  }

  /** Drops `n` bytes from the front (after a `peek` the transport accepted). */
  consume(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n > this.length) {
      throw new RangeError(`ByteQueue.consume: ${n} not in [0, ${this.length}]`);
    }
    this.#consume(n);
  }

  #consume(n: number): void {
    this.#start += n;
    if (this.#start === this.#end) {
      this.#start = 0;
      this.#end = 0;
    }
  }
}

const NO_BYTES = /* @__PURE__ */ new Uint8Array(0);
