import { configure } from '@testing-library/react';
import '@testing-library/jest-dom';

// recharts' ResponsiveContainer measures its parent with ResizeObserver,
// which jsdom lacks; the chart then renders at this fixed size.
class ResizeObserverStub {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    this.callback(
      [
        {
          target,
          contentRect: { width: 800, height: 260 },
        } as unknown as ResizeObserverEntry,
      ],
      this as unknown as ResizeObserver,
    );
  }
  unobserve() {}
  disconnect() {}
}
if (!('ResizeObserver' in globalThis)) {
  (globalThis as any).ResizeObserver = ResizeObserverStub;
}

// The whole repository's suites run in parallel under `./run test`; on a busy
// machine a render can take seconds. Waits still end as soon as the UI is
// there.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });
