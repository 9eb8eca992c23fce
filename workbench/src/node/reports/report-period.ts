/** `from` inclusive, `to` exclusive (ISO times, as `parsePeriod` returns them); an undated record is in an unbounded period only. */
export function inPeriod(time: string | undefined, from: string | undefined, to: string | undefined): boolean {
  if (time === undefined) return from === undefined && to === undefined;
  return (from === undefined || time >= from) && (to === undefined || time < to);
}
