import { z } from 'zod';

// In browsers, parse without generating code at run time, so a strict Content-Security-Policy
// (no 'unsafe-eval') has nothing to refuse. Imported first by every module that builds schemas.
if ((globalThis as { document?: unknown }).document !== undefined) z.config({ jitless: true });
