// Reads a Redux store that was injected as a prop. No <Provider> of our own: the host owns the store.
import { useEffect, useSyncExternalStore } from 'react';
import { probeState } from '@shop/probe';

export function useInjectedSelector(store, selector) {
  useEffect(() => probeState('catalog', 'redux-store', store), [store]);
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}
