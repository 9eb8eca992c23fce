import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './cli.js';

export interface TtyResult {
  readonly code: number;
  readonly output: string;
}

/** One question the CLI asks on its terminal and what a person types once it is on screen. */
export interface TtyAnswer {
  readonly prompt: string;
  readonly answer: string;
}

/**
 * Runs the real CLI on a pseudo-terminal (util-linux `script`) and answers its questions in order, each only
 * after it appeared. `env` overrides the parent's environment; `undefined` removes a variable.
 */
export function runCliOnTty(args: readonly string[], env: Record<string, string | undefined>, answers: readonly TtyAnswer[]): Promise<TtyResult> {
  const command = [process.execPath, join(repoRoot, 'workbench', 'bin', 'timelocker.js'), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...env })) if (value !== undefined) childEnv[key] = value;
  const child = spawn('script', ['-qec', command, '/dev/null'], { env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  const pending = [...answers];
  let output = '';
  let answeredUpTo = 0;
  child.stdout.setEncoding('utf8').on('data', (data: string) => {
    output += data;
    for (let next = pending[0]; next; next = pending[0]) {
      const at = output.indexOf(next.prompt, answeredUpTo);
      if (at < 0) break;
      answeredUpTo = at + next.prompt.length;
      child.stdin.write(next.answer);
      pending.shift();
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}
