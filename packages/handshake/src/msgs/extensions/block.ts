import { Reader, TlsError, type VectorSpec, vector, type Writer } from '@strata/wire';
import { checkExtensionAllowed, type ExtensionContext } from '../allowed-extensions.js';
import { ExtensionType } from '../codes.js';
import type { CodecTable, Ext, ExtensionsOf, OpaqueExtension } from './codec.js';

const NONE: ReadonlySet<string> = /* @__PURE__ */ new Set();

/** `opaque extension_data<0..2^16-1>`, RFC 8446 §4.2. */
const EXTENSION_DATA = /* @__PURE__ */ vector(2, 0, 0xffff);

const kindsByCode = /* @__PURE__ */ new WeakMap<CodecTable, Map<number, string>>();

function codeToKind(table: CodecTable): Map<number, string> {
  let map = kindsByCode.get(table);
  if (!map) {
    map = new Map();
    for (const kind of Object.keys(table)) map.set(codeOf(kind), kind);
    kindsByCode.set(table, map);
  }
  return map;
}

function codeOf(kind: string): number {
  const code = (ExtensionType as unknown as Record<string, unknown>)[kind];
  if (typeof code !== 'number') throw new TypeError(`no extension code for ${kind}`);
  return code;
}

/**
 * Reads an extension block, `Extension extensions<min..max>` (RFC 8446 §4.2):
 *
 *   struct { ExtensionType extension_type; opaque extension_data<0..2^16-1>; } Extension;
 *
 * `context` may be a function of the extension types present, for a
 * ServerHello whose version (and so its allowed extensions) is only known
 * from its supported_versions extension.
 *
 * Checks, each with its alert:
 * - an extension type appears at most once (§4.2) → `illegal_parameter`;
 * - a recognised extension that §4.2 does not allow in this message →
 *   `illegal_parameter`;
 * - unknown extensions (including GREASE) are kept as opaque bytes, in order.
 */
export function decodeExtensionBlock<T extends CodecTable>(
  r: Reader,
  spec: VectorSpec,
  context: ExtensionContext | ((types: ReadonlySet<number>) => ExtensionContext),
  table: T,
  field: string,
  /** Kinds kept opaque (not refused) when their body does not decode: see `CLIENT_HELLO_TLS12_ONLY`. */
  lenient: ReadonlySet<string> = NONE,
): ExtensionsOf<T>[] {
  const block = r.vectorReader(spec, field);
  const raw: { type: number; data: Uint8Array }[] = [];
  const seen = new Set<number>();
  while (!block.atEnd) {
    const type = block.u16(`${field}.extension_type`);
    const data = block.vector(EXTENSION_DATA, `${field}.extension_data`);
    if (seen.has(type)) {
      throw new TlsError(
        'illegal_parameter',
        'HANDSHAKE_DUPLICATE_EXTENSION',
        `tls: duplicate extension ${ExtensionType.name(type)} in ${field}`,
      );
    }
    seen.add(type);
    raw.push({ type, data });
  }
  const resolved = typeof context === 'function' ? context(seen) : context;
  const kinds = codeToKind(table);
  return raw.map(({ type, data }) => {
    checkExtensionAllowed(type, resolved);
    const kind = kinds.get(type);
    if (kind === undefined)
      return { kind: 'opaque', type, data } as OpaqueExtension as ExtensionsOf<T>;
    const body = new Reader(data);
    try {
      const value = table[kind]!.decode(body);
      body.expectEnd(`${field}.${kind}`);
      return { kind, value } as Ext<string, unknown> as ExtensionsOf<T>;
    } catch (e) {
      if (!lenient.has(kind)) throw e;
      return { kind: 'opaque', type, data } as OpaqueExtension as ExtensionsOf<T>;
    }
  });
}

/** Writes an extension block in list order; the inverse of `decodeExtensionBlock`. */
export function encodeExtensionBlock<T extends CodecTable>(
  w: Writer,
  spec: VectorSpec,
  table: T,
  extensions: readonly ExtensionsOf<T>[],
): void {
  w.prefixed(spec, (w) => {
    for (const ext of extensions) encodeExtension(w, table, ext);
  });
}

function encodeExtension<T extends CodecTable>(w: Writer, table: T, ext: ExtensionsOf<T>): void {
  if (ext.kind === 'opaque') {
    const opaque = ext as OpaqueExtension;
    w.u16(opaque.type).vector(EXTENSION_DATA, opaque.data);
    return;
  }
  const typed = ext as Ext<string, unknown>;
  const codec = table[typed.kind];
  if (!codec) throw new TypeError(`extension ${typed.kind} cannot be sent in this message`);
  w.u16(codeOf(typed.kind)).prefixed(EXTENSION_DATA, (w) => codec.encode(w, typed.value));
}

/** The extension code of a parsed or opaque extension. */
export function extensionCode(ext: Ext<string, unknown> | OpaqueExtension): number {
  return ext.kind === 'opaque' ? (ext as OpaqueExtension).type : codeOf(ext.kind);
}

/**
 * The first parsed extension of a kind in a list, or `undefined`:
 * `findExtension(ch.extensions, 'key_share')?.value`.
 */
export function findExtension<
  E extends { readonly kind: string },
  K extends Exclude<E['kind'], 'opaque'>,
>(extensions: readonly E[], kind: K): Extract<E, { kind: K }> | undefined {
  return extensions.find((e) => e.kind === kind) as Extract<E, { kind: K }> | undefined;
}

/** The value of the parsed extension of a kind, or `undefined`. */
export function extensionValue<
  E extends { readonly kind: string },
  K extends Exclude<E['kind'], 'opaque'>,
>(
  extensions: readonly E[],
  kind: K,
): (Extract<E, { kind: K }> extends Ext<K, infer V> ? V : never) | undefined {
  const found = findExtension(extensions, kind) as unknown as Ext<K, unknown> | undefined;
  return found?.value as (Extract<E, { kind: K }> extends Ext<K, infer V> ? V : never) | undefined;
}

/** True when the list holds an extension (parsed or opaque) with this code. */
export function hasExtension(
  extensions: readonly (Ext<string, unknown> | OpaqueExtension)[],
  code: number,
): boolean {
  return extensions.some((e) => extensionCode(e) === code);
}
