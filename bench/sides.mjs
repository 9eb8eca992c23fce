import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { timeCommand } from './processes.mjs';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const cliEntry = join(repoRoot, 'workbench/bin/timelocker.js');
const floorScript = join(repoRoot, 'bench/cli-floor.cjs');
export const resticBinary = '/usr/bin/restic';

const PASSWORD_VAR = 'TIMELOCKER_BENCH_PASSWORD';
const PASSWORD = 'bench-only-password';
export const PLAN_TAG = 'plan:bench';

/** The parent's environment without restic variables, so neither side inherits the other's settings. */
function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(RESTIC_|TIMELOCKER_)/.test(key)));
}

/** One TimeLocker installation (config file + data dir) with one local repository `bench` and plan `bench`. */
export class TimeLockerSide {
  constructor(dir) {
    this.dir = dir;
    this.repoPath = join(dir, 'repo');
    this.env = { ...cleanEnv(), TIMELOCKER_CONFIG: join(dir, 'timelocker.json'), TIMELOCKER_DATA_DIR: join(dir, 'data'), [PASSWORD_VAR]: PASSWORD };
    this.logFile = join(dir, 'data', 'logs', 'timelocker.log');
  }

  /** Current end of the kernel log, to count later what happened after this point. */
  logMark() {
    return existsSync(this.logFile) ? statSync(this.logFile).size : 0;
  }

  /**
   * restic subcommands the kernel logged since `mark`, counted by name (e.g. { backup: 7, snapshots: 7 }).
   * Reads the log's `restic <subcommand>` lines; an empty result means the log format changed.
   */
  resticCommandsSince(mark) {
    if (!existsSync(this.logFile)) return {};
    const counts = {};
    const text = readFileSync(this.logFile).subarray(mark).toString();
    for (const [, command] of text.matchAll(/\[restic\] [^:]+: restic (?:-\S+ \S+ )*([a-z]+)/g)) counts[command] = (counts[command] ?? 0) + 1;
    return counts;
  }

  cli(args, options = {}) {
    return timeCommand(process.execPath, [cliEntry, ...args], { env: this.env, ...options });
  }

  async create(treeRoot) {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    await this.cli(['repo', 'add', 'bench', '--backend', 'local', '--path', this.repoPath, '--password-env', PASSWORD_VAR]);
    await this.cli(['repo', 'init', 'bench']);
    await this.cli(['plan', 'add', 'bench', '--repo', 'bench', '--path', treeRoot]);
  }

  backup() {
    return this.cli(['backup', 'bench']);
  }

  snapshots() {
    return this.cli(['snapshots', '--repo', 'bench']);
  }
}

/** Plain restic on its own repository, run with the argv and env TimeLocker gives it for the same job. */
export class RawResticSide {
  constructor(dir, repoPath = join(dir, 'repo')) {
    this.dir = dir;
    this.repoPath = repoPath;
    this.env = {
      ...cleanEnv(), RESTIC_REPOSITORY: repoPath, RESTIC_PASSWORD: PASSWORD, RESTIC_CACHE_DIR: join(dir, 'cache'), RESTIC_PROGRESS_FPS: '2',
    };
  }

  restic(args, options = {}) {
    return timeCommand(resticBinary, args, { env: this.env, ...options });
  }

  async create() {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    await this.restic(['init']);
  }

  backup(treeRoot, options = {}) {
    return this.restic(backupArgs(treeRoot), options);
  }

  snapshots() {
    return this.restic(['snapshots']);
  }
}

function backupArgs(treeRoot) {
  return ['backup', '--json', '--tag', PLAN_TAG, '--', treeRoot];
}

/**
 * The same restic backup wrapped by bench/cli-floor.cjs (Node, a sql.js catalog, the job recorded before and after):
 * what no Node CLI that records its jobs can go under. It backs up into the raw side's repository with its cache, so
 * both sides' runs are unchanged re-runs of one repository; its catalog is a copy of the TimeLocker side's.
 */
export class FloorSide {
  constructor(dir, timelockerSide, rawSide) {
    this.dir = dir;
    this.env = rawSide.env;
    this.catalog = join(dir, 'catalog.sqlite');
    this.sourceCatalog = join(timelockerSide.dir, 'data', 'catalog.sqlite');
  }

  create() {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    copyFileSync(this.sourceCatalog, this.catalog);
  }

  backup(treeRoot) {
    return timeCommand(process.execPath, [floorScript, this.catalog, resticBinary, ...backupArgs(treeRoot)], { env: this.env });
  }
}
