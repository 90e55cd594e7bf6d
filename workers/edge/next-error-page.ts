// Next's own answer when an edge route handler fails before responding (it throws, or returns something that is not
// a Response): `handleCatchallRenderRequest` catches, logs, and `renderError` sends the 500 page (`pages/_error`).
// Checked with `next start` of 13.5, 15.5 and 16.4 for App Router and `pages/api` edge routes alike: 500,
// `text/html; charset=utf-8`, this markup (15+ form) around build-specific scripts, which are left out here.
import type { HeaderList } from '../protocol';
import { generateETag } from '../shared/next-etag';

const STYLE =
  'body{color:#000;background:#fff;margin:0}.next-error-h1{border-right:1px solid rgba(0,0,0,.3)}' +
  '@media (prefers-color-scheme:dark){body{color:#fff;background:#000}.next-error-h1{border-right:1px solid rgba(255,255,255,.3)}}';

const NEXT_DATA = JSON.stringify({
  props: { pageProps: { statusCode: 500, hostname: 'localhost' } },
  page: '/_error',
  query: {},
  buildId: 'playground',
  isFallback: false,
  isExperimentalCompile: false,
  err: { name: 'Internal Server Error.', message: '500 - Internal Server Error.', statusCode: 500 },
  gip: true,
  scriptLoader: [],
});

export const NEXT_500_HTML =
  '<!DOCTYPE html><html><head><meta charSet="utf-8" data-next-head=""/><meta name="viewport" content="width=device-width" data-next-head=""/>' +
  '<title data-next-head="">500: Internal Server Error</title><noscript data-n-css=""></noscript></head><body><div id="__next">' +
  '<div style="font-family:system-ui,&quot;Segoe UI&quot;,Roboto,Helvetica,Arial,sans-serif,&quot;Apple Color Emoji&quot;,&quot;Segoe UI Emoji&quot;;height:100vh;text-align:center;display:flex;flex-direction:column;align-items:center;justify-content:center">' +
  `<div style="line-height:48px"><style>${STYLE}</style>` +
  '<h1 class="next-error-h1" style="display:inline-block;margin:0 20px 0 0;padding-right:23px;font-size:24px;font-weight:500;vertical-align:top">500</h1>' +
  '<div style="display:inline-block"><h2 style="font-size:14px;font-weight:400;line-height:28px">Internal Server Error<!-- -->.</h2></div></div></div></div>' +
  `<script id="__NEXT_DATA__" type="application/json">${NEXT_DATA}</script></body></html>`;

export interface ErrorPage {
  status: number;
  statusText: string;
  headers: HeaderList;
  body: string;
}

export const NEXT_500_PAGE: ErrorPage = {
  status: 500,
  statusText: 'Internal Server Error',
  headers: [
    ['cache-control', 'private, no-cache, no-store, max-age=0, must-revalidate'],
    ['content-type', 'text/html; charset=utf-8'],
    ['etag', generateETag(NEXT_500_HTML)],
  ],
  body: NEXT_500_HTML,
};
