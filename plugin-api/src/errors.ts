/** Thrown (or rejected) when an operation stops because its CancellationToken fired. */
export class CancellationError extends Error {
  constructor(message = 'Cancelled') {
    super(message);
    this.name = 'CancellationError';
  }
}

/** A registration or call the API refuses, e.g. an id the plugin's manifest does not declare. */
export class PluginApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginApiError';
  }
}
