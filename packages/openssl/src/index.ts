/**
 * @strata/openssl: the OpenSSL 3.0 API over Strata (SSL_CTX, SSL, BIO,
 * ERR, SSL_SESSION, X509/PEM loaders) with libssl's names, numeric values,
 * return codes and error queue. `strata_*` names are Strata extensions.
 */
export * from '@strata/bio';
export { verifyErrorString as X509_verify_cert_error_string, X509_V } from '@strata/pki';
export * from './certs.js';
export * from './constants.js';
export { ERR_LIB_BIO } from './constants.js';
export * from './ctx.js';
export * from './err.js';
export * from './peer.js';
export * from './promise.js';
export * from './session.js';
export * from './ssl.js';
export * from './strings.js';
export * from './x509.js';
