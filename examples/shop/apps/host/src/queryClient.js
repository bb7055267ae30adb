// The one QueryClient of the shop (Strategy A of the field guide: a shared, monolithic cache).
// Exposed as `host/QueryClient`; every app, the host included, imports it through that namespace.
import { QueryClient } from '@tanstack/react-query';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 60 * 1000, gcTime: 5 * 60 * 1000, refetchOnWindowFocus: false, retry: false },
  },
});

export default queryClient;
