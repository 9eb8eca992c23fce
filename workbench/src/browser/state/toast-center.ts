export type ToastSeverity = 'info' | 'warning' | 'error';

export interface Toast {
  readonly id: number;
  readonly severity: ToastSeverity;
  readonly message: string;
  /** What the toast is about (e.g. "backup:docs"): a later success with the same key takes a stale error away. */
  readonly key?: string;
}

/** How long a toast stays: errors longer, so that a user who looked away can still read them (and close them). */
export const TOAST_SECONDS: Readonly<Record<ToastSeverity, number>> = { info: 5, warning: 8, error: 10 };

/** The toasts on screen: each dismisses itself; the same key replaces an older toast instead of piling up. */
export class ToastCenter {
  readonly toasts: Toast[] = [];
  private seq = 0;
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();

  constructor(private readonly changed: () => void) {}

  notify(severity: ToastSeverity, message: string, key?: string): void {
    if (key !== undefined) this.remove((t) => t.key === key);
    const toast: Toast = { id: ++this.seq, severity, message, ...(key !== undefined ? { key } : {}) };
    this.toasts.push(toast);
    this.timers.set(toast.id, setTimeout(() => this.dismiss(toast.id), TOAST_SECONDS[severity] * 1000));
    this.changed();
  }

  /** A success for `key`: its error and warning toasts are no longer true. */
  resolve(key: string): void {
    if (this.remove((t) => t.key === key && t.severity !== 'info')) this.changed();
  }

  dismiss(id: number): void {
    if (this.remove((t) => t.id === id)) this.changed();
  }

  private remove(match: (toast: Toast) => boolean): boolean {
    let removed = false;
    for (let i = this.toasts.length - 1; i >= 0; i--) {
      const toast = this.toasts[i]!;
      if (!match(toast)) continue;
      clearTimeout(this.timers.get(toast.id));
      this.timers.delete(toast.id);
      this.toasts.splice(i, 1);
      removed = true;
    }
    return removed;
  }
}
