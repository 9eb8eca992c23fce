import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { PasswordPrompt } from '../node/operations/password-prompt.js';

/** Reads a secret from the terminal without echoing it; `undefined` when stdin is not a TTY. */
export async function askSecret(question: string): Promise<string | undefined> {
  if (!process.stdin.isTTY) return undefined;
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) process.stderr.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    return await new Promise<string>((resolve) => {
      rl.question(question, (answer) => {
        process.stderr.write('\n');
        resolve(answer);
      });
      muted = true;
    });
  } finally {
    rl.close();
  }
}

/** Asks one question on the terminal, echoing the answer (never for secrets). */
export async function askLine(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return await new Promise<string>((resolve) => rl.question(question, resolve));
  } finally {
    rl.close();
  }
}

export async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Standard input as lines (several secrets can be piped at once, one per line). */
export async function readStdinLines(): Promise<string[]> {
  return (await readAllStdin()).split(/\r?\n/);
}

export const terminalPasswordPrompt: PasswordPrompt = { ask: askSecret };
