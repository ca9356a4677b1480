import type { StateServiceStore } from '@iis-console/contracts';

/**
 * What the running service says about its store: where sessions live, whether it reaches the store
 * and how fast, and how many state service instances share it (docs/state-store.md §4).
 */
export function StoreStatusLine({ store }: { store: StateServiceStore }) {
  if (store.kind === 'memory') {
    return <p className="field-description">Sessions are kept in the service's own memory.</p>;
  }
  const health = store.reachable
    ? `reachable${store.roundTripMs !== undefined ? `, round trip ${store.roundTripMs} ms` : ''}`
    : `not reachable: ${store.lastError ?? 'connecting'}. Requests fail until it is back`;
  const instances = store.instances ?? 1;
  return (
    <>
      <p
        className={store.reachable ? 'field-description' : 'alert error'}
        role={store.reachable ? undefined : 'alert'}
      >
        Store in use: Redis at {store.address}, key prefix "{store.keyPrefix}" — {health}.
      </p>
      {instances > 1 && (
        <p className="alert info">
          Shared by {instances} state service instances: every one of them serves the same sessions, and the
          counters below are theirs together.
        </p>
      )}
    </>
  );
}
