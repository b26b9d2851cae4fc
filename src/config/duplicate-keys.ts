/** A key written twice in one JSON object: JSON.parse keeps the last one without a word. */
export interface DuplicateKey {
  /** The path of the object holding the key (`respondents`, 0, `attributes`). */
  path: (string | number)[];
  key: string;
  line: number;
  firstLine: number;
}

/**
 * Finds every key that appears twice in the same object of a JSON text (that JSON.parse
 * accepts), with the lines of both. A small scanner over the tokens, like locateJsonPath.
 */
export function findDuplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  let i = 0;
  let line = 1;
  const skipWs = () => {
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13) break;
    }
  };
  const readString = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: (string | number)[]): void => {
    skipWs();
    const c = text[i];
    if (c === '{') {
      i++;
      const seen = new Map<string, number>();
      for (;;) {
        skipWs();
        if (text[i] === '}' || i >= text.length) {
          i++;
          return;
        }
        if (text[i] === ',') {
          i++;
          continue;
        }
        const keyLine = line;
        const key = readString();
        const first = seen.get(key);
        if (first !== undefined) found.push({ path, key, line: keyLine, firstLine: first });
        else seen.set(key, keyLine);
        skipWs();
        i++; // the colon
        value([...path, key]);
      }
    }
    if (c === '[') {
      i++;
      for (let index = 0; ;) {
        skipWs();
        if (text[i] === ']' || i >= text.length) {
          i++;
          return;
        }
        if (text[i] === ',') {
          i++;
          index++;
          continue;
        }
        value([...path, index]);
      }
    }
    if (c === '"') {
      readString();
      return;
    }
    while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
  };
  value([]);
  return found;
}
