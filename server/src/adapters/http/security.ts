import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Content-Security-Policy for the built client (client/dist): one module script and one
 * stylesheet from this origin, WebAssembly (compiled, never eval'd JavaScript), no inline script or style, socket.io over WebSocket to this
 * origin, camera and microphone through MediaStreams (no network media sources). Nothing may
 * frame Circle, and no plugin, base or form target elsewhere is allowed.
 */
export function cspDirectives(publicUrl: string): Record<string, string[]> {
  const url = new URL(publicUrl);
  const wsOrigin = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
  return {
    'default-src': ["'self'"],
    // 'wasm-unsafe-eval': compiling WebAssembly (background blur, noise suppression, all served
    // from this origin under /vendor and /assets); it does not allow eval() or new Function().
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    'style-src': ["'self'"],
    'img-src': ["'self'"],
    'font-src': ["'self'"],
    'media-src': ["'self'", 'blob:'],
    // 'self' covers same-origin ws:/wss: in current browsers; the PUBLIC_URL origin is named for older ones.
    'connect-src': ["'self'", wsOrigin],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    ...(url.protocol === 'https:' ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** Only this page may use the camera and microphone; nothing else Circle does not need. */
export const PERMISSIONS_POLICY =
  'camera=(self), microphone=(self), display-capture=(), geolocation=(), payment=(), usb=()';

export const HSTS = 'max-age=31536000';

/**
 * Security headers on every response. HSTS only over HTTPS: `req.secure` is true for a TLS
 * connection, or for X-Forwarded-Proto: https from a proxy that TRUST_PROXY trusts.
 * No CORS headers are ever sent, so other origins cannot call the API from a browser.
 */
export function securityHeaders(publicUrl: string): RequestHandler[] {
  return [
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(publicUrl) },
      strictTransportSecurity: false,
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    }),
    (req: Request, res: Response, next: NextFunction) => {
      res.set('Permissions-Policy', PERMISSIONS_POLICY);
      if (req.secure) res.set('Strict-Transport-Security', HSTS);
      next();
    },
  ];
}
