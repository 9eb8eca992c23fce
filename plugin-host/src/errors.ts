import type { PluginErrorDto } from '@timelocker/plugin-api/protocol';

export function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));
}

export function toErrorDto(value: unknown): PluginErrorDto {
  const error = toError(value);
  return { name: error.name, message: error.message, stack: error.stack };
}
