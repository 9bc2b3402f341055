/**
 * An open enumeration of TLS code points: a frozen name → value table plus a
 * `name(value)` lookup. Values not in the table are legal on the wire (new code
 * points, GREASE) and are kept as plain numbers, never dropped.
 *
 *   const HandshakeType = openEnum({ client_hello: 1, server_hello: 2 });
 *   HandshakeType.client_hello  // 1
 *   HandshakeType.name(2)       // 'server_hello'
 *   HandshakeType.name(99)      // 'unknown(99)'
 */
export type OpenEnum<T extends Record<string, number>> = Readonly<T> & {
  /** The name of a value, or `unknown(N)` (hex for 16-bit tables) when the table lacks it. */
  name(value: number): string;
  /** True when the table knows this value. */
  has(value: number): value is T[keyof T];
};

export function openEnum<const T extends Record<string, number>>(
  table: T,
  options: { hex?: boolean } = {},
): OpenEnum<T> {
  const names = new Map<number, string>();
  for (const [name, value] of Object.entries(table)) names.set(value, name);
  const unknown = (value: number) =>
    options.hex ? `unknown(0x${value.toString(16).padStart(4, '0')})` : `unknown(${value})`;
  return Object.freeze({
    ...table,
    name: (value: number) => names.get(value) ?? unknown(value),
    has: (value: number): value is T[keyof T] => names.has(value),
  });
}
