// The BIO pair example of README.md, with its comments turned into assertions.
import { expect, it } from 'vitest';
import {
  BIO_ctrl_get_read_request,
  BIO_ctrl_get_write_guarantee,
  BIO_ctrl_pending,
  BIO_free,
  BIO_new_bio_pair,
  BIO_read,
  BIO_should_read,
  BIO_should_retry,
  BIO_shutdown_wr,
  BIO_write,
} from './index.js';

it('runs the README BIO pair example', () => {
  const [, inner, outer] = BIO_new_bio_pair(0, 0);

  const header = new Uint8Array(5);
  expect(BIO_read(inner, header)).toBe(-1);
  expect(BIO_should_retry(inner)).not.toBe(0);
  expect(BIO_should_read(inner)).not.toBe(0);
  expect(BIO_ctrl_get_read_request(outer)).toBe(5);

  const fromWire = Uint8Array.of(0x16, 0x03, 0x03, 0x00, 0x02, 0x01, 0x00);
  const room = BIO_ctrl_get_write_guarantee(outer);
  expect(room).toBe(17408);
  expect(BIO_write(outer, fromWire, Math.min(room, fromWire.length))).toBe(7);
  expect(BIO_read(inner, header)).toBe(5);
  expect([...header]).toEqual([0x16, 0x03, 0x03, 0x00, 0x02]);

  expect(BIO_write(inner, Uint8Array.of(0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x00))).toBe(7);
  const toWire = new Uint8Array(BIO_ctrl_pending(outer));
  expect(toWire.length).toBe(7);
  expect(BIO_read(outer, toWire)).toBe(7);
  expect(toWire[0]).toBe(0x15);

  BIO_shutdown_wr(outer);
  const rest = new Uint8Array(16);
  expect(BIO_read(inner, rest)).toBe(2);
  expect(BIO_read(inner, rest)).toBe(0);

  BIO_free(inner);
  BIO_free(outer);
});
