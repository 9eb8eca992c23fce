import { Option } from 'commander';
import { JobRequestService, type JobRequestKind, type JobRequestOf, type JobRequestResults } from '../node/job-requests/job-request-service.js';
import type { CliContext } from './cli-context.js';
import { NO_WORKBENCH_ENV, workbenchWanted } from './workbench-choice.js';
import { handOverJob, type JobRunListener } from './workbench-client.js';


/** `--no-workbench` of every command that starts a job. */
export function noWorkbenchOption(): Option {
  return new Option('--no-workbench', `run the job in this process even when \`serve\` or \`scheduler run\` is running for this data dir (also: ${NO_WORKBENCH_ENV}=1)`);
}

/**
 * Runs the job `request` asks for and resolves with its result once it ended: in the workbench running for this data
 * dir when there is one that can run it as this process would (its warm plugin host, its state), else here.
 */
export async function runJobRequest<K extends JobRequestKind>(cli: CliContext, request: JobRequestOf<K>, listener: JobRunListener, workbench: boolean | undefined): Promise<JobRequestResults[K]> {
  if (workbenchWanted(workbench)) {
    const handed = await handOverJob(cli.locations, request, listener, cli.interruptToken, (text) => cli.output.error(text));
    if (handed) return handed.result as JobRequestResults[K];
  }
  return cli.withPluginKernel(async (kernel, token) => {
    const handle = await kernel.get<JobRequestService>(JobRequestService).start(request, listener, token);
    listener.onStarted?.(handle.job, handle.joined);
    return handle.done;
  });
}
