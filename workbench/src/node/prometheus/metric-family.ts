import { Counter, Gauge, type Registry } from 'prom-client';

export type Sample<L extends string> = readonly [labels: Readonly<Record<L, string>>, value: number];

export interface FamilySpec<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly L[];
  /** `counter` for totals that only grow (name them `…_total`), `gauge` for everything else. */
  readonly type?: 'gauge' | 'counter';
  /** The current samples, read at scrape time from the feature's own state. */
  read(): Promise<readonly Sample<L>[]> | readonly Sample<L>[];
}

/** A series family whose values are computed at scrape time rather than updated as things happen. */
export function registerFamily<L extends string>(registry: Registry, spec: FamilySpec<L>): void {
  const labelNames = [...(spec.labelNames ?? [])];
  if (spec.type === 'counter') {
    new Counter<L>({
      name: spec.name, help: spec.help, labelNames, registers: [registry],
      async collect() {
        this.reset();
        for (const [labels, value] of await spec.read()) this.inc(labels, value);
      },
    });
    return;
  }
  new Gauge<L>({
    name: spec.name, help: spec.help, labelNames, registers: [registry],
    async collect() {
      this.reset();
      for (const [labels, value] of await spec.read()) this.set(labels, value);
    },
  });
}

/** Seconds since the epoch, Prometheus' unit for points in time. */
export function epochSeconds(iso: string): number {
  return Date.parse(iso) / 1000;
}
