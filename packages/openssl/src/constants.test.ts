import { describe, expect, it } from 'vitest';
import { parseConstantsOutput } from '../scripts/gen-constants.mjs';
import { cUnavailable, runC } from '../test/c/compile.js';
import * as constants from './constants.js';

describe('constants', () => {
  it('has the values DESIGN.md quotes', () => {
    expect(constants.SSL_ERROR_WANT_READ).toBe(2);
    expect(constants.SSL_SENT_SHUTDOWN).toBe(1);
    expect(constants.SSL_RECEIVED_SHUTDOWN).toBe(2);
    expect(constants.TLS1_3_VERSION).toBe(0x0304);
    expect(constants.SSL_VERIFY_PEER).toBe(1);
    expect(constants.ERR_LIB_SSL).toBe(20);
    expect(constants.SSL_R_CERTIFICATE_VERIFY_FAILED).toBe(134);
    expect(constants.SSL_R_NO_SHARED_CIPHER).toBe(193);
    expect(constants.SSL_R_PROTOCOL_IS_SHUTDOWN).toBe(207);
    expect(constants.SSL_R_UNEXPECTED_EOF_WHILE_READING).toBe(294);
  });

  it.skipIf(cUnavailable !== undefined)(
    `equal libssl's, name for name, with its reason strings${cUnavailable ? ` (skipped: ${cUnavailable})` : ''}`,
    () => {
      const out = runC('constants');
      const { constants: cs, reasons } = parseConstantsOutput(out);
      const table = constants as unknown as Record<string, number>;
      expect(cs.length).toBeGreaterThan(150);
      for (const [name, value] of cs) expect([name, table[name]]).toEqual([name, value]);
      for (const [name, value, text] of reasons) {
        expect([name, table[name]]).toEqual([name, value]);
        if (text !== '(null)') expect(constants.SSL_REASON_STRINGS.get(value)).toBe(text);
      }
      for (const line of out.split('\n').filter((l) => l.startsWith('H '))) {
        const [, name, value] = line.split(' ');
        expect([name, table[name!]]).toEqual([name, Number(value)]);
      }
    },
  );
});
