import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Topic, WorkbenchState } from './workbench-state.js';

/** Which topic lists each element already listens to: views are connected again whenever they are shown again. */
const controlled = new WeakMap<ReactiveControllerHost, Set<string>>();

/**
 * Re-renders a lit element (or runs `onChange`) whenever one of the given topics changes. Views create their
 * controllers in `connectedCallback`, which runs again each time the view is shown: a second controller for the same
 * element and topics is not added, so a view never reloads twice for one change.
 */
export class StateController implements ReactiveController {
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly host: ReactiveControllerHost, private readonly state: WorkbenchState, private readonly topics: readonly Topic[], private readonly onChange?: () => void) {
    const key = topics.join(',');
    const keys = controlled.get(host) ?? new Set<string>();
    controlled.set(host, keys);
    if (keys.has(key)) return;
    keys.add(key);
    host.addController(this);
  }

  hostConnected(): void {
    for (const topic of this.topics) this.unsubscribe.push(this.state.subscribe(topic, () => (this.onChange ? this.onChange() : this.host.requestUpdate())));
  }

  hostDisconnected(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }
}
