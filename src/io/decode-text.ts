import { TextDecoder } from 'node:util';

/** A byte that is not UTF-8 in a file that otherwise is: read as the Windows-1252 character it stands for. */
export interface StrayByte {
  line: number;
  byte: number;
  read: string;
}

/**
 * Decodes bytes to a string, detecting the encoding: a BOM (UTF-8, UTF-16 LE/BE) wins;
 * otherwise UTF-16 without BOM is recognised by its pattern of zero bytes, valid UTF-8 is
 * taken as UTF-8, and anything else as Windows-1252. Returns undefined for binary data
 * (NUL bytes or control characters that no text file has). Line ends become `\n`.
 */
export function decodeText(bytes: Uint8Array): string | undefined {
  return decodeTextReporting(bytes)?.text;
}

/**
 * `decodeText`, also telling which bytes did not fit. A file that is UTF-8 but for a few
 * stray bytes (one line pasted from an older Windows file) is read as UTF-8, each stray
 * byte as its Windows-1252 character, and the bytes are returned with their lines so the
 * caller can warn: reading the whole file as Windows-1252 would garble every other accent
 * ("cafÃ©"). A file with more stray bytes than UTF-8 characters is Windows-1252.
 */
export function decodeTextReporting(bytes: Uint8Array): { text: string; stray: StrayByte[] } | undefined {
  let text: string;
  let stray: StrayByte[] = [];
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const body = bytes.subarray(3);
    const scan = scanUtf8(body);
    text = decodeUtf8WithStrays(body, scan.bad);
    stray = strayLines(body, scan.bad);
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  } else {
    const utf16 = sniffUtf16(bytes);
    if (utf16) text = new TextDecoder(utf16).decode(bytes);
    else {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        const scan = scanUtf8(bytes);
        if (scan.multibyte > scan.bad.length) {
          text = decodeUtf8WithStrays(bytes, scan.bad);
          stray = strayLines(bytes, scan.bad);
        } else text = decodeWindows1252(bytes);
      }
    }
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/.test(text)) return undefined;
  return { text: text.replace(/\r\n?/g, '\n'), stray };
}

/** Counts the well-formed multi-byte UTF-8 sequences and lists the offsets of bytes that are not UTF-8. */
function scanUtf8(bytes: Uint8Array): { multibyte: number; bad: number[] } {
  const bad: number[] = [];
  let multibyte = 0;
  const cont = (i: number) => i < bytes.length && (bytes[i]! & 0xc0) === 0x80;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let n = 0;
    let min = 0x80;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      if (b === 0xe0) min = 0xa0;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      if (b === 0xf0) min = 0x90;
      if (b === 0xf4) max = 0x8f;
    }
    const second = bytes[i + 1];
    let ok = n > 0 && second !== undefined && second >= min && second <= max;
    for (let k = 2; ok && k <= n; k++) ok = cont(i + k);
    if (ok) {
      multibyte++;
      i += n + 1;
    } else {
      bad.push(i);
      i++;
    }
  }
  return { multibyte, bad };
}

function decodeUtf8WithStrays(bytes: Uint8Array, bad: readonly number[]): string {
  const utf8 = new TextDecoder('utf-8');
  let out = '';
  let from = 0;
  for (const at of bad) {
    out += utf8.decode(bytes.subarray(from, at)) + decodeWindows1252(bytes.subarray(at, at + 1));
    from = at + 1;
  }
  return out + utf8.decode(bytes.subarray(from));
}

function strayLines(bytes: Uint8Array, bad: readonly number[]): StrayByte[] {
  const out: StrayByte[] = [];
  let line = 1;
  let at = 0;
  for (const offset of bad) {
    for (; at < offset; at++) if (bytes[at] === 0x0a) line++;
    out.push({ line, byte: bytes[offset]!, read: decodeWindows1252(bytes.subarray(offset, offset + 1)) });
  }
  return out;
}

function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length - (bytes.length % 2), 512);
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return undefined;
}

// Windows-1252 differs from Latin-1 in 0x80-0x9F (curly quotes, dashes, €). Node 20's
// TextDecoder('windows-1252') decodes those as C1 controls, so map them by hand.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : String.fromCharCode(b);
  return out;
}
