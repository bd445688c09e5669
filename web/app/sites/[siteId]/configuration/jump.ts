'use client';
import { useEffect, useState } from 'react';

// The Audit tab links a finding to its field as `?tab=configuration#param:<station>/<cp>/<key>`: once the
// configuration is shown, the field's ECU is opened, the row scrolled into view, marked and focused.

export function useJumpTarget(ready: boolean): string | undefined {
  const [target, setTarget] = useState<string>();
  useEffect(() => {
    const read = () => setTarget(decodeURIComponent(window.location.hash.slice(1)) || undefined);
    read();
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, []);
  useEffect(() => {
    if (!ready || !target) return;
    const element = document.getElementById(target);
    if (!element) return;
    const details = element.closest('details');
    if (details) details.open = true;
    element.scrollIntoView({ block: 'center' });
    document.getElementById(`${target}:input`)?.focus({ preventScroll: true });
  }, [ready, target]);
  return target;
}
