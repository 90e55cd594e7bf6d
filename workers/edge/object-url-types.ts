// The blob types user code may get blob: URLs for: only types no loader in the worker runs as code (D01).
//
// `import(blobUrl)` runs a module when Chromium reads a JavaScript MIME type in the blob's type, and it reads more
// than the essence: in a comma list the last type wins (`text/plain, text/javascript` runs), leading spaces and
// empty parameters are skipped. So this is an allow-list of whole types, not a deny-list of script essences:
// a known non-script essence, then `;name=value` parameters of token characters (no commas, no quotes).
// No type at all stays allowed: Blob's default, and Chromium imports it as nothing (measured, Chromium 156).
// The runtime loads its own bundles through the native createObjectURL it keeps before hardening (worker.ts).

const TOKEN = "[a-z0-9!#$%&'*+.^_`|~-]+";

/** Essences by top-level type; `*` takes any token subtype. Blob lower-cases its type, so these are lower case. */
const NON_SCRIPT_ESSENCES = {
  text: ['plain', 'csv', 'html', 'css', 'markdown', 'xml', 'tab-separated-values', 'calendar', 'vcard', 'event-stream'],
  application: [
    'octet-stream', 'json', 'ld+json', 'problem+json', 'manifest+json', 'geo+json', 'xml', 'atom+xml', 'rss+xml',
    'pdf', 'zip', 'gzip', 'x-tar', 'x-ndjson', 'x-www-form-urlencoded', 'msgpack', 'cbor', 'protobuf', 'x-protobuf',
  ],
  multipart: ['form-data', 'mixed', 'byteranges'],
  image: ['*'],
  audio: ['*'],
  video: ['*'],
  font: ['*'],
} as const;

function alternatives(): string {
  return Object.entries(NON_SCRIPT_ESSENCES)
    .map(([type, subtypes]) => {
      const listed = subtypes.map((s) => (s === '*' ? TOKEN : s.replace(/[+.]/g, '\\$&')));
      return `${type}/(?:${listed.join('|')})`;
    })
    .join('|');
}

const ALLOWED_TYPE = new RegExp(`^(?:(?:${alternatives()})(?:[ ]*;[ ]*${TOKEN}=${TOKEN})*)?$`);

// User code runs in this realm and may replace RegExp.prototype.exec or Reflect.apply: use the originals.
const exec = RegExp.prototype.exec;
const apply = Reflect.apply;

/** Whether a blob of this type (as the Blob's own `type` getter reports it) may get a blob: URL. */
export function mayHaveObjectUrl(type: string): boolean {
  return apply(exec, ALLOWED_TYPE, [type]) !== null;
}

/** The allow-list, for the refusal message. */
export const NON_SCRIPT_TYPES_SHOWN = 'no type, text/plain, text/csv, application/json, application/octet-stream, image/*, audio/*, video/*, …';
