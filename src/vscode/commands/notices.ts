import { answerNotice, noticesShown, noticesWaiting, type Notice } from '../notices';
import type { Services } from '../services';

/**
 * Hidden test hook: the notifications shown so far and how many wait for a click. With
 * `{ answer: label }` it first clicks that button on the newest waiting notice that has it
 * (`answer: null` closes the newest), since VS Code offers no API to read or click a notification from a test.
 */
export function notices(_s: Services) {
  return (arg?: { answer?: string | null }): { shown: Notice[]; waiting: number; answered: boolean } => {
    const answered = arg !== undefined && 'answer' in arg ? answerNotice(arg.answer ?? undefined) : false;
    return { shown: noticesShown(), waiting: noticesWaiting(), answered };
  };
}
