/**
 * `timelocker snapshots | head` closes the pipe while the CLI still writes: the write fails with EPIPE, which Node
 * raises as an unhandled 'error' event (a stack trace, exit 1) where a shell tool stops writing quietly. Output to a
 * reader that left is dropped; the command itself runs to its end (a job is never cut short by its reader leaving).
 */
export function dropOutputAfterBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
