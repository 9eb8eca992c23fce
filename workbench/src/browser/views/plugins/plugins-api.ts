import type { PluginStatusDto } from '../../../common/plugin-status-dto.js';
import type { ApiClient } from '../../api/api-client.js';

export type { PluginStatusDto } from '../../../common/plugin-status-dto.js';

/** A config entry whose plugin is unavailable (`GET /api/v1/plugins/inactive-entries`). */
export interface InactiveEntryDto {
  readonly jsonPath: string;
  readonly entry: string;
  readonly pluginId?: string;
  readonly state: string;
  readonly message: string;
}

export interface InstalledPluginDto {
  readonly id: string;
  readonly version: string;
  readonly replaced?: string;
}

const enc = encodeURIComponent;

/** The plugin management part of the REST API (admin for changes; the server validates and audits as for the CLI). */
export class PluginsApi {
  constructor(private readonly api: ApiClient) {}

  list(): Promise<PluginStatusDto[]> {
    return this.api.request('GET', '/plugins');
  }

  inactiveEntries(): Promise<InactiveEntryDto[]> {
    return this.api.request('GET', '/plugins/inactive-entries');
  }

  setEnabled(id: string, enabled: boolean): Promise<PluginStatusDto> {
    return this.api.request('POST', `/plugins/${enc(id)}/${enabled ? 'enable' : 'disable'}`);
  }

  uninstall(id: string): Promise<unknown> {
    return this.api.request('DELETE', `/plugins/${enc(id)}`);
  }

  /** A folder or `npm pack` tarball on the machine the workbench runs on. */
  installFrom(source: string): Promise<InstalledPluginDto> {
    return this.api.request('POST', '/plugins', { source });
  }

  /** A tarball picked in the browser, uploaded as it is. */
  async upload(file: Blob): Promise<InstalledPluginDto> {
    return this.api.request('POST', '/plugins/package', file, { 'content-type': 'application/gzip' });
  }
}
