import { answerNotice, noticesShown, noticesWaiting, type Notice } from '../notices';
import { picksShown, type ShownPick } from '../pick/shownPicks';
import type { Services } from '../services';

/**
 * Hidden test hook: the notifications shown so far, how many wait for a click, and the Translate
 * Media picks shown so far (`picks`). With `{ answer: label }` it first clicks that button on the
 * newest waiting notice that has it (`answer: null` closes the newest), since VS Code offers no API
 * to read or click a notification or a Quick Pick from a test.
 */
export function notices(_s: Services) {
  return (arg?: { answer?: string | null }): { shown: Notice[]; waiting: number; answered: boolean; picks: ShownPick[] } => {
    const answered = arg !== undefined && 'answer' in arg ? answerNotice(arg.answer ?? undefined) : false;
    return { shown: noticesShown(), waiting: noticesWaiting(), answered, picks: picksShown() };
  };
}
