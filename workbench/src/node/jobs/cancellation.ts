import { CancellationError } from '@timelocker/plugin-api';
import { ResticError } from '../restic/restic-errors.js';

export function isCancellation(error: unknown): boolean {
  return error instanceof CancellationError || (error instanceof ResticError && error.reason === 'cancelled');
}
