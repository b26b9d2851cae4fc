/**
 * What may be a speaker label ("Mirjam de Wit", "R", "Interviewer") rather than the start of
 * a sentence with a colon ("Let op: …", "Nou: …"). Shared by the text and subtitle readers.
 */

// Lower-case name particles that may stand inside a speaker name ("Mirjam de Wit").
const PARTICLES = new Set([
  'van',
  'de',
  'der',
  'den',
  'het',
  "'t",
  'ter',
  'ten',
  "'s",
  'la',
  'le',
  'du',
  'da',
  'el',
  'al',
  'bin',
  'von',
]);

/**
 * Words that start a sentence with a colon far more often than they name anyone; never a
 * speaker unless the config declares them ("Dus: via vrienden", "Nou: …", "Let op: …").
 */
const DISCOURSE = new Set(
  [
    'dus',
    'nou',
    'ja',
    'nee',
    'oké',
    'oke',
    'ok',
    'okay',
    'maar',
    'en',
    'want',
    'kijk',
    'zo',
    'toen',
    'daarna',
    'let op',
    'so',
    'well',
    'yes',
    'no',
    'but',
    'and',
    'note',
    'look',
    'then',
  ].map((w) => w.toLowerCase()),
);

/** The usual interview labels, speakers without needing to be seen twice. */
export const USUAL_LABELS = ['I', 'R', 'Interviewer', 'Interviewster', 'Respondent', 'Int', 'Resp', 'Q', 'A'];

/** One to four words, the first capitalised, the others too unless name particles; not a discourse word. */
export function isSpeakerName(name: string, known: ReadonlySet<string>): boolean {
  if (known.has(name)) return true;
  if (DISCOURSE.has(name.trim().toLowerCase())) return false;
  const words = name.trim().split(/\s+/);
  if (words.length === 0 || words.length > 4) return false;
  return words.every((w, i) => {
    if (!/^[\p{L}\p{M}][\p{L}\p{M}\p{N}'’.-]*$/u.test(w) && !/^[\p{Lu}]\d?$/u.test(w)) return false;
    if (/^\p{Lu}/u.test(w)) return true;
    return i > 0 && PARTICLES.has(w.toLowerCase());
  });
}

/**
 * The speakers among candidate labels: the declared and usual ones, and any name-like label
 * seen at least twice. A label seen once is more likely a sentence than a speaker.
 */
export function speakersAmong(candidates: Iterable<string>, declared: readonly string[]): Set<string> {
  const known = new Set([...declared, ...USUAL_LABELS]);
  const counts = new Map<string, number>();
  for (const name of candidates)
    if (isSpeakerName(name, known)) counts.set(name, (counts.get(name) ?? 0) + 1);
  const speakers = new Set(known);
  for (const [name, n] of counts) if (n >= 2) speakers.add(name);
  return speakers;
}
