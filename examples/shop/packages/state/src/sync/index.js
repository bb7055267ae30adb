// Cross-app cache invalidation for isolated QueryClients (the field guide's BroadcastChannel pattern).
//
// A BroadcastChannel message reaches every OTHER channel object with the same name in this origin:
// the other apps in this tab and every app in the other tabs. The sender invalidates its own cache
// directly and broadcasts for everyone else; each message names the client it came from so that a
// subscriber never invalidates the client that already did it.
import { useEffect } from 'react';

export const QUERY_SYNC_CHANNEL = 'shop:query-sync';

// One long-lived sending channel per app bundle (module scope, never per render).
const outbox = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(QUERY_SYNC_CHANNEL);

const clientIds = new WeakMap();
const clientId = (queryClient) => {
  if (!clientIds.has(queryClient)) clientIds.set(queryClient, crypto.randomUUID());
  return clientIds.get(queryClient);
};

export function invalidateEverywhere(queryClient, queryKey) {
  outbox?.postMessage({ type: 'INVALIDATE', queryKey, source: clientId(queryClient) });
  return queryClient.invalidateQueries({ queryKey });
}

// Subscriber: one per QueryClient that should follow the others. Closed on unmount.
export function useQueryInvalidationSubscriber(queryClient) {
  useEffect(() => {
    const channel = new BroadcastChannel(QUERY_SYNC_CHANNEL);
    const onMessage = (event) => {
      const { type, queryKey, source } = event.data ?? {};
      if (type === 'INVALIDATE' && source !== clientId(queryClient)) queryClient.invalidateQueries({ queryKey });
    };
    channel.addEventListener('message', onMessage);
    return () => {
      channel.removeEventListener('message', onMessage);
      channel.close();
    };
  }, [queryClient]);
}
