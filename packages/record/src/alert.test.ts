import { isTlsError } from '@strata/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tlsErrorOf } from '../test/helpers.js';
import { alertLevelFor, classifyAlert, decodeAlert, encodeAlert } from './alert.js';

describe('alerts', () => {
  it('round-trips any alert, and decodes nothing but 2 bytes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        (level, description) => {
          expect(decodeAlert(encodeAlert({ level, description }))).toEqual({ level, description });
        },
      ),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 10 }), (bytes) => {
        try {
          expect(decodeAlert(bytes)).toBeDefined();
          expect(bytes.length).toBe(2);
        } catch (error) {
          expect(isTlsError(error) && error.alert === 'decode_error').toBe(true);
        }
      }),
    );
  });

  it('TLS 1.3: everything but close_notify and user_canceled is fatal, whatever the level', () => {
    expect(classifyAlert({ level: 1, description: 0 }, 'TLS1.3').kind).toBe('close_notify');
    expect(classifyAlert({ level: 2, description: 0 }, 'TLS1.3').kind).toBe('close_notify');
    expect(classifyAlert({ level: 1, description: 90 }, 'TLS1.3').kind).toBe('user_canceled');
    expect(classifyAlert({ level: 1, description: 40 }, 'TLS1.3').kind).toBe('fatal');
    expect(classifyAlert({ level: 1, description: 112 }, 'TLS1.3').kind).toBe('fatal');
    expect(classifyAlert({ level: 7, description: 250 }, 'TLS1.3')).toMatchObject({
      kind: 'fatal',
      name: 'alert(250)',
    });
  });

  it('TLS 1.2: the level decides; warnings are surfaced; unknown levels are illegal', () => {
    expect(classifyAlert({ level: 1, description: 112 }, 'TLS1.2')).toMatchObject({
      kind: 'warning',
      name: 'unrecognized_name',
    });
    expect(classifyAlert({ level: 1, description: 100 }, 'TLS1.2').kind).toBe('no_renegotiation');
    expect(classifyAlert({ level: 1, description: 100 }, 'TLS1.3').kind).toBe('fatal');
    expect(classifyAlert({ level: 2, description: 112 }, 'TLS1.2').kind).toBe('fatal');
    expect(classifyAlert({ level: 2, description: 0 }, 'TLS1.2').kind).toBe('close_notify');
    expect(tlsErrorOf(() => classifyAlert({ level: 3, description: 40 }, 'TLS1.2'))).toMatchObject({
      alert: 'illegal_parameter',
    });
  });

  it('sends closure alerts as warnings and errors as fatal', () => {
    expect(alertLevelFor(0, 'TLS1.3')).toBe(1);
    expect(alertLevelFor(90, 'TLS1.3')).toBe(1);
    expect(alertLevelFor(100, 'TLS1.3')).toBe(2);
    expect(alertLevelFor(100, 'TLS1.2')).toBe(1);
    expect(alertLevelFor(20, 'TLS1.2')).toBe(2);
  });
});
