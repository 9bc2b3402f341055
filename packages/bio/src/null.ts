import type { Bio, BioMethod } from './bio.js';
import {
  BIO_CTRL_DUP,
  BIO_CTRL_EOF,
  BIO_CTRL_FLUSH,
  BIO_CTRL_RESET,
  BIO_CTRL_SET,
  BIO_CTRL_SET_CLOSE,
  BIO_TYPE_NULL,
} from './constants.js';

/** `BIO_s_null()`: discards writes, reads EOF (bss_null.c). */
export const nullMethod: BioMethod = {
  type: BIO_TYPE_NULL,
  name: 'NULL',
  create(bio: Bio) {
    bio.init = true;
  },
  read: () => 0,
  write: (_bio, data) => data.length,
  puts: (_bio, text) => new TextEncoder().encode(text).length,
  gets: () => 0,
  ctrl(_bio, cmd) {
    switch (cmd) {
      case BIO_CTRL_RESET:
      case BIO_CTRL_EOF:
      case BIO_CTRL_SET:
      case BIO_CTRL_SET_CLOSE:
      case BIO_CTRL_FLUSH:
      case BIO_CTRL_DUP:
        return 1;
      default:
        return 0; // GET_CLOSE, INFO, GET, PENDING, WPENDING too
    }
  },
};

/** `BIO_s_null`. */
export function BIO_s_null(): BioMethod {
  return nullMethod;
}
