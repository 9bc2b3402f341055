import type { Reader, Writer } from '@strata/wire';

/**
 * How one extension's `extension_data` is read and written in one message
 * context. `decode` gets a reader over exactly the extension's data; the block
 * decoder checks that it was consumed to the end.
 */
export interface ExtensionCodec<V> {
  decode(r: Reader): V;
  encode(w: Writer, value: V): void;
}

/** A parsed extension the codec understands: `{ kind: 'key_share', value: … }`. */
export interface Ext<K extends string, V> {
  readonly kind: K;
  readonly value: V;
}

/**
 * An extension kept as bytes: an unknown or GREASE code point, or a known one
 * this codec does not parse in this message. Re-encoded exactly as received.
 */
export interface OpaqueExtension {
  readonly kind: 'opaque';
  readonly type: number;
  readonly data: Uint8Array;
}

/** A table of the extensions one message context parses, by extension name. */
// biome-ignore lint/suspicious/noExplicitAny: a table holds codecs of different value types.
export type CodecTable = Readonly<Record<string, ExtensionCodec<any>>>;

/** The value type of a codec. */
export type CodecValue<C> = C extends ExtensionCodec<infer V> ? V : never;

/** The extension union of a context: one `Ext` per table entry, plus opaque ones. */
export type ExtensionsOf<T extends CodecTable> =
  | { [K in keyof T & string]: Ext<K, CodecValue<T[K]>> }[keyof T & string]
  | OpaqueExtension;

/** An extension whose `extension_data` is empty (`extension_data` of length 0). */
export const emptyCodec: ExtensionCodec<null> = /* @__PURE__ */ Object.freeze({
  decode: () => null,
  encode: () => {},
});
