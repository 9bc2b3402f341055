import { type Reader, TlsError, vector, type Writer } from '@strata/wire';
import { NameType } from '../codes.js';
import type { ExtensionCodec } from './codec.js';

/** `opaque HostName<1..2^16-1>`, RFC 6066 §3. */
const HOST_NAME = /* @__PURE__ */ vector(2, 1, 0xffff);
/** `ServerName server_name_list<1..2^16-1>`, RFC 6066 §3. */
const SERVER_NAME_LIST = /* @__PURE__ */ vector(2, 1, 0xffff);

/**
 * RFC 6066 §3. Every name type is read as a HostName-shaped vector, as all
 * deployed implementations do, so unknown types are kept.
 *
 *   struct { NameType name_type; select (name_type) { case host_name: HostName; } name; } ServerName;
 */
export interface ServerName {
  readonly nameType: number;
  readonly name: Uint8Array;
}

/**
 * The ClientHello form, RFC 6066 §3. "The ServerNameList MUST NOT contain
 * more than one name of the same name_type": a repeat is `illegal_parameter`.
 *
 *   struct { ServerName server_name_list<1..2^16-1> } ServerNameList;
 */
export const serverNameListCodec: ExtensionCodec<readonly ServerName[]> = {
  decode(r: Reader) {
    const names = r.list(SERVER_NAME_LIST, 'server_name_list', (r) => ({
      nameType: r.u8('ServerName.name_type'),
      name: r.vector(HOST_NAME, 'ServerName.name'),
    }));
    const types = new Set<number>();
    for (const n of names) {
      if (types.has(n.nameType)) {
        throw new TlsError(
          'illegal_parameter',
          'HANDSHAKE_DUPLICATE_SERVER_NAME',
          `tls: server_name lists name type ${NameType.name(n.nameType)} twice`,
        );
      }
      types.add(n.nameType);
    }
    return names;
  },
  encode(w: Writer, names: readonly ServerName[]) {
    w.prefixed(SERVER_NAME_LIST, (w) => {
      for (const n of names) w.u8(n.nameType).vector(HOST_NAME, n.name);
    });
  },
};

/** The host_name entry of a ServerNameList as a string (ASCII/A-labels), or `undefined`. */
export function hostNameOf(names: readonly ServerName[]): string | undefined {
  const entry = names.find((n) => n.nameType === NameType.host_name);
  return entry ? new TextDecoder().decode(entry.name) : undefined;
}

/** A ServerNameList with one host_name. */
export function hostNameList(hostName: string): readonly ServerName[] {
  return [{ nameType: NameType.host_name, name: new TextEncoder().encode(hostName) }];
}
