/**
 * OpenSSL 3.0's constants with their numeric values: the generated table
 * (checked against libssl by constants.test.ts) and the few that are C enums
 * or live in other headers.
 */
export * from './generated/constants.js';

/** `OSSL_HANDSHAKE_STATE` (ssl.h), the values `SSL_get_state` returns. */
export const TLS_ST_BEFORE = 0;
export const TLS_ST_OK = 1;
export const TLS_ST_CR_SRVR_HELLO = 3;
export const TLS_ST_CR_CERT = 4;
export const TLS_ST_CR_FINISHED = 11;
export const TLS_ST_CW_CLNT_HELLO = 12;
export const TLS_ST_CW_CERT = 13;
export const TLS_ST_CW_CERT_VRFY = 15;
export const TLS_ST_CW_CHANGE = 16;
export const TLS_ST_CW_FINISHED = 18;
export const TLS_ST_SR_CLNT_HELLO = 20;
export const TLS_ST_SW_SRVR_HELLO = 22;
export const TLS_ST_SW_CERT = 23;
export const TLS_ST_SR_CERT = 27;
export const TLS_ST_SR_CERT_VRFY = 29;
export const TLS_ST_SR_FINISHED = 32;
export const TLS_ST_SW_SESSION_TICKET = 33;
export const TLS_ST_SW_CHANGE = 35;
export const TLS_ST_SW_FINISHED = 36;
export const TLS_ST_SW_ENCRYPTED_EXTENSIONS = 37;
export const TLS_ST_CR_ENCRYPTED_EXTENSIONS = 38;
export const TLS_ST_CR_CERT_VRFY = 39;
export const TLS_ST_SW_CERT_VRFY = 40;
export const TLS_ST_SW_KEY_UPDATE = 42;
export const TLS_ST_CW_KEY_UPDATE = 43;
export const TLS_ST_SR_KEY_UPDATE = 44;
export const TLS_ST_CR_KEY_UPDATE = 45;
export const TLS_ST_EARLY_DATA = 46;

/** `SSL_AD_REASON_OFFSET`: a received alert `d` is reported as reason `1000 + d`. */
export const SSL_AD_REASON_OFFSET = 1000;

/** ERR_R_* common reasons (err.h) this package raises. */
export const ERR_R_SYS_LIB = 0x80002;
export const ERR_R_PASSED_INVALID_ARGUMENT = 0x80106;
export const ERR_R_PASSED_NULL_PARAMETER = 0x80000 | 258;

/** PEM_R_* and X509_R_* reasons used by the loaders. */
export const PEM_R_NO_START_LINE = 108;
export const PEM_R_BAD_END_LINE = 102;
export const X509_R_KEY_VALUES_MISMATCH = 116;
export const X509_R_KEY_TYPE_MISMATCH = 115;

/** `SSL_CTX_get_verify_depth` before any call: -1 (the library default applies). */
export const SSL_DEFAULT_VERIFY_DEPTH = -1;

/** `SSL_MAX_MASTER_KEY_LENGTH` and friends are not needed; `SSL3_RT_MAX_PLAIN_LENGTH` is. */
export const SSL3_RT_MAX_PLAIN_LENGTH = 16384;

/** Pseudo content types of the message callback (ssl3.h). */
export const SSL3_RT_HEADER = 0x100;
export const SSL3_RT_INNER_CONTENT_TYPE = 0x101;
