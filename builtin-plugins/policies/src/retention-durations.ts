/** restic's `--keep-within` duration (`1y2m3d4h`) in hours; undefined when it is not one. */
export function durationHours(value: string): number | undefined {
  const parts = [...value.matchAll(/(\d+)([ymdh])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) return undefined;
  const hours: Record<string, number> = { y: 365 * 24, m: 30 * 24, d: 24, h: 1 };
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * hours[unit!]!, 0);
}

/** Hours one snapshot of each bucket stands for: `keepWithin` of that many hours keeps at least as many. */
export const bucketHours = { keepHourly: 1, keepDaily: 24, keepWeekly: 7 * 24, keepMonthly: 30 * 24, keepYearly: 365 * 24 } as const;
