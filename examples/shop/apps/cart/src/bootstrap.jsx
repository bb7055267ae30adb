// Standalone page of the cart remote (development only; the shop loads remoteEntry.js instead).
import { createRoot } from 'react-dom/client';
import CartDrawer from './CartDrawer.jsx';

createRoot(document.getElementById('root')).render(<CartDrawer />);
