// Next's own error pages. The 500: its answer when an edge route handler fails before responding (it throws, or returns something that is not
// a Response): `handleCatchallRenderRequest` catches, logs, and `renderError` sends the 500 page (`pages/_error`).
// Checked with `next start` of 13.5, 15.5 and 16.4 for App Router and `pages/api` edge routes alike: 500,
// `text/html; charset=utf-8`, this markup (15+ form) around build-specific scripts, which are left out here.
import type { HeaderList } from '../protocol';
import { generateETag } from './next-etag';

const STYLE =
  'body{color:#000;background:#fff;margin:0}.next-error-h1{border-right:1px solid rgba(0,0,0,.3)}' +
  '@media (prefers-color-scheme:dark){body{color:#fff;background:#000}.next-error-h1{border-right:1px solid rgba(255,255,255,.3)}}';

/** `pages/_error`'s markup (15+ form) for a status and its text, without the build's scripts. */
function errorHtml(status: number, text: string): string {
  const nextData = JSON.stringify({
    props: { pageProps: { statusCode: status, ...(status === 500 ? { hostname: 'localhost' } : {}) } },
    page: '/_error',
    query: {},
    buildId: 'playground',
    isFallback: false,
    ...(status === 500 ? { isExperimentalCompile: false, err: { name: 'Internal Server Error.', message: '500 - Internal Server Error.', statusCode: 500 } } : {}),
    gip: true,
    scriptLoader: [],
  });
  return (
    '<!DOCTYPE html><html><head><meta charSet="utf-8" data-next-head=""/><meta name="viewport" content="width=device-width" data-next-head=""/>' +
    `<title data-next-head="">${status}: ${text}</title><noscript data-n-css=""></noscript></head><body><div id="__next">` +
    '<div style="font-family:system-ui,&quot;Segoe UI&quot;,Roboto,Helvetica,Arial,sans-serif,&quot;Apple Color Emoji&quot;,&quot;Segoe UI Emoji&quot;;height:100vh;text-align:center;display:flex;flex-direction:column;align-items:center;justify-content:center">' +
    `<div style="line-height:48px"><style>${STYLE}</style>` +
    `<h1 class="next-error-h1" style="display:inline-block;margin:0 20px 0 0;padding-right:23px;font-size:24px;font-weight:500;vertical-align:top">${status}</h1>` +
    `<div style="display:inline-block"><h2 style="font-size:14px;font-weight:400;line-height:28px">${text}<!-- -->.</h2></div></div></div></div>` +
    `<script id="__NEXT_DATA__" type="application/json">${nextData}</script></body></html>`
  );
}

export const NEXT_500_HTML = errorHtml(500, 'Internal Server Error');

export interface ErrorPage {
  status: number;
  statusText: string;
  headers: HeaderList;
  body: string;
}

const page = (status: number, statusText: string, body: string): ErrorPage => ({
  status,
  statusText,
  headers: [
    ['cache-control', 'private, no-cache, no-store, max-age=0, must-revalidate'],
    ['content-type', 'text/html; charset=utf-8'],
    ['etag', generateETag(body)],
  ],
  body,
});

export const NEXT_500_PAGE = page(500, 'Internal Server Error', NEXT_500_HTML);

/** The 405 `next start` sends for a method other than GET or HEAD on a prerendered route (13.5–16.4), with its two `Allow` headers. */
export const NEXT_405_PAGE: ErrorPage = (({ headers, ...rest }) => ({ ...rest, headers: [['allow', 'GET'], ['allow', 'HEAD'], ...headers] }))(
  page(405, 'Method Not Allowed', errorHtml(405, 'Method Not Allowed')),
);

/** The 404 `pages/_error` renders (a project with pages/, up to 15.x). */
export const NEXT_404_PAGES_PAGE = page(404, 'Not Found', errorHtml(404, 'This page could not be found'));

/** The App Router's default not-found page (its visible text; the RSC payload and scripts are the build's). */
export const NEXT_404_APP_PAGE = page(
  404,
  'Not Found',
  '<!DOCTYPE html><html><head><meta charSet="utf-8"/><title>404: This page could not be found.</title></head><body><div style="font-family:system-ui,sans-serif;height:100vh;text-align:center;display:flex;flex-direction:column;align-items:center;justify-content:center"><div><h1 class="next-error-h1" style="display:inline-block;margin:0 20px 0 0;padding:0 23px 0 0;font-size:24px;font-weight:500;vertical-align:top;line-height:49px">404</h1><div style="display:inline-block"><h2 style="font-size:14px;font-weight:400;line-height:49px;margin:0">This page could not be found.</h2></div></div></div></body></html>',
);
