import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useRecommendations } from '@shop/state/hooks';
import { probeState } from '@shop/probe';
import './probe.js';

// Reads the host's QueryClient from context: this works only because React and
// @tanstack/react-query are one shared instance across the page.
export default function Recommendations() {
  const queryClient = useQueryClient();
  useEffect(() => probeState('recs', 'query-client', queryClient), [queryClient]);
  const recommendations = useRecommendations();
  return (
    <section data-testid="recs">
      <h2>Recommended for you</h2>
      {recommendations.data ? (
        <ul>
          {recommendations.data.map((product) => (
            <li key={product.id}>{product.name}</li>
          ))}
        </ul>
      ) : (
        <p>Loading…</p>
      )}
    </section>
  );
}
