// Work that can wait for the page to be idle, where the browser has idle callbacks, else a second later.
export const whenIdle = (f: () => void): void => void (globalThis.requestIdleCallback ?? ((g: () => void) => setTimeout(g, 1000)))(f);
