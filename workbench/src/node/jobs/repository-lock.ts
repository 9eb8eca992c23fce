/**
 * In-process readers/writer lock per repository: shared operations (backup, restore, listing) overlap,
 * exclusive ones (init, forget, prune, check, unlock) wait for all others and block new ones. FIFO, so
 * an exclusive job is not starved by a stream of backups.
 */
export class RepositoryLock {
  private active = 0;
  private activeExclusive = false;
  private readonly waiting: Array<{ exclusive: boolean; grant: () => void }> = [];

  acquire(exclusive: boolean): Promise<() => void> {
    return new Promise((resolve) => {
      this.waiting.push({ exclusive, grant: () => resolve(() => this.release(exclusive)) });
      this.pump();
    });
  }

  get idle(): boolean {
    return this.active === 0 && this.waiting.length === 0;
  }

  private release(exclusive: boolean): void {
    this.active--;
    if (exclusive) this.activeExclusive = false;
    this.pump();
  }

  private pump(): void {
    while (this.waiting.length > 0) {
      const next = this.waiting[0]!;
      if (this.activeExclusive || (next.exclusive && this.active > 0)) return;
      this.waiting.shift();
      this.active++;
      if (next.exclusive) this.activeExclusive = true;
      next.grant();
    }
  }
}
