// The cart's own, isolated QueryClient (Strategy B of the field guide). Its ['products'] overlap
// the host's cache, so every mutation here invalidates across apps over BroadcastChannel
// (see @shop/state/sync), and the cart follows the others' invalidations the same way.
import { QueryClient } from '@tanstack/react-query';

export const cartQueryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 60 * 1000, gcTime: 5 * 60 * 1000, refetchOnWindowFocus: false, retry: false },
  },
});
