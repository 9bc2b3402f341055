/**
 * `SSL_METHOD` and `SSL_CTX`: the settings every `SSL` made from a context
 * starts with. Setters return OpenSSL 3.0's codes (1 success, 0 failure with
 * an error queued where libssl queues one).
 */
import {
  type CryptoProvider,
  cipherSuiteByName,
  groupByName,
  nobleProvider,
  signatureSchemeByName,
} from '@strata/crypto';
import { checkPrivateKey, type VerifyContext } from '@strata/pki';
import {
  type Session,
  SessionCache,
  type SessionCacheCallbacks,
  TicketKeys,
} from '@strata/session';
import {
  CertSlots,
  SSL_CERT_SET_FIRST,
  SSL_CERT_SET_NEXT,
  SSL_PKEY_NUM,
  slotOfCertificate,
  slotOfKey,
} from './certs.js';
import {
  ERR_LIB_SSL,
  ERR_LIB_X509,
  ERR_R_PASSED_INVALID_ARGUMENT,
  SSL_MODE_AUTO_RETRY,
  SSL_OP_ENABLE_MIDDLEBOX_COMPAT,
  SSL_OP_NO_COMPRESSION,
  SSL_R_NO_CERTIFICATE_ASSIGNED,
  SSL_R_NO_CIPHER_MATCH,
  SSL_R_NO_PRIVATE_KEY_ASSIGNED,
  SSL_R_UNKNOWN_CERTIFICATE_TYPE,
  SSL_VERIFY_NONE,
  TLS1_2_VERSION,
  TLS1_3_VERSION,
  TLS1_VERSION,
  X509_R_KEY_VALUES_MISMATCH,
} from './constants.js';
import { bridgeBioErrors, ERR_raise, raiseSsl } from './err.js';
import { type SSL_SESSION, sessionHandle } from './session.js';
import type { SSL } from './ssl.js';
import { type EVP_PKEY, type X509, type X509_NAME, X509_STORE } from './x509.js';

/** `SSL_METHOD *`: which roles a context's connections may take. */
export interface SSL_METHOD {
  readonly role: 'any' | 'client' | 'server';
}

const ANY: SSL_METHOD = Object.freeze({ role: 'any' });
const CLIENT: SSL_METHOD = Object.freeze({ role: 'client' });
const SERVER: SSL_METHOD = Object.freeze({ role: 'server' });

export function TLS_method(): SSL_METHOD {
  return ANY;
}
export function TLS_client_method(): SSL_METHOD {
  return CLIENT;
}
export function TLS_server_method(): SSL_METHOD {
  return SERVER;
}
export const SSLv23_method = TLS_method;
export const SSLv23_client_method = TLS_client_method;
export const SSLv23_server_method = TLS_server_method;

/** `X509_STORE_CTX *` as a verify callback sees it. */
export type X509_STORE_CTX = VerifyContext;
/** `int verify_callback(int preverify_ok, X509_STORE_CTX *ctx)`. */
export type SSL_verify_cb = (preverifyOk: number, ctx: X509_STORE_CTX) => number;
/** `int alpn_select_cb(SSL *s, const unsigned char **out, unsigned char *outlen, const unsigned char *in, unsigned int inlen, void *arg)`: returns `[SSL_TLSEXT_ERR_*, selected]`. */
export type SSL_CTX_alpn_select_cb_func = (
  ssl: SSL,
  input: Uint8Array,
  arg: unknown,
) => [number, Uint8Array | null];
/** `int servername_cb(SSL *s, int *al, void *arg)`: returns SSL_TLSEXT_ERR_*. */
export type SSL_servername_cb = (ssl: SSL, arg: unknown) => number;
export type SSL_info_cb = (ssl: SSL, where: number, ret: number) => void;
export type SSL_msg_cb = (
  writeP: number,
  version: number,
  contentType: number,
  buf: Uint8Array,
  ssl: SSL,
  arg: unknown,
) => void;
export type SSL_CTX_keylog_cb_func = (ssl: SSL, line: string) => void;
export type SSL_new_session_cb = (ssl: SSL, sess: SSL_SESSION) => number;
export type SSL_remove_session_cb = (ctx: SSL_CTX, sess: SSL_SESSION) => void;
export type SSL_get_session_cb = (ssl: SSL, id: Uint8Array) => [SSL_SESSION | null, number];

/** `SSL_CTX *`. Opaque: use the functions. */
export class SSL_CTX {
  /** @internal */ refs = 1;
  /** @internal */ freed = false;
  readonly method: SSL_METHOD;
  provider: CryptoProvider = nobleProvider;
  minVersion = 0;
  maxVersion = 0;
  /** TLS 1.3 suites by code point (OpenSSL's default order). */
  cipherSuites: number[] = [0x1302, 0x1303, 0x1301];
  /** TLS 1.2 cipher list as set (kept for `SSL_CTX_set_cipher_list`; TLS 1.2 is not negotiated yet). */
  cipherList: number[] = [];
  groups: number[] | undefined;
  sigalgs: number[] | undefined;
  /** Certificate, key and chain per key type (libssl's `CERT`). */
  certs = new CertSlots();
  /** `SSL_CTX_add_extra_chain_cert`: sent after the leaf of a slot without its own chain. */
  extraCerts: X509[] = [];
  /** The current slot's certificate. */
  get cert(): X509 | undefined {
    return this.certs.slot.x509;
  }
  /** The current slot's private key. */
  get key(): EVP_PKEY | undefined {
    return this.certs.slot.privatekey;
  }
  readonly store = new X509_STORE();
  verifyMode = SSL_VERIFY_NONE;
  verifyCallback: SSL_verify_cb | undefined;
  verifyDepth = -1;
  alpnProtos: Uint8Array | undefined;
  alpnSelect: { cb: SSL_CTX_alpn_select_cb_func; arg: unknown } | undefined;
  servername: { cb: SSL_servername_cb; arg: unknown } | undefined;
  options = (SSL_OP_NO_COMPRESSION | SSL_OP_ENABLE_MIDDLEBOX_COMPAT) >>> 0;
  mode = SSL_MODE_AUTO_RETRY;
  infoCallback: SSL_info_cb | undefined;
  msgCallback: SSL_msg_cb | undefined;
  msgCallbackArg: unknown;
  keylogCallback: SSL_CTX_keylog_cb_func | undefined;
  numTickets = 2;
  /** `SSL_CTX_set_max_send_fragment`: the largest plaintext per record an SSL created afterwards writes. */
  maxSendFragment = 16384;
  /** DER names sent in certificate_authorities (SSL_CTX_set_client_CA_list). */
  clientCAs: X509_NAME[] = [];
  quietShutdown = 0;
  newSessionCb: SSL_new_session_cb | undefined;
  removeSessionCb: SSL_remove_session_cb | undefined;
  getSessionCb: SSL_get_session_cb | undefined;
  /** @internal The connection a cache callback is about (set around engine calls). */
  currentSsl: SSL | undefined;
  /** @internal Server resumptions by ticket (libssl counts them in sess_hits). */
  ticketHits = 0;
  /**
   * @internal The session cache with OpenSSL's modes, statistics and
   * callbacks (@strata/session); its callbacks read the ones set on the
   * context at the time they fire.
   */
  readonly cache: SessionCache;
  #ticketKeys: TicketKeys | undefined;
  exData = new Map<number, unknown>();

  constructor(method: SSL_METHOD) {
    this.method = method;
    const ctx = this;
    // Getters: the cache reads each callback when it fires, so the ones set
    // later on the context apply (and an unset one stays undefined, which the
    // cache's TLS 1.3 storing rule looks at).
    const callbacks = {
      get onNew() {
        const cb = ctx.newSessionCb;
        const ssl = ctx.currentSsl;
        return cb && ssl ? (s: Session) => void cb(ssl, sessionHandle(s)) : undefined;
      },
      get onRemove() {
        const cb = ctx.removeSessionCb;
        return cb ? (s: Session) => cb(ctx, sessionHandle(s)) : undefined;
      },
      get get() {
        const cb = ctx.getSessionCb;
        const ssl = ctx.currentSsl;
        return cb && ssl ? (id: Uint8Array) => cb(ssl, id)[0]?.session : undefined;
      },
    } as SessionCacheCallbacks;
    this.cache = new SessionCache({ callbacks });
  }

  /** @internal The keys stateless tickets are sealed with (made on first use). */
  get ticketKeys(): TicketKeys {
    this.#ticketKeys ??= new TicketKeys({ provider: this.provider });
    return this.#ticketKeys;
  }
}

/** `SSL_CTX_new(method)`. */
export function SSL_CTX_new(method: SSL_METHOD): SSL_CTX {
  bridgeBioErrors();
  return new SSL_CTX(method);
}

export function SSL_CTX_up_ref(ctx: SSL_CTX): number {
  ctx.refs++;
  return 1;
}

export function SSL_CTX_free(ctx: SSL_CTX | null): void {
  if (!ctx) return;
  ctx.refs--;
  if (ctx.refs > 0) return;
  ctx.freed = true;
  ctx.cache.flush(0);
}

export function SSL_CTX_get_ssl_method(ctx: SSL_CTX): SSL_METHOD {
  return ctx.method;
}

const VERSIONS = [0, TLS1_VERSION, TLS1_VERSION + 1, TLS1_2_VERSION, TLS1_3_VERSION];

function validVersion(v: number): boolean {
  return VERSIONS.includes(v);
}

export function SSL_CTX_set_min_proto_version(ctx: SSL_CTX, version: number): number {
  if (!validVersion(version)) return 0;
  ctx.minVersion = version;
  return 1;
}
export function SSL_CTX_set_max_proto_version(ctx: SSL_CTX, version: number): number {
  if (!validVersion(version)) return 0;
  ctx.maxVersion = version;
  return 1;
}
export function SSL_CTX_get_min_proto_version(ctx: SSL_CTX): number {
  return ctx.minVersion;
}
export function SSL_CTX_get_max_proto_version(ctx: SSL_CTX): number {
  return ctx.maxVersion;
}

/** Splits an OpenSSL list on ':' (and ',' or ' ' for cipher strings). */
function listItems(str: string, seps: RegExp): string[] {
  return str
    .split(seps)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const TLS13_NAMES = new Map([
  ['TLS_AES_128_GCM_SHA256', 0x1301],
  ['TLS_AES_256_GCM_SHA384', 0x1302],
  ['TLS_CHACHA20_POLY1305_SHA256', 0x1303],
  ['TLS_AES_128_CCM_SHA256', 0x1304],
  ['TLS_AES_128_CCM_8_SHA256', 0x1305],
]);

/**
 * TLS 1.3 suites from `str` (names case-sensitive, ':'-separated; unknown
 * names skipped as OpenSSL does). Returns the code points the provider
 * implements, or undefined when `str` names none (OpenSSL's 0 + NO_CIPHER_MATCH);
 * an empty string means "no TLS 1.3 suites".
 */
export function parseCiphersuites(provider: CryptoProvider, str: string): number[] | undefined {
  const items = listItems(str, /:/);
  if (items.length === 0) return [];
  const codes: number[] = [];
  let known = 0;
  for (const name of items) {
    const code = TLS13_NAMES.get(name);
    if (code === undefined) continue;
    known++;
    if (provider.cipherSuites.some((s) => s.code === code) && !codes.includes(code)) {
      codes.push(code);
    }
  }
  return known === 0 ? undefined : codes;
}

export function SSL_CTX_set_ciphersuites(ctx: SSL_CTX, str: string): number {
  const codes = parseCiphersuites(ctx.provider, str);
  if (codes === undefined) {
    raiseSsl(SSL_R_NO_CIPHER_MATCH, 'SSL_CTX_set_ciphersuites');
    return 0;
  }
  ctx.cipherSuites = codes;
  return 1;
}

/**
 * TLS 1.2 cipher list: OpenSSL names (or IANA names) of suites the provider
 * implements, ':' ',' or ' ' separated; keywords (`DEFAULT`, `HIGH`,
 * `!aNULL`, `@STRENGTH`…) are accepted and ignored. 0 with NO_CIPHER_MATCH
 * when nothing usable remains.
 */
export function parseCipherList(provider: CryptoProvider, str: string): number[] | undefined {
  const codes: number[] = [];
  let keyword = false;
  for (const item of listItems(str, /[:, ]/)) {
    if (/^[!+\-@]/.test(item) || /^[A-Z0-9]+$/.test(item)) {
      keyword = keyword || /^(DEFAULT|ALL|HIGH|ECDHE|AESGCM|CHACHA20|TLSv1\.2)$/.test(item);
      continue;
    }
    const suite = cipherSuiteByName(provider, item);
    if (suite && suite.version !== 'TLS1.3' && !codes.includes(suite.code)) codes.push(suite.code);
  }
  if (codes.length === 0 && keyword) {
    for (const s of provider.cipherSuites) if (s.version !== 'TLS1.3') codes.push(s.code);
  }
  return codes.length === 0 ? undefined : codes;
}

export function SSL_CTX_set_cipher_list(ctx: SSL_CTX, str: string): number {
  const codes = parseCipherList(ctx.provider, str);
  if (codes === undefined) {
    raiseSsl(SSL_R_NO_CIPHER_MATCH, 'SSL_CTX_set_cipher_list');
    return 0;
  }
  ctx.cipherList = codes;
  return 1;
}

/** Groups by OpenSSL or IANA name; any unknown name fails the whole list (OpenSSL 3.0). */
export function parseGroups(provider: CryptoProvider, str: string): number[] | undefined {
  const items = listItems(str, /:/);
  if (items.length === 0) return undefined;
  const codes: number[] = [];
  for (const name of items) {
    const g = groupByName(provider, name);
    if (!g) return undefined;
    if (!codes.includes(g.code)) codes.push(g.code);
  }
  return codes;
}

export function SSL_CTX_set1_groups_list(ctx: SSL_CTX, str: string): number {
  const codes = parseGroups(ctx.provider, str);
  if (codes === undefined) {
    if (listItems(str, /:/).length > 0) {
      ERR_raise(ERR_LIB_SSL, ERR_R_PASSED_INVALID_ARGUMENT, 'SSL_CTX_set1_groups_list');
    }
    return 0;
  }
  ctx.groups = codes;
  return 1;
}
export const SSL_CTX_set1_curves_list = SSL_CTX_set1_groups_list;

/** Signature algorithms by OpenSSL (`ECDSA+SHA256`) or IANA name; any unknown fails silently with 0. */
export function parseSigalgs(provider: CryptoProvider, str: string): number[] | undefined {
  const items = listItems(str, /:/);
  if (items.length === 0) return undefined;
  const codes: number[] = [];
  for (const name of items) {
    const s = signatureSchemeByName(provider, name);
    if (!s) return undefined;
    if (!codes.includes(s.code)) codes.push(s.code);
  }
  return codes;
}

export function SSL_CTX_set1_sigalgs_list(ctx: SSL_CTX, str: string): number {
  const codes = parseSigalgs(ctx.provider, str);
  if (codes === undefined) return 0;
  ctx.sigalgs = codes;
  return 1;
}

/**
 * `ssl_set_cert`: the leaf goes to the slot of its key type, which becomes
 * current; a key already in that slot that does not match is dropped.
 * 0 with SSL_R_UNKNOWN_CERTIFICATE_TYPE for a key type without a slot.
 */
export function setCert(slots: CertSlots, x: X509, provider: CryptoProvider, func: string): number {
  const i = slotOfCertificate(x);
  if (i < 0) {
    raiseSsl(SSL_R_UNKNOWN_CERTIFICATE_TYPE, func);
    return 0;
  }
  const slot = slots.pkeys[i]!;
  if (slot.privatekey && !keyMatches(provider, x, slot.privatekey)) slot.privatekey = undefined;
  slot.x509 = x;
  x.refs++;
  slots.current = i;
  return 1;
}

/**
 * `ssl_set_pkey`: the key goes to the slot of its type, which becomes current;
 * 0 with X509_R_KEY_VALUES_MISMATCH when that slot's certificate is another key's.
 */
export function setKey(
  slots: CertSlots,
  k: EVP_PKEY,
  provider: CryptoProvider,
  func: string,
): number {
  const i = slotOfKey(k);
  if (i < 0) {
    raiseSsl(SSL_R_UNKNOWN_CERTIFICATE_TYPE, func);
    return 0;
  }
  const slot = slots.pkeys[i]!;
  if (slot.x509 && !keyMatches(provider, slot.x509, k)) {
    ERR_raise(ERR_LIB_X509, X509_R_KEY_VALUES_MISMATCH, 'X509_check_private_key');
    return 0;
  }
  slot.privatekey = k;
  k.refs++;
  slots.current = i;
  return 1;
}

/** `*_check_private_key` on the current slot. */
export function checkCurrentKey(slots: CertSlots, provider: CryptoProvider, func: string): number {
  const { x509, privatekey } = slots.slot;
  if (!x509) {
    raiseSsl(SSL_R_NO_CERTIFICATE_ASSIGNED, func);
    return 0;
  }
  if (!privatekey) {
    raiseSsl(SSL_R_NO_PRIVATE_KEY_ASSIGNED, func);
    return 0;
  }
  if (!keyMatches(provider, x509, privatekey)) {
    ERR_raise(ERR_LIB_X509, X509_R_KEY_VALUES_MISMATCH, 'X509_check_private_key');
    return 0;
  }
  return 1;
}

/** `SSL_CTX_use_certificate`: the leaf, into the slot of its key type (made current). */
export function SSL_CTX_use_certificate(ctx: SSL_CTX, x: X509): number {
  return setCert(ctx.certs, x, ctx.provider, 'SSL_CTX_use_certificate');
}

/** `SSL_CTX_use_PrivateKey`: into the slot of its type; 0 with X509_R_KEY_VALUES_MISMATCH when that slot's certificate is another key's. */
export function SSL_CTX_use_PrivateKey(ctx: SSL_CTX, pkey: EVP_PKEY): number {
  return setKey(ctx.certs, pkey, ctx.provider, 'SSL_CTX_use_PrivateKey');
}

function keyMatches(provider: CryptoProvider, x: X509, k: EVP_PKEY): boolean {
  try {
    return checkPrivateKey(x.cert, k.key, provider);
  } catch {
    return false;
  }
}

/** `SSL_CTX_check_private_key`: 1 when the current slot has a certificate and its private key. */
export function SSL_CTX_check_private_key(ctx: SSL_CTX): number {
  return checkCurrentKey(ctx.certs, ctx.provider, 'SSL_CTX_check_private_key');
}

/** `SSL_CTX_get0_certificate`: the current slot's certificate. */
export function SSL_CTX_get0_certificate(ctx: SSL_CTX): X509 | null {
  return ctx.certs.slot.x509 ?? null;
}
/** `SSL_CTX_get0_privatekey`: the current slot's key. */
export function SSL_CTX_get0_privatekey(ctx: SSL_CTX): EVP_PKEY | null {
  return ctx.certs.slot.privatekey ?? null;
}

/** `SSL_CTX_select_current_cert`: makes the slot holding `x` current; 0 when none does. */
export function SSL_CTX_select_current_cert(ctx: SSL_CTX, x: X509): number {
  return selectCert(ctx.certs, x);
}
export function selectCert(slots: CertSlots, x: X509): number {
  const i = slots.pkeys.findIndex((p) => p.x509 === x);
  if (i < 0) return 0;
  slots.current = i;
  return 1;
}

/** `SSL_CTX_set_current_cert(ctx, SSL_CERT_SET_FIRST | SSL_CERT_SET_NEXT)`: walks the filled slots. */
export function SSL_CTX_set_current_cert(ctx: SSL_CTX, op: number): number {
  return setCurrentCert(ctx.certs, op);
}
export function setCurrentCert(slots: CertSlots, op: number): number {
  if (op !== SSL_CERT_SET_FIRST && op !== SSL_CERT_SET_NEXT) return 0;
  const from = op === SSL_CERT_SET_FIRST ? 0 : slots.current + 1;
  for (let i = from; i < SSL_PKEY_NUM; i++) {
    if (slots.pkeys[i]!.x509 && slots.pkeys[i]!.privatekey) {
      slots.current = i;
      return 1;
    }
  }
  return 0;
}

/** `SSL_CTX_add_extra_chain_cert`: an intermediate sent after the leaf of any slot without its own chain. */
export function SSL_CTX_add_extra_chain_cert(ctx: SSL_CTX, x: X509): number {
  ctx.extraCerts.push(x);
  return 1;
}
/** `SSL_CTX_clear_extra_chain_certs`. */
export function SSL_CTX_clear_extra_chain_certs(ctx: SSL_CTX): number {
  ctx.extraCerts = [];
  return 1;
}

/** `SSL_CTX_add0_chain_cert`: an intermediate of the current slot. */
export function SSL_CTX_add0_chain_cert(ctx: SSL_CTX, x: X509): number {
  ctx.certs.slot.chain.push(x);
  return 1;
}
/** `SSL_CTX_add1_chain_cert`: as add0, taking a reference. */
export function SSL_CTX_add1_chain_cert(ctx: SSL_CTX, x: X509): number {
  x.refs++;
  return SSL_CTX_add0_chain_cert(ctx, x);
}

/** `SSL_CTX_clear_chain_certs`: the current slot's chain. */
export function SSL_CTX_clear_chain_certs(ctx: SSL_CTX): number {
  ctx.certs.slot.chain = [];
  return 1;
}

/** `SSL_CTX_get_cert_store`. */
export function SSL_CTX_get_cert_store(ctx: SSL_CTX): X509_STORE {
  return ctx.store;
}

/** In-memory form of `SSL_CTX_load_verify_locations`: trust every certificate of `pem` (Strata extension). */
export function strata_SSL_CTX_load_verify_pem(ctx: SSL_CTX, pem: string | Uint8Array): number {
  try {
    return ctx.store.store.addPem(pem) > 0 ? 1 : 0;
  } catch {
    ERR_raise(ERR_LIB_X509, 0x80000 | 13, 'strata_SSL_CTX_load_verify_pem');
    return 0;
  }
}

export function SSL_CTX_set_verify(
  ctx: SSL_CTX,
  mode: number,
  cb: SSL_verify_cb | null = null,
): void {
  ctx.verifyMode = mode;
  ctx.verifyCallback = cb ?? undefined;
}
export function SSL_CTX_get_verify_mode(ctx: SSL_CTX): number {
  return ctx.verifyMode;
}
export function SSL_CTX_get_verify_callback(ctx: SSL_CTX): SSL_verify_cb | null {
  return ctx.verifyCallback ?? null;
}
export function SSL_CTX_set_verify_depth(ctx: SSL_CTX, depth: number): void {
  ctx.verifyDepth = depth;
}
export function SSL_CTX_get_verify_depth(ctx: SSL_CTX): number {
  return ctx.verifyDepth;
}

/**
 * `SSL_CTX_set_alpn_protos(ctx, protos, len)`: the wire format (length-prefixed
 * names). Returns 0 on success and 1 on failure, as OpenSSL does.
 */
export function SSL_CTX_set_alpn_protos(
  ctx: SSL_CTX,
  protos: Uint8Array,
  len = protos.length,
): number {
  const p = protos.subarray(0, len);
  if (len === 0) {
    ctx.alpnProtos = undefined;
    return 0;
  }
  if (parseAlpnWire(p) === undefined) return 1;
  ctx.alpnProtos = p.slice();
  return 0;
}

/** Decodes ALPN wire format; undefined when malformed. */
export function parseAlpnWire(p: Uint8Array): string[] | undefined {
  const out: string[] = [];
  const dec = new TextDecoder('latin1');
  for (let i = 0; i < p.length; ) {
    const n = p[i]!;
    if (n === 0 || i + 1 + n > p.length) return undefined;
    out.push(dec.decode(p.subarray(i + 1, i + 1 + n)));
    i += 1 + n;
  }
  return out;
}

export function SSL_CTX_set_alpn_select_cb(
  ctx: SSL_CTX,
  cb: SSL_CTX_alpn_select_cb_func | null,
  arg: unknown = null,
): void {
  ctx.alpnSelect = cb ? { cb, arg } : undefined;
}

export function SSL_CTX_set_tlsext_servername_callback(
  ctx: SSL_CTX,
  cb: SSL_servername_cb | null,
): number {
  ctx.servername = cb ? { cb, arg: ctx.servername?.arg ?? null } : undefined;
  return 1;
}
export function SSL_CTX_set_tlsext_servername_arg(ctx: SSL_CTX, arg: unknown): number {
  if (ctx.servername) ctx.servername = { cb: ctx.servername.cb, arg };
  else ctx.servername = { cb: () => 0, arg };
  return 1;
}

/** `SSL_select_next_proto`-free helper: OpenSSL's `SSL_select_next_proto(out, server, client)`. */
export function SSL_select_next_proto(
  server: Uint8Array,
  client: Uint8Array,
): [number, Uint8Array] {
  const s = parseAlpnWire(server) ?? [];
  const c = parseAlpnWire(client) ?? [];
  const enc = new TextEncoder();
  for (const p of s) if (c.includes(p)) return [1, enc.encode(p)];
  return [2, enc.encode(c[0] ?? '')];
}

export function SSL_CTX_set_options(ctx: SSL_CTX, op: number): number {
  ctx.options = (ctx.options | op) >>> 0;
  return ctx.options;
}
export function SSL_CTX_clear_options(ctx: SSL_CTX, op: number): number {
  ctx.options = (ctx.options & ~op) >>> 0;
  return ctx.options;
}
export function SSL_CTX_get_options(ctx: SSL_CTX): number {
  return ctx.options;
}
export function SSL_CTX_set_mode(ctx: SSL_CTX, mode: number): number {
  ctx.mode = (ctx.mode | mode) >>> 0;
  return ctx.mode;
}
export function SSL_CTX_clear_mode(ctx: SSL_CTX, mode: number): number {
  ctx.mode = (ctx.mode & ~mode) >>> 0;
  return ctx.mode;
}
export function SSL_CTX_get_mode(ctx: SSL_CTX): number {
  return ctx.mode;
}

export function SSL_CTX_set_info_callback(ctx: SSL_CTX, cb: SSL_info_cb | null): void {
  ctx.infoCallback = cb ?? undefined;
}
export function SSL_CTX_get_info_callback(ctx: SSL_CTX): SSL_info_cb | null {
  return ctx.infoCallback ?? null;
}
export function SSL_CTX_set_msg_callback(ctx: SSL_CTX, cb: SSL_msg_cb | null): void {
  ctx.msgCallback = cb ?? undefined;
}
export function SSL_CTX_set_msg_callback_arg(ctx: SSL_CTX, arg: unknown): void {
  ctx.msgCallbackArg = arg;
}
export function SSL_CTX_set_keylog_callback(ctx: SSL_CTX, cb: SSL_CTX_keylog_cb_func | null): void {
  ctx.keylogCallback = cb ?? undefined;
}
export function SSL_CTX_get_keylog_callback(ctx: SSL_CTX): SSL_CTX_keylog_cb_func | null {
  return ctx.keylogCallback ?? null;
}

/** `SSL_CTX_set_client_CA_list`: the CA names a server lists in its CertificateRequest. */
export function SSL_CTX_set_client_CA_list(ctx: SSL_CTX, names: readonly X509_NAME[]): void {
  ctx.clientCAs = [...names];
}
/** `SSL_CTX_add_client_CA`: adds the subject of `cacert` to that list. */
export function SSL_CTX_add_client_CA(ctx: SSL_CTX, cacert: X509): number {
  ctx.clientCAs.push(cacert.cert.subject);
  return 1;
}
export function SSL_CTX_get_client_CA_list(ctx: SSL_CTX): X509_NAME[] {
  return [...ctx.clientCAs];
}

export function SSL_CTX_set_num_tickets(ctx: SSL_CTX, n: number): number {
  ctx.numTickets = n;
  return 1;
}
/**
 * `SSL_CTX_set_max_send_fragment(ctx, m)`: 1, or 0 when `m` is outside
 * [512, 16384]. As libssl, an SSL copies the value when it is created.
 */
export function SSL_CTX_set_max_send_fragment(ctx: SSL_CTX, m: number): number {
  if (!Number.isInteger(m) || m < 512 || m > 16384) return 0;
  ctx.maxSendFragment = m;
  return 1;
}

export function SSL_CTX_get_num_tickets(ctx: SSL_CTX): number {
  return ctx.numTickets;
}

export function SSL_CTX_set_quiet_shutdown(ctx: SSL_CTX, mode: number): void {
  ctx.quietShutdown = mode;
}
export function SSL_CTX_get_quiet_shutdown(ctx: SSL_CTX): number {
  return ctx.quietShutdown;
}

/** `SSL_CTX_set_session_cache_mode`: returns the previous mode. */
export function SSL_CTX_set_session_cache_mode(ctx: SSL_CTX, mode: number): number {
  return ctx.cache.setMode(mode);
}
export function SSL_CTX_get_session_cache_mode(ctx: SSL_CTX): number {
  return ctx.cache.mode;
}
/** `SSL_CTX_set_timeout`: returns the previous timeout (seconds). */
export function SSL_CTX_set_timeout(ctx: SSL_CTX, t: number): number {
  return ctx.cache.setTimeout(t);
}
export function SSL_CTX_get_timeout(ctx: SSL_CTX): number {
  return ctx.cache.timeoutSeconds;
}
export function SSL_CTX_sess_set_cache_size(ctx: SSL_CTX, t: number): number {
  return ctx.cache.setMaxSize(t);
}
export function SSL_CTX_sess_get_cache_size(ctx: SSL_CTX): number {
  return ctx.cache.maxSize;
}
export function SSL_CTX_sess_set_new_cb(ctx: SSL_CTX, cb: SSL_new_session_cb | null): void {
  ctx.newSessionCb = cb ?? undefined;
}
export function SSL_CTX_sess_set_remove_cb(ctx: SSL_CTX, cb: SSL_remove_session_cb | null): void {
  ctx.removeSessionCb = cb ?? undefined;
}
export function SSL_CTX_sess_set_get_cb(ctx: SSL_CTX, cb: SSL_get_session_cb | null): void {
  ctx.getSessionCb = cb ?? undefined;
}
export function SSL_CTX_sess_get_new_cb(ctx: SSL_CTX): SSL_new_session_cb | null {
  return ctx.newSessionCb ?? null;
}
export function SSL_CTX_sess_get_remove_cb(ctx: SSL_CTX): SSL_remove_session_cb | null {
  return ctx.removeSessionCb ?? null;
}

const stat = (ctx: SSL_CTX) => ctx.cache.stats();

export function SSL_CTX_sess_number(ctx: SSL_CTX): number {
  return ctx.cache.size;
}
export function SSL_CTX_sess_connect(ctx: SSL_CTX): number {
  return stat(ctx).sess_connect;
}
export function SSL_CTX_sess_connect_good(ctx: SSL_CTX): number {
  return stat(ctx).sess_connect_good;
}
export function SSL_CTX_sess_connect_renegotiate(ctx: SSL_CTX): number {
  return stat(ctx).sess_connect_renegotiate;
}
export function SSL_CTX_sess_accept(ctx: SSL_CTX): number {
  return stat(ctx).sess_accept;
}
export function SSL_CTX_sess_accept_good(ctx: SSL_CTX): number {
  return stat(ctx).sess_accept_good;
}
export function SSL_CTX_sess_accept_renegotiate(ctx: SSL_CTX): number {
  return stat(ctx).sess_accept_renegotiate;
}
export function SSL_CTX_sess_hits(ctx: SSL_CTX): number {
  return stat(ctx).sess_hits + ctx.ticketHits;
}
export function SSL_CTX_sess_cb_hits(ctx: SSL_CTX): number {
  return stat(ctx).sess_cb_hits;
}
export function SSL_CTX_sess_misses(ctx: SSL_CTX): number {
  return stat(ctx).sess_misses;
}
export function SSL_CTX_sess_timeouts(ctx: SSL_CTX): number {
  return stat(ctx).sess_timeouts;
}
export function SSL_CTX_sess_cache_full(ctx: SSL_CTX): number {
  return stat(ctx).sess_cache_full;
}

/** `SSL_CTX_add_session`: 1 when added, 0 when a session with its id was already there. */
export function SSL_CTX_add_session(ctx: SSL_CTX, s: SSL_SESSION): number {
  return ctx.cache.add(s.session) ? 1 : 0;
}

/** `SSL_CTX_remove_session`: 1 when it was in the cache (the remove callback runs either way). */
export function SSL_CTX_remove_session(ctx: SSL_CTX, s: SSL_SESSION): number {
  return ctx.cache.remove(s.session) ? 1 : 0;
}

/** `SSL_CTX_flush_sessions(ctx, tm)`: removes the sessions expired at `tm` (seconds; 0: all). */
export function SSL_CTX_flush_sessions(ctx: SSL_CTX, tm: number): void {
  ctx.cache.flush(tm * 1000);
}

export function SSL_CTX_set_ex_data(ctx: SSL_CTX, idx: number, data: unknown): number {
  ctx.exData.set(idx, data);
  return 1;
}
export function SSL_CTX_get_ex_data(ctx: SSL_CTX, idx: number): unknown {
  return ctx.exData.get(idx) ?? null;
}
