/**
 * OpenSSL 3.0's BIO constants, with the numeric values of
 * `include/openssl/bio.h` and `include/openssl/bioerr.h`.
 */

/* Retry flags: `BIO_FLAGS_*` (bio.h). */
export const BIO_FLAGS_READ = 0x01;
export const BIO_FLAGS_WRITE = 0x02;
export const BIO_FLAGS_IO_SPECIAL = 0x04;
export const BIO_FLAGS_RWS = BIO_FLAGS_READ | BIO_FLAGS_WRITE | BIO_FLAGS_IO_SPECIAL;
export const BIO_FLAGS_SHOULD_RETRY = 0x08;
export const BIO_FLAGS_MEM_RDONLY = 0x200;
export const BIO_FLAGS_IN_EOF = 0x800;

/* Retry reasons for `BIO_FLAGS_IO_SPECIAL`. */
export const BIO_RR_SSL_X509_LOOKUP = 0x01;
export const BIO_RR_CONNECT = 0x02;
export const BIO_RR_ACCEPT = 0x03;

/* Close flags. */
export const BIO_NOCLOSE = 0x00;
export const BIO_CLOSE = 0x01;

/* BIO types. */
export const BIO_TYPE_DESCRIPTOR = 0x0100;
export const BIO_TYPE_FILTER = 0x0200;
export const BIO_TYPE_SOURCE_SINK = 0x0400;
export const BIO_TYPE_NONE = 0;
export const BIO_TYPE_MEM = 1 | BIO_TYPE_SOURCE_SINK;
export const BIO_TYPE_SOCKET = 5 | BIO_TYPE_SOURCE_SINK | BIO_TYPE_DESCRIPTOR;
export const BIO_TYPE_NULL = 6 | BIO_TYPE_SOURCE_SINK;
export const BIO_TYPE_BUFFER = 9 | BIO_TYPE_FILTER;
export const BIO_TYPE_BIO = 19 | BIO_TYPE_SOURCE_SINK;
export const BIO_TYPE_START = 128;
/**
 * Strata: the type of the WHATWG-streams BIO. OpenSSL has no such BIO; the
 * number is the first one OpenSSL leaves to applications (`BIO_TYPE_START`)
 * marked as a source/sink.
 */
export const STRATA_BIO_TYPE_STREAM = BIO_TYPE_START | BIO_TYPE_SOURCE_SINK;

/* Generic controls: `BIO_CTRL_*`. */
export const BIO_CTRL_RESET = 1;
export const BIO_CTRL_EOF = 2;
export const BIO_CTRL_INFO = 3;
export const BIO_CTRL_SET = 4;
export const BIO_CTRL_GET = 5;
export const BIO_CTRL_PUSH = 6;
export const BIO_CTRL_POP = 7;
export const BIO_CTRL_GET_CLOSE = 8;
export const BIO_CTRL_SET_CLOSE = 9;
export const BIO_CTRL_PENDING = 10;
export const BIO_CTRL_FLUSH = 11;
export const BIO_CTRL_DUP = 12;
export const BIO_CTRL_WPENDING = 13;
export const BIO_CTRL_PEEK = 29;

/* Type-specific controls: `BIO_C_*`. */
export const BIO_C_GET_BUF_MEM_PTR = 115;
export const BIO_C_GET_BUFF_NUM_LINES = 116;
export const BIO_C_SET_BUFF_SIZE = 117;
export const BIO_C_SET_BUFF_READ_DATA = 122;
export const BIO_C_SET_BUF_MEM_EOF_RETURN = 130;
export const BIO_C_SET_WRITE_BUF_SIZE = 136;
export const BIO_C_GET_WRITE_BUF_SIZE = 137;
export const BIO_C_MAKE_BIO_PAIR = 138;
export const BIO_C_DESTROY_BIO_PAIR = 139;
export const BIO_C_GET_WRITE_GUARANTEE = 140;
export const BIO_C_GET_READ_REQUEST = 141;
export const BIO_C_SHUTDOWN_WR = 142;
export const BIO_C_NREAD0 = 143;
export const BIO_C_NREAD = 144;
export const BIO_C_NWRITE0 = 145;
export const BIO_C_NWRITE = 146;
export const BIO_C_RESET_READ_REQUEST = 147;

/* Error library and reasons (err.h, bioerr.h). */
export const ERR_LIB_BIO = 32;
export const BIO_R_BROKEN_PIPE = 124;
export const BIO_R_INVALID_ARGUMENT = 125;
export const BIO_R_IN_USE = 123;
export const BIO_R_UNINITIALIZED = 120;
export const BIO_R_UNSUPPORTED_METHOD = 121;
export const BIO_R_WRITE_TO_READ_ONLY_BIO = 126;

/** Default write buffer of each half of a BIO pair: 17 KiB, one full TLS record. */
export const BIO_PAIR_DEFAULT_SIZE = 17 * 1024;
/** Default input and output buffer of `BIO_f_buffer` (`DEFAULT_BUFFER_SIZE` in bf_buff.c). */
export const BIO_BUFFER_DEFAULT_SIZE = 4096;
