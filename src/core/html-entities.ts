const NAMED = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', ' '],
]);

/**
 * Undoes HTML character references (`&amp;`, `&#39;`, `&#x27;`); unknown names (also
 * `&constructor;`) and numbers beyond Unicode (`&#99999999;`) stay as written.
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, ref: string) => {
    if (ref[0] === '#') {
      const n = ref[1]!.toLowerCase() === 'x' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return n <= 0x10ffff ? String.fromCodePoint(n) : all;
    }
    return NAMED.get(ref.toLowerCase()) ?? all;
  });
}
