const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/**
 * A byte count as people read it, in IEC units: `512 B`, `1.5 KiB`, `3.2 GiB` (whole bytes, else one decimal).
 * The one byte formatter of TimeLocker: the CLI, the workbench UI and report formats all show sizes with it, so a
 * size reads the same everywhere.
 */
export function formatBytes(bytes: number): string {
  let value = Math.abs(bytes);
  let unit = 0;
  // 1023.96 KiB would print as "1024.0 KiB": from KiB on, a value that rounds to 1024 moves up a unit.
  while (unit < BYTE_UNITS.length - 1 && value >= (unit === 0 ? 1024 : 1023.95)) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? String(Math.round(value)) : value.toFixed(1);
  return `${bytes < 0 ? '-' : ''}${digits} ${BYTE_UNITS[unit]}`;
}
