/** Who holds a repository lock, from restic's "repository is already locked …" message. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly user?: string;
  readonly exclusive: boolean;
  /** restic's own wording of the lock's age, e.g. "1m2.5s". */
  readonly age?: string;
  readonly createdAt?: string;
}

const holderPattern = /already locked (exclusively )?by PID (\d+) on (\S+)(?: by ([^\s(]+))?/;
const agePattern = /lock was created at (.+?) \((.+?) ago\)/;

export function parseLockHolder(stderr: string): LockHolder | undefined {
  const holder = holderPattern.exec(stderr);
  if (!holder) return undefined;
  const age = agePattern.exec(stderr);
  return {
    pid: Number(holder[2]), host: holder[3]!, exclusive: holder[1] !== undefined,
    ...(holder[4] ? { user: holder[4] } : {}),
    ...(age ? { createdAt: age[1]!, age: roundAge(age[2]!) } : {}),
  };
}

/** "1.94018637s" reads better as "1.9s"; restic prints Go durations with nanosecond digits. */
function roundAge(age: string): string {
  return age.replace(/(\d+\.\d)\d+s$/, '$1s');
}

export function describeLockHolder(holder: LockHolder): string {
  return `${holder.exclusive ? 'an exclusive lock' : 'a lock'} held by PID ${holder.pid} on host ${holder.host}${holder.user ? ` (user ${holder.user})` : ''}${holder.age ? `, created ${holder.age} ago` : ''}`;
}
