import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';

configure({
  // The first test to open a page waits for its lazily loaded chunk to be transformed; on a busy
  // two-core machine that takes longer than Testing Library's default second.
  asyncUtilTimeout: 10_000,
  // ByRole queries skip their visibility check: it asks jsdom for each element's inherited
  // `visibility`, which jsdom resolves through every ancestor and antd's CSS variables, so that
  // one query over a table row took 20 s. jsdom lays nothing out, so the check told little; the
  // app's hidden parts (closed drawers, modals) are not rendered at all, and e2e tests see the
  // real page.
  defaultHidden: true,
});

// antd's Grid and responsive components ask matchMedia, which jsdom lacks. Nothing matches, so
// components render as on the narrowest screen; a test of the desktop layout calls setScreenWidth.
const narrowScreen = (query: string): MediaQueryList => ({
  matches: false,
  media: query,
  onchange: null,
  addListener: () => {},
  removeListener: () => {},
  addEventListener: () => {},
  removeEventListener: () => {},
  dispatchEvent: () => false,
});
Object.defineProperty(window, 'matchMedia', { writable: true, value: narrowScreen });

// antd's dropdowns and text ellipsis watch sizes through ResizeObserver, which jsdom lacks; in a
// page that never lays out, nothing ever resizes.
window.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

// antd measures the scrollbar through a ::-webkit-scrollbar pseudo-element when a drawer locks
// scrolling; jsdom does not compute pseudo-element styles and complains. The element's own style
// is all such a measurement can get here anyway.
const getComputedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element) => getComputedStyle(element);

// A console.error in a test is a bug we would otherwise scroll past (act() warnings, antd
// deprecations, invalid DOM nesting): it fails the test. A test that expects one stubs
// console.error itself with vi.spyOn(console, 'error').mockImplementation(...).
let consoleErrors: unknown[][] = [];
beforeEach(() => {
  consoleErrors = [];
  const original = console.error;
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    consoleErrors.push(args);
    original(...args);
  });
});

afterEach(() => {
  cleanup();
  window.matchMedia = narrowScreen;
  vi.restoreAllMocks();
  if (consoleErrors.length > 0) {
    throw new Error(
      `console.error was called ${consoleErrors.length} time(s) during the test; first call:\n${consoleErrors[0]
        ?.map(String)
        .join(' ')}`,
    );
  }
});
