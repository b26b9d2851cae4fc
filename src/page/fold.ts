/** Lower case without diacritics, so "cafe" finds "Café" and "ruzie" finds "rúzie". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
