// FormData bodies serialised as the edge runtime's undici does (boundary `----formdata-undici-0<11 digits>`, no
// trailing CRLF), not with Chromium's `----WebKitFormBoundary…`: a handler that reads `new Response(form).text()` or
// forwards a form sees the edge's bytes.
const { Blob: BlobCtor, Math: MathObj, String: StringCtor, Uint8Array: Uint8ArrayCtor } = globalThis;
const formEntries = FormData.prototype.entries;
const encoder = new TextEncoder();
const encode = encoder.encode.bind(encoder);

const escape = (text: string) => text.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
const normalizeLinefeeds = (text: string) => text.replace(/\r?\n|\r/g, '\r\n');

/** The body undici's extractBody makes of a FormData: a Blob whose type is the multipart content type. */
export function multipartBody(form: FormData): Blob {
  const boundary = `----formdata-undici-0${StringCtor(MathObj.floor(MathObj.random() * 1e11)).padStart(11, '0')}`;
  const prefix = `--${boundary}\r\nContent-Disposition: form-data`;
  const parts: BlobPart[] = [];
  for (const [name, value] of formEntries.call(form) as IterableIterator<[string, FormDataEntryValue]>) {
    const field = `${prefix}; name="${escape(normalizeLinefeeds(name))}"`;
    if (typeof value === 'string') {
      parts.push(encode(`${field}\r\n\r\n${normalizeLinefeeds(value)}\r\n`));
    } else {
      const filename = value.name ? `; filename="${escape(value.name)}"` : '';
      parts.push(encode(`${field}${filename}\r\nContent-Type: ${value.type || 'application/octet-stream'}\r\n\r\n`), value, new Uint8ArrayCtor([13, 10]));
    }
  }
  parts.push(encode(`--${boundary}--`));
  return new BlobCtor(parts, { type: `multipart/form-data; boundary=${boundary}` });
}
