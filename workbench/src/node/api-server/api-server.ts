export const ApiServer = Symbol('ApiServer');

export interface ApiServerOptions {
  /** Defaults to 127.0.0.1; any other address is reachable from the network. */
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Folder with the built UI (index.html); served at `/` when it exists. */
  readonly staticDir?: string;
  /** Failed authentications one client, or one presented token, may make per window before further failures get 429 (valid tokens always pass). */
  readonly authFailureLimit?: number;
  readonly authFailureWindowMs?: number;
}

export interface ApiServerAddress {
  readonly host: string;
  readonly port: number;
  /** Base URL, e.g. `http://127.0.0.1:43123/`. */
  readonly url: string;
}

/** The REST API, its event stream and the static UI over one HTTP listener. */
export interface ApiServer {
  start(options?: ApiServerOptions): Promise<ApiServerAddress>;
  /** Closes the listener and every event stream. */
  stop(): Promise<void>;
}
