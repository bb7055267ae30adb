export function RemoteUnavailable({ id }) {
  return (
    <section className="remote-unavailable" role="status" data-testid="remote-unavailable" data-remote={id}>
      <strong>{id.split('/')[0]}</strong> is unavailable right now. The rest of the shop keeps working.
    </section>
  );
}

export function fallbackModule(id) {
  return { __esModule: true, default: () => <RemoteUnavailable id={id} /> };
}
