/** OpenSSL 3.0's alert and state strings (ssl/ssl_stat.c). */

const ALERTS: ReadonlyMap<number, readonly [string, string]> = /* @__PURE__ */ new Map([
  [0, ['CN', 'close notify']],
  [10, ['UM', 'unexpected_message']],
  [20, ['BM', 'bad record mac']],
  [21, ['DC', 'decryption failed']],
  [22, ['RO', 'record overflow']],
  [30, ['DF', 'decompression failure']],
  [40, ['HF', 'handshake failure']],
  [41, ['NC', 'no certificate']],
  [42, ['BC', 'bad certificate']],
  [43, ['UC', 'unsupported certificate']],
  [44, ['CR', 'certificate revoked']],
  [45, ['CE', 'certificate expired']],
  [46, ['CU', 'certificate unknown']],
  [47, ['IP', 'illegal parameter']],
  [48, ['CA', 'unknown CA']],
  [49, ['AD', 'access denied']],
  [50, ['DE', 'decode error']],
  [51, ['CY', 'decrypt error']],
  [60, ['ER', 'export restriction']],
  [70, ['PV', 'protocol version']],
  [71, ['IS', 'insufficient security']],
  [80, ['IE', 'internal error']],
  [90, ['US', 'user canceled']],
  [100, ['NR', 'no renegotiation']],
  [110, ['UE', 'unsupported extension']],
  [111, ['CO', 'certificate unobtainable']],
  [112, ['UN', 'unrecognized name']],
  [113, ['BR', 'bad certificate status response']],
  [114, ['BH', 'bad certificate hash value']],
  [115, ['UP', 'unknown PSK identity']],
  // 3.0 has a long name for no_application_protocol but no short one.
  [120, ['UK', 'no application protocol']],
]);

/** `SSL_alert_type_string(value)`: `W`, `F` or `U` for `(level << 8) | desc`. */
export function SSL_alert_type_string(value: number): string {
  const level = value >> 8;
  return level === 1 ? 'W' : level === 2 ? 'F' : 'U';
}

export function SSL_alert_type_string_long(value: number): string {
  const level = value >> 8;
  return level === 1 ? 'warning' : level === 2 ? 'fatal' : 'unknown';
}

export function SSL_alert_desc_string(value: number): string {
  return ALERTS.get(value & 0xff)?.[0] ?? 'UK';
}

export function SSL_alert_desc_string_long(value: number): string {
  return ALERTS.get(value & 0xff)?.[1] ?? 'unknown';
}

/** Short and long names of the `TLS_ST_*` states this package reports. */
export const STATE_STRINGS: ReadonlyMap<number, readonly [string, string]> =
  /* @__PURE__ */ new Map([
    [0, ['PINIT', 'before SSL initialization']],
    [1, ['SSLOK', 'SSL negotiation finished successfully']],
    [3, ['TRSH', 'SSLv3/TLS read server hello']],
    [4, ['TRSC', 'SSLv3/TLS read server certificate']],
    [11, ['TRFIN', 'SSLv3/TLS read finished']],
    [12, ['TWCH', 'SSLv3/TLS write client hello']],
    [13, ['TWCC', 'SSLv3/TLS write client certificate']],
    [15, ['TWCV', 'SSLv3/TLS write certificate verify']],
    [18, ['TWFIN', 'SSLv3/TLS write finished']],
    [20, ['TRCH', 'SSLv3/TLS read client hello']],
    [22, ['TWSH', 'SSLv3/TLS write server hello']],
    [23, ['TWSC', 'SSLv3/TLS write certificate']],
    [27, ['TRCC', 'SSLv3/TLS read client certificate']],
    [29, ['TRCV', 'SSLv3/TLS read certificate verify']],
    [32, ['TRFIN', 'SSLv3/TLS read finished']],
    [36, ['TWFIN', 'SSLv3/TLS write finished']],
    [37, ['TWEE', 'SSLv3/TLS write encrypted extensions']],
    [38, ['TREE', 'SSLv3/TLS read encrypted extensions']],
    [39, ['TRSCV', 'SSLv3/TLS read server certificate verify']],
    [40, ['TWSCV', 'SSLv3/TLS write server certificate verify']],
    [46, ['TED', 'TLSv1.3 early data']],
  ]);
