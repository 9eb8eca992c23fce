/** Lifecycle hooks of a kernel feature; each call is isolated and timed by the kernel lifecycle. */
export const KernelContribution = Symbol('KernelContribution');

export interface KernelContribution {
  readonly id: string;
  /** Prepare state that other contributions may rely on during `onStart`. */
  initialize?(): void | Promise<void>;
  /** The kernel is wired; start background work (plugin host, scheduler, server). */
  onStart?(): void | Promise<void>;
  /** Release resources; must not throw. */
  onStop?(): void | Promise<void>;
}
