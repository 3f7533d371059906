import * as fs from 'node:fs';

/**
 * One sentence for what Node's argument parser rejected, in terms of the option typed: a missing
 * value (with an example where `examples` has one), or an unknown option with the one it was most
 * likely meant to be. Node's own wording talks of positionals and `ambiguous` arguments instead.
 */
export function parseFailure(e: unknown, known: readonly string[], examples: Readonly<Record<string, string>> = {}): string {
  return missingValue(e, examples) ?? unknownOption(e, known) ?? (e as Error).message.split('\n')[0];
}

/**
 * The sentence for an argument that is the name of an existing file starting with a dash, before
 * `--`: Node's parser would read `-intro.wav` as the options -i, -n… and `-talk.wav` as `-t alk.wav`,
 * and say something about an option the person never typed.
 */
export function dashedFile(argv: readonly string[], exists: (file: string) => boolean = fs.existsSync): string | undefined {
  for (const arg of argv) {
    if (arg === '--') return undefined;
    if (/^-[^-]/u.test(arg) && arg.length > 2 && exists(arg)) {
      return `${arg} reads as options. A file whose name starts with a dash goes after --, as in "-- ${arg}".`;
    }
  }
  return undefined;
}

/**
 * "--to needs a value" for an option given no value: at the end of the line, or followed by
 * another option (`--to --force`), which Node's parser calls "ambiguous". Undefined for other errors.
 */
function missingValue(e: unknown, examples: Readonly<Record<string, string>>): string | undefined {
  if ((e as { code?: unknown }).code !== 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return undefined;
  const message = (e as Error).message;
  // "Option '-t, --to <value>' argument missing", or "Option '--to' argument is ambiguous." with a
  // hint that names the long form as '--to=-XYZ' even when the short one was typed.
  const name = /--([a-z-]+)(?: <value>|' argument is ambiguous|=-XYZ)/.exec(message)?.[1];
  if (!name) return undefined;
  const example = examples[name];
  const dash = /ambiguous/.test(message) ? ` A value that starts with a dash is written --${name}=-value.` : '';
  return `--${name} needs a value${example ? ` (for example --${name} ${example})` : ''}.${dash}`;
}

/** "Unknown option --format; did you mean --formats?", or the same without a guess when none is near. */
function unknownOption(e: unknown, known: readonly string[]): string | undefined {
  if ((e as { code?: unknown }).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return undefined;
  const typed = /Unknown option '([^']+)'/.exec((e as Error).message)?.[1];
  if (!typed) return undefined;
  const meant = typed.startsWith('--') ? nearest(typed.slice(2).split('=')[0].toLowerCase(), known) : undefined;
  if (meant) return `Unknown option ${typed}; did you mean --${meant}?`;
  return `Unknown option ${typed}. A file whose name starts with a dash goes after --, as in "-- ${typed}".`;
}

/** The known option `name` was most likely typed for: one it begins, or one a typo or two away. */
function nearest(name: string, known: readonly string[]): string | undefined {
  const extended = known.filter((k) => k.startsWith(name));
  if (name.length >= 3 && extended.length === 1) return extended[0];
  const allowed = name.length <= 4 ? 1 : 2;
  let best: { name: string; distance: number } | undefined;
  for (const k of known) {
    const distance = editDistance(name, k);
    if (distance <= allowed && (!best || distance < best.distance)) best = { name: k, distance };
  }
  return best?.name;
}

/** Letters to insert, delete, replace or swap with a neighbour to turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
