import { BIO_get_retry_BIO } from './api.js';
import type { Bio } from './bio.js';
import { BIO_FLAGS_READ, BIO_FLAGS_RWS, BIO_FLAGS_WRITE } from './constants.js';

/**
 * Strata extension, not an OpenSSL function: the `select()` of a JavaScript
 * event loop. Returns a promise that resolves when `bio` can make progress
 * in direction `want` (`BIO_FLAGS_READ`, `BIO_FLAGS_WRITE` or both): data
 * arrived, room appeared, the peer shut down, the socket ended or failed.
 * "Progress" includes failing: after it resolves, retry the operation and
 * look at its result.
 *
 * Without `want`, it follows the retry state of the last failed operation
 * (`BIO_get_retry_BIO`) and waits in that direction; if no retry is pending
 * it resolves at once. A BIO that cannot tell (a custom method without
 * `ready`) is always considered ready. `signal` rejects the promise with its
 * abort reason.
 */
export function strata_BIO_wait(bio: Bio, want?: number, signal?: AbortSignal): Promise<void> {
  let target = bio;
  let direction = want ?? 0;
  if (want === undefined) {
    [target] = BIO_get_retry_BIO(bio);
    direction = target.flags & BIO_FLAGS_RWS;
    if (direction === 0) return Promise.resolve();
  }
  direction &= BIO_FLAGS_READ | BIO_FLAGS_WRITE;
  if (direction === 0 || target.isReady(direction)) return Promise.resolve();
  if (signal?.aborted) return Promise.reject(signal.reason);

  const chain: Bio[] = [];
  for (let cur: Bio | null = target; cur !== null; cur = cur.next) chain.push(cur);

  return new Promise<void>((resolve, reject) => {
    const cleanup = (): void => {
      for (const b of chain) b.removeWaiter(check);
      signal?.removeEventListener('abort', onAbort);
    };
    const check = (): void => {
      if (!target.isReady(direction)) return;
      cleanup();
      resolve();
    };
    const onAbort = (): void => {
      cleanup();
      reject(signal?.reason);
    };
    for (const b of chain) b.addWaiter(check);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
