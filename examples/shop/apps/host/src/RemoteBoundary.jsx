// Layer 3 of the remote-loading hardening: a React error boundary around every remote. It catches
// what the errorLoadRemote fallback cannot: errors thrown by a remote's code while it renders.
import { Component, Suspense } from 'react';

export class RemoteBoundary extends Component {
  state = { error: null };

  static getDerivedStateFromError(error) {
    return { error };
  }

  render() {
    const { name, children } = this.props;
    if (this.state.error) {
      return (
        <section role="alert" data-testid={`boundary-${name}`}>
          <p>
            The {name} section failed: {String(this.state.error.message ?? this.state.error)}
          </p>
          <button data-testid={`boundary-${name}-retry`} onClick={() => this.setState({ error: null })}>
            Retry
          </button>
        </section>
      );
    }
    return <Suspense fallback={<section>Loading {name}…</section>}>{children}</Suspense>;
  }
}
