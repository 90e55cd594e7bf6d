// The full page's chunk (full-page.ts): main.ts loads it before mounting the full page, which reads it synchronously.
import { lazyModule } from '../lib/lazy-module';

export const fullPage = lazyModule(() => import('./full-page'));
