// Query keys and hooks. Stateless: they run against whichever QueryClient the nearest
// QueryClientProvider supplies (the host's shared one, or the cart's isolated one).
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';

export const queryKeys = {
  me: ['user', 'me'],
  products: ['products'],
  product: (id) => ['products', id],
  recommendations: ['recommendations'],
  orders: ['orders'],
};

export const useMe = () => useQuery({ queryKey: queryKeys.me, queryFn: api.me });
export const useProducts = () => useQuery({ queryKey: queryKeys.products, queryFn: api.products });
export const useProduct = (id) => useSuspenseQuery({ queryKey: queryKeys.product(id), queryFn: () => api.product(id) });
export const useRecommendations = () => useQuery({ queryKey: queryKeys.recommendations, queryFn: api.recommendations });
export const useOrders = () => useQuery({ queryKey: queryKeys.orders, queryFn: api.orders });
