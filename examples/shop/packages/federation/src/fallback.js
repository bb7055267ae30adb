// Layer 2 of the remote-loading hardening: an errorLoadRemote fallback.
//
// When a remote module cannot be loaded at all (after the retries of layer 1), the page gets a
// placeholder component instead of a rejected import. Layer 3, the React error boundary around each
// remote in the host, answers for errors thrown by remote code once it is loaded.
//
// This module is part of the federation runtime, which starts before the share scope exists, so it
// must not import React (or anything shared) statically: the placeholder comes in by a dynamic import.
// Only UI modules get a placeholder. A state module (a store, the QueryClient) has no stand-in: its
// failure propagates to the importing remote, whose error boundary answers.
export const PLACEHOLDER_MODULES = new Set(['catalog/ProductList', 'catalog/CurrencySwitch', 'cart/CartDrawer', 'recs/Recommendations']);

export default function shopFallbackPlugin() {
  return {
    name: 'shop-fallback-plugin',
    async errorLoadRemote({ id, error, from, lifecycle }) {
      // During share-scope initialisation ('beforeLoadShare') returning nothing skips the remote.
      if (lifecycle !== 'onLoad' || !PLACEHOLDER_MODULES.has(id)) return undefined;
      console.warn(`[shop] remote module ${id} could not be loaded, rendering a placeholder: ${error?.message ?? error}`);
      const { fallbackModule } = await import('./RemoteUnavailable.jsx');
      const module = fallbackModule(id);
      // Build-time imports (`import('recs/Recommendations')`) expect a factory, runtime loadRemote a module.
      return from === 'build' ? () => module : module;
    },
  };
}
