/** IP address text ↔ bytes (4 for IPv4, 16 for IPv6), strict. */

/** The 4 or 16 bytes of an IPv4 dotted quad or an IPv6 address, or undefined. */
export function parseIp(text: string): Uint8Array | undefined {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

export function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

export function parseIpv6(text: string): Uint8Array | undefined {
  let s = text;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  if (s.includes('%')) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (i === items.length - 1 && item.includes('.')) {
        const v4 = parseIpv4(item);
        if (v4 === undefined) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(item)) return undefined;
        out.push(Number.parseInt(item, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  const total = head.length + tail.length;
  if (halves.length === 2 ? total > 7 : total !== 8) return undefined;
  const all = [...head, ...new Array<number>(8 - total).fill(0), ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** Text of 4 or 16 address bytes (IPv6 in RFC 5952 form); hex for other lengths. */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length === 16) {
    const groups: number[] = [];
    for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
    let bestStart = -1;
    let bestLen = 0;
    for (let i = 0; i < 8; ) {
      if (groups[i] !== 0) {
        i++;
        continue;
      }
      let j = i;
      while (j < 8 && groups[j] === 0) j++;
      if (j - i > bestLen && j - i > 1) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    const hex = groups.map((g) => g.toString(16));
    if (bestStart < 0) return hex.join(':');
    return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
  }
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Bytes of an address as the ASN.1 library renders an iPAddress GeneralName
 * (`a.b.c.d`, IPv6 text, `addr/prefix` for name-constraint ranges): 4/16
 * bytes, or 8/32 bytes (address then mask) for ranges; undefined otherwise.
 */
export function ipFromLibraryText(text: string): Uint8Array | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return parseIp(text);
  const addr = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (addr === undefined || !/^[0-9]{1,3}$/.test(prefixText)) return undefined;
  let bits = Number(prefixText);
  if (bits > addr.length * 8) return undefined;
  const out = new Uint8Array(addr.length * 2);
  out.set(addr, 0);
  for (let i = 0; i < addr.length; i++) {
    const take = Math.min(8, bits);
    out[addr.length + i] = take === 0 ? 0 : (0xff << (8 - take)) & 0xff;
    bits -= take;
  }
  return out;
}
