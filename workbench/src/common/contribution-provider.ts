import type { Container, ContainerModuleLoadOptions, ServiceIdentifier } from 'inversify';

/** Theia's pattern: every binding of `T` collected lazily, so multi-bindings may be added by any module. */
export const ContributionProvider = Symbol('ContributionProvider');

export interface ContributionProvider<T> {
  getContributions(): readonly T[];
}

class ContainerBasedContributionProvider<T> implements ContributionProvider<T> {
  private services: readonly T[] | undefined;

  constructor(
    private readonly serviceIdentifier: ServiceIdentifier<T>,
    private readonly container: Container,
  ) {}

  getContributions(): readonly T[] {
    this.services ??= this.container.isBound(this.serviceIdentifier)
      ? this.container.getAll<T>(this.serviceIdentifier)
      : [];
    return this.services;
  }
}

/** Binds `ContributionProvider` named after `id`; inject it with `@inject(ContributionProvider) @named(id)`. */
export function bindContributionProvider(options: ContainerModuleLoadOptions, id: symbol): void {
  options
    .bind(ContributionProvider)
    .toDynamicValue((context) => new ContainerBasedContributionProvider(id, context.get(ContainerToken)))
    .inSingletonScope()
    .whenNamed(id);
}

/** The root container binds itself under this token so contribution providers can enumerate bindings. */
export const ContainerToken = Symbol('Container');
