export const ReadinessCheck = Symbol('ReadinessCheck');

/** One part the workbench needs to do its work; `/readyz` names the parts that are not ready. */
export interface ReadinessCheck {
  readonly name: string;
  isReady(): Promise<boolean>;
}
