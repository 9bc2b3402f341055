import { SSL_alert_desc_string_long } from '@strata/openssl';

/** `close_notify`, as `openssl s_client -msg` names alerts. */
function alertName(description: number): string {
  return SSL_alert_desc_string_long(description).replace(/ /g, '_');
}

/** `-msg` lines in `openssl s_client -msg`'s form: `>>> TLS 1.3, Handshake [length 00c4], ClientHello`. */

const CONTENT: Record<number, string> = {
  20: 'ChangeCipherSpec',
  21: 'Alert',
  22: 'Handshake',
  23: 'ApplicationData',
  256: 'RecordHeader',
  257: 'InnerContent',
};

const HANDSHAKE: Record<number, string> = {
  1: 'ClientHello',
  2: 'ServerHello',
  4: 'NewSessionTicket',
  5: 'EndOfEarlyData',
  8: 'EncryptedExtensions',
  11: 'Certificate',
  13: 'CertificateRequest',
  15: 'CertificateVerify',
  20: 'Finished',
  24: 'KeyUpdate',
};

export function describeMsg(
  writeP: number,
  version: number,
  contentType: number,
  buf: Uint8Array,
): string {
  const dir = writeP ? '>>>' : '<<<';
  const v =
    version === 0x0304 ? 'TLS 1.3' : version === 0x0303 ? 'TLS 1.2' : `0x${version.toString(16)}`;
  const length = buf.length.toString(16).padStart(4, '0');
  let what = '';
  if (contentType === 22 && buf.length > 0)
    what = `, ${HANDSHAKE[buf[0]!] ?? `unknown (${buf[0]})`}`;
  if (contentType === 21 && buf.length >= 2) {
    what = `, ${buf[0] === 2 ? 'fatal' : 'warning'} ${alertName(buf[1]!)}`;
  }
  const head = `${dir} ${v}, ${CONTENT[contentType] ?? `content type ${contentType}`} [length ${length}]${what}`;
  const hex: string[] = [];
  for (let i = 0; i < buf.length; i += 16) {
    hex.push(
      `    ${Array.from(buf.subarray(i, i + 16), (b) => b.toString(16).padStart(2, '0')).join(' ')}`,
    );
  }
  return [head, ...hex].join('\n');
}
