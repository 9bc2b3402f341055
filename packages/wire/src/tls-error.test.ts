import { describe, expect, it } from 'vitest';
import { AlertDescription, alertName, describeAlert } from './alert.js';
import { openEnum } from './open-enum.js';
import { isTlsError, TlsError, toTlsError } from './tls-error.js';

describe('TlsError', () => {
  it('carries the alert, its code point and a tls: message', () => {
    const error = new TlsError('bad_record_mac', 'RECORD_BAD_MAC', 'record failed authentication');
    expect(error.alert).toBe('bad_record_mac');
    expect(error.alertCode).toBe(20);
    expect(error.message).toBe('tls: record failed authentication');
    expect(isTlsError(error)).toBe(true);
  });

  it('maps foreign exceptions to internal_error', () => {
    const mapped = toTlsError(new RangeError('offset out of bounds'));
    expect(mapped.alert).toBe('internal_error');
    expect(mapped.alertCode).toBe(80);
    const same = new TlsError('decode_error', 'X', 'tls: x');
    expect(toTlsError(same)).toBe(same);
  });
});

describe('alert table', () => {
  it('matches RFC 8446 §6 code points', () => {
    expect(AlertDescription.decode_error).toBe(50);
    expect(AlertDescription.missing_extension).toBe(109);
    expect(AlertDescription.certificate_required).toBe(116);
    expect(AlertDescription.no_application_protocol).toBe(120);
    expect(alertName(47)).toBe('illegal_parameter');
    expect(alertName(200)).toBeUndefined();
    expect(describeAlert(200)).toBe('alert(200)');
  });
});

describe('openEnum', () => {
  it('names known values and keeps unknown ones', () => {
    const Suite = openEnum({ TLS_AES_128_GCM_SHA256: 0x1301 }, { hex: true });
    expect(Suite.TLS_AES_128_GCM_SHA256).toBe(0x1301);
    expect(Suite.name(0x1301)).toBe('TLS_AES_128_GCM_SHA256');
    expect(Suite.name(0x0a0a)).toBe('unknown(0x0a0a)');
    expect(Suite.has(0x1301)).toBe(true);
    expect(Suite.has(0x1302)).toBe(false);
  });
});
