import type { ProviderPoint, ProviderRegistrationDto } from '@timelocker/plugin-api/protocol';

/** Implementations the current host registered, by handle; emptied when the host goes away. */
export class ProviderHandles {
  private readonly byHandle = new Map<number, ProviderRegistrationDto>();

  add(registration: ProviderRegistrationDto): void {
    this.byHandle.set(registration.handle, registration);
  }

  remove(handle: number): void {
    this.byHandle.delete(handle);
  }

  get(handle: number): ProviderRegistrationDto | undefined {
    return this.byHandle.get(handle);
  }

  find(point: ProviderPoint, id: string): ProviderRegistrationDto | undefined {
    for (const r of this.byHandle.values()) if (r.point === point && r.id === id) return r;
    return undefined;
  }

  all(point: ProviderPoint): ProviderRegistrationDto[] {
    return [...this.byHandle.values()].filter((r) => r.point === point);
  }

  clear(): void {
    this.byHandle.clear();
  }
}
