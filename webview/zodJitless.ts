/**
 * Imported first by the webview's entry: zod decides whether to compile fast
 * paths with `new Function` when a schema is created, so `jitless` must be set
 * before any schema module (webviewProtocol) runs. Under the webview's CSP the
 * probe alone reports a violation, even though zod catches the refusal.
 */
import * as z from 'zod';

z.config({ jitless: true });
