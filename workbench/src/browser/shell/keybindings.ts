import type { Command } from '../state/workbench-state.js';

/** "Ctrl+Shift+P" for a key event, in the order commands write it. */
export function keyOf(event: KeyboardEvent): string {
  const key = event.key.length === 1 ? event.key.toUpperCase() : event.key;
  return [event.ctrlKey || event.metaKey ? 'Ctrl' : '', event.altKey ? 'Alt' : '', event.shiftKey ? 'Shift' : '', key].filter(Boolean).join('+');
}

/** The command bound to the key pressed, if any (a command may list alternatives: "Ctrl+Shift+P, F1"). */
export function commandForKey(commands: Iterable<Command>, event: KeyboardEvent): Command | undefined {
  const pressed = keyOf(event);
  for (const command of commands) {
    if (command.keybinding?.split(',').map((k) => k.trim()).includes(pressed)) return command;
  }
  return undefined;
}
