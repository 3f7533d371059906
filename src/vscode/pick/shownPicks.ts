/** A Quick Pick as the person saw it: its title, its question and each entry's lines. */
export interface ShownPick {
  title: string;
  placeHolder: string;
  items: { label: string; description?: string; detail?: string }[];
}

/** The picks shown so far, newest last; bounded, since only the last few are ever looked at. */
const shown: ShownPick[] = [];
const shownLimit = 20;

/**
 * Keeps what a pick showed, so the hidden `internal.notices` command can report it: VS Code offers
 * no API to read an open Quick Pick from a test.
 */
export function recordPick(pick: ShownPick): void {
  shown.push({ ...pick, items: pick.items.map((i) => ({ label: i.label, description: i.description, detail: i.detail })) });
  if (shown.length > shownLimit) shown.shift();
}

/** The picks shown so far, newest last. */
export function picksShown(): ShownPick[] {
  return shown.map((p) => ({ ...p, items: p.items.map((i) => ({ ...i })) }));
}
