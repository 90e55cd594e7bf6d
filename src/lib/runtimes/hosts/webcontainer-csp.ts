// The WebContainer API boots in an iframe from stackblitz.com. When the page's Content-Security-Policy does not allow
// that frame, the boot just never settles; the browser reports the block at once as a `securitypolicyviolation`
// event, so the host can say what is wrong instead of waiting for its timeout.

export const WEBCONTAINER_ORIGIN = 'https://stackblitz.com';

export function watchBlockedFrame(target: EventTarget | undefined): { blocked: Promise<string>; stop(): void } {
  if (!target) return { blocked: new Promise(() => {}), stop() {} };
  let stop = () => {};
  const blocked = new Promise<string>((resolve) => {
    const listener = (event: Event) => {
      const { blockedURI, effectiveDirective } = event as SecurityPolicyViolationEvent;
      if (!blockedURI?.startsWith(WEBCONTAINER_ORIGIN)) return;
      resolve(
        `This page's Content-Security-Policy blocks the WebContainer: its ${effectiveDirective || 'frame-src'} must allow ` +
          `${WEBCONTAINER_ORIGIN}, where the WebContainer boots from.`,
      );
    };
    target.addEventListener('securitypolicyviolation', listener);
    stop = () => target.removeEventListener('securitypolicyviolation', listener);
  });
  return { blocked, stop };
}
