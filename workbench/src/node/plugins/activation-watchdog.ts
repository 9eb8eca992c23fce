/**
 * The plugin host bounds each `activate()` with a timer of its own; a plugin that blocks the host's event loop
 * (a synchronous loop) stops that timer too. This one runs in the kernel: a plugin still activating `limitMs`
 * after it began means the host has stopped answering, and `onHung` ends it.
 */
export class ActivationWatchdog {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly limitMs: number, private readonly onHung: (pluginId: string) => void) {}

  started(pluginId: string): void {
    this.ended(pluginId);
    const timer = setTimeout(() => {
      this.timers.delete(pluginId);
      this.onHung(pluginId);
    }, this.limitMs);
    // A CLI process must be free to exit while a plugin activates in the background.
    timer.unref();
    this.timers.set(pluginId, timer);
  }

  ended(pluginId: string): void {
    clearTimeout(this.timers.get(pluginId));
    this.timers.delete(pluginId);
  }

  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
