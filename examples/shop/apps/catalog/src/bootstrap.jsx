// Standalone page of the catalog remote (development only). Needs the host and cart running.
import { createRoot } from 'react-dom/client';
import { createShopStore } from '@shop/state/redux/preferences';
import ProductList from './ProductList.jsx';

const standaloneStore = createShopStore();
createRoot(document.getElementById('root')).render(<ProductList store={standaloneStore} />);
