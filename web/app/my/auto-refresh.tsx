'use client';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

// Live figures without a client data library: the server re-renders the page every few seconds
// (router.refresh fetches only the new server-component payload), and only while the page is visible.
export function AutoRefresh({ seconds }: { seconds: number }) {
  const router = useRouter();
  useEffect(() => {
    const id = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, seconds * 1000);
    return () => clearInterval(id);
  }, [router, seconds]);
  return null;
}
