// The truth probe (read by e2e/, see ../../../../e2e/README.md).
//
// Each app calls these with the objects it really imported: the library modules (or one of their
// exported functions) and the state objects (stores, QueryClients). The harness groups what was
// registered by identity (===), so "two instances" means two different objects at runtime, not a
// guess from the configuration. Recording only; nothing here changes what the apps do.
const registry = (globalThis.__SHOP_PROBE__ ??= { libraries: [], state: [] });

export function probeLibraries(app, libraries) {
  for (const [key, value] of Object.entries(libraries)) registry.libraries.push({ app, key, value });
}

export function probeState(app, name, value) {
  if (!registry.state.some((entry) => entry.app === app && entry.name === name && entry.value === value)) {
    registry.state.push({ app, name, value });
  }
}
