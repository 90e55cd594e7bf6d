// Bytes ↔ base64 for the page and the workers (bodies cross JSON channels as base64): the platform's own
// Uint8Array.toBase64/fromBase64 where it has them (Chromium), else btoa/atob in pieces small enough for the stack.

const PIECE = 3 * 8192;

type Base64Native = { toBase64?(): string };
type Base64Static = { fromBase64?(text: string): Uint8Array };

export function bytesToBase64(bytes: Uint8Array): string {
  const native = (bytes as Base64Native).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  const pieces: string[] = [];
  for (let i = 0; i < bytes.length; i += PIECE) {
    pieces.push(btoa(String.fromCharCode.apply(null, bytes.subarray(i, i + PIECE) as unknown as number[])));
  }
  return pieces.join('');
}

export function base64ToBytes(text: string): Uint8Array {
  const native = (Uint8Array as Base64Static).fromBase64;
  if (typeof native === 'function') return native(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
