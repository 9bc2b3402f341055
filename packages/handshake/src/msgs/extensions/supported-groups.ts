import { type Reader, vector, type Writer } from '@strata/wire';
import type { NamedGroup } from '../codes.js';
import type { ExtensionCodec } from './codec.js';

/** `NamedGroup named_group_list<2..2^16-1>`, RFC 8446 §4.2.7. */
const NAMED_GROUP_LIST = /* @__PURE__ */ vector(2, 2, 0xffff);

/**
 * RFC 8446 §4.2.7, in ClientHello and EncryptedExtensions. Unknown and GREASE
 * groups are kept.
 *
 *   struct { NamedGroup named_group_list<2..2^16-1>; } NamedGroupList;
 */
export const namedGroupListCodec: ExtensionCodec<readonly NamedGroup[]> = {
  decode: (r: Reader) => r.list(NAMED_GROUP_LIST, 'named_group_list', (r) => r.u16('NamedGroup')),
  encode(w: Writer, groups: readonly NamedGroup[]) {
    w.prefixed(NAMED_GROUP_LIST, (w) => {
      for (const g of groups) w.u16(g);
    });
  },
};
