import { Component, type ReactNode } from 'react';

/**
 * A part of the page that fails to draw shows why instead of taking the whole operations centre down
 * with it; the rest (map, alarms) keeps working. `resetKey` changing gives it another try.
 */
export class ErrorBoundary extends Component<
  { children: ReactNode; fallback: (message: string) => ReactNode; resetKey?: unknown },
  { message: string | null; key: unknown }
> {
  override state = { message: null as string | null, key: undefined as unknown };

  static getDerivedStateFromError(error: unknown) {
    return { message: error instanceof Error ? error.message : String(error) };
  }

  static getDerivedStateFromProps(props: { resetKey?: unknown }, state: { message: string | null; key: unknown }) {
    return props.resetKey !== state.key ? { message: null, key: props.resetKey } : null;
  }

  override componentDidCatch(error: unknown): void {
    console.error('operations centre: a panel failed to draw', error);
  }

  override render() {
    return this.state.message !== null ? this.props.fallback(this.state.message) : this.props.children;
  }
}
