/** A FIFO of received chunks, read out by copying; chunks are kept, not copied. */
export class ChunkQueue {
  private chunks: Uint8Array[] = [];
  private head = 0;
  /** Offset into `chunks[head]`. */
  private offset = 0;
  length = 0;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** Copies up to `out.length` bytes into `out` and consumes them. */
  readInto(out: Uint8Array): number {
    let copied = 0;
    while (copied < out.length && this.head < this.chunks.length) {
      const chunk = this.chunks[this.head]!;
      const n = Math.min(out.length - copied, chunk.length - this.offset);
      out.set(chunk.subarray(this.offset, this.offset + n), copied);
      copied += n;
      this.offset += n;
      if (this.offset === chunk.length) {
        this.head += 1;
        this.offset = 0;
      }
    }
    if (this.head > 64 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
    this.length -= copied;
    return copied;
  }

  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.offset = 0;
    this.length = 0;
  }
}
