import { useEffect, useRef } from 'react';

/**
 * A new screen: the page starts at the top and focus moves to its heading, so a keyboard or screen
 * reader user lands on what changed instead of the page body. The heading needs `tabIndex={-1}`.
 */
export function useScreenHeading<T extends HTMLElement = HTMLHeadingElement>(key: unknown = null) {
  const ref = useRef<T>(null);
  useEffect(() => {
    window.scrollTo(0, 0);
    ref.current?.focus({ preventScroll: true });
  }, [key]);
  return ref;
}
