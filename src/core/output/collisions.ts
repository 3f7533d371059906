import * as path from 'node:path';
import type { OutputFormat } from '../job';
import { outputPathFor } from './outputPaths';

/** Two inputs of one batch whose outputs would have the same name. */
export interface Collision {
  first: string;
  second: string;
  /** One of the outputs they share. */
  output: string;
}

/** A batch with every input once, and what was wrong with it before anything ran. */
export interface BatchPlan {
  /** The inputs in the order given, each file once. */
  inputs: string[];
  /** Inputs named more than once (as given the first time). */
  repeated: string[];
  collisions: Collision[];
}

/**
 * Checks a batch before any request: the same file named twice is kept once (it would otherwise
 * fail on its own outputs), and two files whose outputs would share a name (the same name and one
 * `outDir`) are reported, since one would overwrite the other.
 */
export function planBatch(inputs: readonly string[], language: string, formats: readonly OutputFormat[], outDir?: string): BatchPlan {
  const seen = new Map<string, string>();
  const unique: string[] = [];
  const repeated: string[] = [];
  for (const input of inputs) {
    const id = comparable(input);
    if (seen.has(id)) {
      if (!repeated.includes(seen.get(id) as string)) repeated.push(seen.get(id) as string);
      continue;
    }
    seen.set(id, input);
    unique.push(input);
  }
  const owners = new Map<string, string>();
  const collisions: Collision[] = [];
  for (const input of unique) {
    for (const format of new Set(formats)) {
      const output = outputPathFor(input, language, format, outDir);
      const owner = owners.get(comparable(output));
      if (owner === undefined) {
        owners.set(comparable(output), input);
      } else if (!collisions.some((c) => c.first === owner && c.second === input)) {
        collisions.push({ first: owner, second: input, output });
      }
    }
  }
  return { inputs: unique, repeated, collisions };
}

/** One sentence for a batch's collisions: the first pair, and how many more. */
export function collisionMessage(collisions: readonly Collision[]): string {
  const [c] = collisions;
  const more = collisions.length > 1 ? ` (and ${collisions.length - 1} more pair${collisions.length > 2 ? 's' : ''})` : '';
  return (
    `${c.first} and ${c.second} would both write ${c.output}${more}, so one would overwrite the other; nothing was sent.`
  );
}

/** A path as the file system compares it: absolute, and case-folded where names ignore case. */
function comparable(file: string): string {
  const resolved = path.resolve(file);
  return process.platform === 'win32' || process.platform === 'darwin' ? resolved.toLowerCase() : resolved;
}
