// First backup to s3rver over HTTPS: `timelocker backup` beside raw `restic backup` with the same settings,
// each round into fresh buckets on the same server (needs `tsc -b` first: it uses test/dist/support/s3-server.js).
import { join } from 'node:path';
import { alternatingRounds } from './alternating-rounds.mjs';
import { timeCommand } from './processes.mjs';
import { cliEntry, PLAN_TAG, resticBinary } from './sides.mjs';
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
  try {
    return await alternatingRounds({
      label: 's3 first backup', workDir: join(workDir, 's3'), rounds, log,
      prepare: async (round, dir) => {
        return { tl: await timelockerRound(s3, join(dir, 'timelocker'), `tl-${round}`, paths), raw: await resticRound(s3, join(dir, 'restic'), `raw-${round}`, paths) };
      },
    });
  } finally {
    await s3.stop();
  }
}
