// First backup to s3rver over HTTPS: `timelocker backup` beside raw `restic backup` with the same settings,
// each round into fresh buckets on the same server (needs `tsc -b` first: it uses test/dist/support/s3-server.js).
import { rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { timeCommand } from './processes.mjs';
import { cliEntry, PLAN_TAG, resticBinary } from './sides.mjs';
import { median } from './stats.mjs';
import { S3RVER_ACCESS_KEY_ID, S3RVER_SECRET_ACCESS_KEY, startS3Server } from '../test/dist/support/s3-server.js';

const PASSWORD = 'bench-only-password';

function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(RESTIC_|TIMELOCKER_|AWS_)/.test(key)));
}

async function timelockerRound(s3, dir, bucket, paths) {
  const env = { ...cleanEnv(), TIMELOCKER_CONFIG: join(dir, 'timelocker.json'), TIMELOCKER_DATA_DIR: join(dir, 'data'), BENCH_KEY: S3RVER_ACCESS_KEY_ID, BENCH_SECRET: S3RVER_SECRET_ACCESS_KEY, BENCH_PW: PASSWORD };
  const cli = (args) => timeCommand(process.execPath, [cliEntry, ...args], { env });
  await cli(['repo', 'add', 'bench', '--backend', 's3', '--endpoint', s3.endpoint, '--bucket', bucket, '--path-style', '--ca-cert-file', s3.caCertFile,
    '--access-key-id-env', 'BENCH_KEY', '--secret-access-key-env', 'BENCH_SECRET', '--password-env', 'BENCH_PW']);
  await cli(['repo', 'init', 'bench']);
  await cli(['plan', 'add', 'bench', '--repo', 'bench', ...paths.flatMap((p) => ['--path', p])]);
  return () => cli(['backup', 'bench']);
}

async function resticRound(s3, dir, bucket, paths) {
  const env = {
    ...cleanEnv(), RESTIC_REPOSITORY: `s3:${s3.endpoint}/${bucket}`, RESTIC_PASSWORD: PASSWORD, RESTIC_CACHE_DIR: join(dir, 'cache'), RESTIC_PROGRESS_FPS: '2',
    AWS_ACCESS_KEY_ID: S3RVER_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: S3RVER_SECRET_ACCESS_KEY,
  };
  const global = ['-o', 's3.bucket-lookup=path', '--cacert', s3.caCertFile];
  await timeCommand(resticBinary, [...global, 'init'], { env });
  return () => timeCommand(resticBinary, [...global, 'backup', '--json', '--tag', PLAN_TAG, '--', ...paths], { env });
}

/** Median first-backup times in ms: `{ tl, raw, samples }`; alternates which side goes first. */
export async function benchS3Backup({ workDir, paths, rounds = 3, log = () => {} }) {
  const s3 = await startS3Server();
  const samples = { tl: [], raw: [] };
  try {
    for (let round = 0; round < rounds; round++) {
      const dir = join(workDir, 's3', String(round));
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const tl = await timelockerRound(s3, join(dir, 'timelocker'), `tl-${round}`, paths);
      const raw = await resticRound(s3, join(dir, 'restic'), `raw-${round}`, paths);
      const order = round % 2 === 0 ? ['tl', 'raw'] : ['raw', 'tl'];
      const times = {};
      for (const side of order) times[side] = (side === 'tl' ? await tl() : await raw()).ms;
      samples.tl.push(times.tl);
      samples.raw.push(times.raw);
      log(`s3 first backup round ${round + 1}/${rounds}: timelocker ${times.tl.toFixed(0)} ms, restic ${times.raw.toFixed(0)} ms`);
    }
  } finally {
    await s3.stop();
  }
  return { tl: median(samples.tl), raw: median(samples.raw), samples };
}
