/**
 * Finds the line (1-based) of the value at `path` in a JSON text, so a config error can
 * point at it. A small scanner rather than a full parser: it walks the JSON tokens and
 * tracks the current path. Returns undefined if the path is not in the text.
 */
export function locateJsonPath(text: string, path: readonly PropertyKey[]): number | undefined {
  let i = 0;
  let line = 1;
  const target = path.map(String);

  const skipWs = () => {
    while (i < text.length && /\s/.test(text[i]!)) {
      if (text[i] === '\n') line++;
      i++;
    }
  };
  const readString = (): string => {
    let s = '';
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        s += text[i + 1] ?? '';
        i += 2;
      } else {
        s += text[i];
        i++;
      }
    }
    i++;
    return s;
  };
  const matches = (current: string[]) =>
    current.length === target.length && current.every((p, k) => p === target[k]);

  // Returns the line if found within this value.
  const walk = (current: string[]): number | undefined => {
    skipWs();
    if (matches(current)) return line;
    const c = text[i];
    if (c === '{') {
      i++;
      for (;;) {
        skipWs();
        if (text[i] === '}') {
          i++;
          return undefined;
        }
        if (text[i] !== '"') return undefined;
        const key = readString();
        skipWs();
        if (text[i] !== ':') return undefined;
        i++;
        const keyLine = line;
        const found = walk([...current, key]);
        if (found !== undefined)
          return current.length + 1 === target.length ? Math.min(found, keyLine) : found;
        skipWs();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return undefined;
        } else return undefined;
      }
    }
    if (c === '[') {
      i++;
      let index = 0;
      for (;;) {
        skipWs();
        if (text[i] === ']') {
          i++;
          return undefined;
        }
        const found = walk([...current, String(index)]);
        if (found !== undefined) return found;
        index++;
        skipWs();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return undefined;
        } else return undefined;
      }
    }
    if (c === '"') {
      readString();
      return undefined;
    }
    while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    return undefined;
  };
  const found = walk([]);
  if (found !== undefined) return found;
  // A missing field: point at the nearest existing parent instead.
  return path.length > 0 ? locateJsonPath(text, path.slice(0, -1)) : undefined;
}
