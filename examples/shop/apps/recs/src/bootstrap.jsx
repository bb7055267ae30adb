// Standalone page of the recs remote (development only): it brings its own provider.
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import Recommendations from './Recommendations.jsx';

const standaloneClient = new QueryClient();
createRoot(document.getElementById('root')).render(
  <QueryClientProvider client={standaloneClient}>
    <Recommendations />
  </QueryClientProvider>,
);
