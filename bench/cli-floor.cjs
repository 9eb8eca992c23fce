'use strict';
// The least a Node CLI on TimeLocker's stack does around one restic run: open a sql.js catalog (checked, as the
// kernel opens it), record the job before restic starts and its end after, each write durable (temp + fsync +
// rename). No kernel, config, plugin host, audit, consent or policies: its time over raw restic is a floor that no
// TimeLocker command on this machine can go under. Usage: node cli-floor.cjs CATALOG RESTIC ARGS... (env: RESTIC_*).
// CommonJS and no dependencies beyond sql.js, so it pays no module loader cost TimeLocker's bin does not pay either.
const { spawn } = require('node:child_process');
const { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } = require('node:fs');
const { createInterface } = require('node:readline');
const { setFlagsFromString } = require('node:v8');

// The same V8 flag the CLI sets before it opens the catalog (workbench/src/cli/v8-flags.ts).
setFlagsFromString('--liftoff-only');
const initSqlJs = require('sql.js');

const [catalogFile, restic, ...args] = process.argv.slice(2);

function persist(db) {
  const temp = `${catalogFile}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  writeSync(fd, db.export());
  fsyncSync(fd);
  closeSync(fd);
  renameSync(temp, catalogFile);
}

async function main() {
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(catalogFile));
  if (db.exec('PRAGMA quick_check')[0].values[0][0] !== 'ok') throw new Error('damaged catalog');
  db.run('CREATE TABLE IF NOT EXISTS floor_jobs (id INTEGER PRIMARY KEY, started TEXT, ended TEXT, summary TEXT)');
  db.run('INSERT INTO floor_jobs (started) VALUES (?)', [new Date().toISOString()]);
  const id = db.exec('SELECT last_insert_rowid()')[0].values[0][0];
  persist(db);
  const child = spawn(restic, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let summary;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.includes('"message_type":"summary"')) summary = line;
  }
  const code = await new Promise((resolve) => child.on('close', resolve));
  db.run('UPDATE floor_jobs SET ended = ?, summary = ? WHERE id = ?', [new Date().toISOString(), summary ?? null, id]);
  persist(db);
  return code;
}

main().then((code) => { process.exitCode = code ?? 1; }, (error) => { console.error(error); process.exitCode = 1; });
