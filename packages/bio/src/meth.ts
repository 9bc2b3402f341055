/**
 * Custom BIO methods (`BIO_meth_new` and its setters), so applications and
 * `@strata/openssl` can define BIOs as in C.
 */
import type { Bio, BioMethod } from './bio.js';
import { BIO_TYPE_START } from './constants.js';

/** A method table under construction (`BIO_METHOD *` from `BIO_meth_new`). */
export interface MutableBioMethod extends BioMethod {
  type: number;
  name: string;
  create?(bio: Bio): void;
  destroy?(bio: Bio): void;
  read?(bio: Bio, out: Uint8Array): number;
  write?(bio: Bio, data: Uint8Array): number;
  puts?(bio: Bio, text: string): number;
  gets?(bio: Bio, out: Uint8Array, size: number): number;
  ctrl?(bio: Bio, cmd: number, larg: number, parg: unknown): number;
  ready?(bio: Bio, want: number): boolean;
}

let nextIndex = BIO_TYPE_START;

/** `BIO_get_new_index()`: a fresh type number (129, 130, …) to OR with a class bit. */
export function BIO_get_new_index(): number {
  nextIndex += 1;
  return nextIndex;
}

/** `BIO_meth_new(type, name)`. */
export function BIO_meth_new(type: number, name: string): MutableBioMethod {
  return { type, name };
}

/** `BIO_meth_free(biom)`: nothing to release in JavaScript. */
export function BIO_meth_free(_biom: MutableBioMethod): void {}

/** `BIO_meth_set_write(biom, write)`: `write(bio, data)` returns a count, 0, or -1 with retry flags. */
export function BIO_meth_set_write(
  biom: MutableBioMethod,
  write: (bio: Bio, data: Uint8Array) => number,
): number {
  biom.write = write;
  return 1;
}

/** `BIO_meth_set_read(biom, read)`: `read(bio, out)` fills `out` and returns the count. */
export function BIO_meth_set_read(
  biom: MutableBioMethod,
  read: (bio: Bio, out: Uint8Array) => number,
): number {
  biom.read = read;
  return 1;
}

/** `BIO_meth_set_puts(biom, puts)`. */
export function BIO_meth_set_puts(
  biom: MutableBioMethod,
  puts: (bio: Bio, text: string) => number,
): number {
  biom.puts = puts;
  return 1;
}

/** `BIO_meth_set_gets(biom, gets)`. */
export function BIO_meth_set_gets(
  biom: MutableBioMethod,
  gets: (bio: Bio, out: Uint8Array, size: number) => number,
): number {
  biom.gets = gets;
  return 1;
}

/** `BIO_meth_set_ctrl(biom, ctrl)`. */
export function BIO_meth_set_ctrl(
  biom: MutableBioMethod,
  ctrl: (bio: Bio, cmd: number, larg: number, parg: unknown) => number,
): number {
  biom.ctrl = ctrl;
  return 1;
}

/**
 * `BIO_meth_set_create(biom, create)`: `create(bio)` returns 1 on success;
 * a 0 makes `BIO_new` throw (C's `BIO_new` would return NULL).
 */
export function BIO_meth_set_create(biom: MutableBioMethod, create: (bio: Bio) => number): number {
  biom.create = (bio) => {
    if (create(bio) === 0) throw new Error('bio: BIO_new: the method failed to create the BIO');
  };
  return 1;
}

/** `BIO_meth_set_destroy(biom, destroy)`. */
export function BIO_meth_set_destroy(
  biom: MutableBioMethod,
  destroy: (bio: Bio) => number,
): number {
  biom.destroy = (bio) => {
    destroy(bio);
  };
  return 1;
}

/**
 * Strata extension: how `strata_BIO_wait` learns whether a custom BIO could
 * make progress in direction `want` (`BIO_FLAGS_READ`/`BIO_FLAGS_WRITE`).
 * Call `bio.wake()` when that may have changed.
 */
export function strata_BIO_meth_set_ready(
  biom: MutableBioMethod,
  ready: (bio: Bio, want: number) => boolean,
): number {
  biom.ready = ready;
  return 1;
}
