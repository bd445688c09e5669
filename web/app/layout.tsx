import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

// The document only. The console's frame (navigation, data providers) is ConsoleShell, used by the
// console's pages; the site owner's dashboard has its own (my/layout.tsx).
export const metadata: Metadata = {
  title: 'ampfleet',
  description: 'Fleet console for ECU-run charging stations',
};
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
