/** @strata/bio/node: the socket BIO over `node:net`. */
export * from './socket.js';
