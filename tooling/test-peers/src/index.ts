export {
  hasOpenssl,
  type OpensslProcess,
  opensslVersion,
  startOpenssl,
  startOpensslClient,
  startOpensslServer,
} from './openssl.js';
