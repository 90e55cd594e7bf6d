// The page's end of the edge sandbox: a hidden `<iframe sandbox="allow-scripts">` (opaque origin) and the
// MessagePort that is the only way to talk to it.
import { seconds } from '../../../workers/shared/duration';
import { Outbox } from '../../../workers/shared/outbox';
import {
  PROTOCOL_VERSION,
  type EdgeBundle,
  type EdgeBundleRef,
  type SandboxRequest,
  type SandboxResponse,
  type SandboxRunRequest,
} from '../../../workers/protocol';
import { SentBundles } from './sent-bundles';

export interface SandboxFrameOptions {
  url: string;
  /** The sandbox must say `ready` within this time. */
  readyTimeoutMs: number;
}

export class SandboxFrame {
  readonly ready: Promise<void>;
  #iframe: HTMLIFrameElement;
  #port: MessagePort;
  #destroyed = false;
  readonly #sent = new SentBundles();
  /** Invokes and cancels, batched: with many requests in flight, one message carries those of several tasks. */
  readonly #outbox = new Outbox<SandboxRunRequest>((message, transfer) => this.#port.postMessage(message, transfer), { leading: true });

  constructor(options: SandboxFrameOptions, onMessage: (message: SandboxResponse) => void) {
    const channel = new MessageChannel();
    this.#port = channel.port1;
    const iframe = document.createElement('iframe');
    iframe.setAttribute('sandbox', 'allow-scripts');
    iframe.title = 'edge runtime sandbox';
    iframe.setAttribute('aria-hidden', 'true');
    iframe.tabIndex = -1;
    iframe.style.display = 'none';
    iframe.src = options.url;
    this.#iframe = iframe;

    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`The edge sandbox (${options.url}) did not start within ${seconds(options.readyTimeoutMs)}.`)),
        options.readyTimeoutMs,
      );
      this.#port.onmessage = (event: MessageEvent<SandboxResponse>) => {
        const message = event.data;
        if (message.type === 'ready') {
          clearTimeout(timer);
          if (message.version === PROTOCOL_VERSION) resolve();
          else reject(new Error(`The edge sandbox speaks protocol ${message.version}, the page ${PROTOCOL_VERSION}: reload the page.`));
          return;
        }
        if (message.type === 'batch') for (const m of message.messages) onMessage(m);
        else onMessage(message);
      };
      // The sandbox's script has run by its load event; its origin is opaque, hence '*'.
      iframe.addEventListener('load', () => iframe.contentWindow?.postMessage({ type: 'connect' }, '*', [channel.port2]), { once: true });
    });
    this.ready.catch(() => {});
    (document.body ?? document.documentElement).appendChild(iframe);
  }

  get destroyed(): boolean {
    return this.#destroyed;
  }

  /** What an invoke sent next on this port carries for `bundle`: a ref when this sandbox has it, else the bundle. */
  bundleFor(bundle: EdgeBundle): EdgeBundle | EdgeBundleRef {
    return this.#sent.carry(bundle);
  }

  send(message: SandboxRequest, transfer: Transferable[] = []): void {
    if (this.#destroyed) return;
    if (message.type === 'invoke' || message.type === 'cancel' || message.type === 'direct-run') this.#outbox.push(message, transfer);
    else this.#port.postMessage(message, transfer);
  }

  destroy(): void {
    this.#destroyed = true;
    this.#outbox.close();
    this.#port.onmessage = null;
    this.#port.close();
    this.#iframe.remove();
  }
}
