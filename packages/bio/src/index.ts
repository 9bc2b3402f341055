/**
 * @strata/bio: OpenSSL-style BIOs. The OpenSSL names (`BIO_read`,
 * `BIO_new_bio_pair`, …) behave as OpenSSL 3.0's; the `Bio` class is the
 * idiomatic API underneath; `strata_*` names are Strata extensions.
 */
export * from './api.js';
export { Bio, type BioMethod, newBio, type Ref } from './bio.js';
export * from './buffer.js';
export * from './constants.js';
export { type BioErrorHandler, strata_BIO_set_error_handler } from './errors.js';
export * from './mem.js';
export * from './meth.js';
export * from './null.js';
export * from './pair.js';
export * from './stream.js';
export { strata_BIO_wait } from './wait.js';
