// Fans run events out to every subscriber (each open window or socket). A subscriber that
// throws is isolated: one broken socket must not stop the others or the run.

import type { EventChannel, ApiEvents } from '../api.ts';

/** Called with (channel, payload); checking `channel` narrows `payload` (a union of tuples). */
export type EventListener = (...event: { [E in EventChannel]: [channel: E, payload: ApiEvents[E]] }[EventChannel]) => void;

export class EventHub {
  readonly #listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => { this.#listeners.delete(listener); };
  }

  emit<E extends EventChannel>(channel: E, payload: ApiEvents[E]): void {
    for (const listener of [...this.#listeners]) {
      try {
        (listener as (channel: E, payload: ApiEvents[E]) => void)(channel, payload);
      } catch (e) {
        console.error(`event listener failed on '${channel}': ${(e as Error).message}`);
      }
    }
  }

  get size(): number {
    return this.#listeners.size;
  }
}
