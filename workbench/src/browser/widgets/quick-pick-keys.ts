/** A keyboard-driven pick list (command palette, file search): its items, the highlighted one, and what keys do. */
export interface QuickPickList<T> {
  readonly items: readonly T[];
  readonly active: number;
  moveTo(index: number): void;
  choose(item: T | undefined): void;
  close(): void;
}

/** Arrows move the highlight within the list, Enter chooses the highlighted item, Escape closes; other keys pass. */
export function onQuickPickKey<T>(event: KeyboardEvent, list: QuickPickList<T>): void {
  if (event.key === 'Escape') list.close();
  else if (event.key === 'ArrowDown') list.moveTo(Math.min(list.items.length - 1, list.active + 1));
  else if (event.key === 'ArrowUp') list.moveTo(Math.max(0, list.active - 1));
  else if (event.key === 'Enter') list.choose(list.items[list.active]);
  else return;
  event.preventDefault();
}
