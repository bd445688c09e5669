import type { Metadata, Viewport } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import './globals.css';

// The document only. The console's frame (navigation, user menu, data providers) is ConsoleShell, used by
// the console's layouts; the site owner's dashboard has its own (my/layout.tsx) and loads none of it.
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common');
  return { title: 'ampfleet', description: t('description') };
}
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        {/* Locale, time zone and messages of the request (i18n/request.ts) reach the client components. */}
        <NextIntlClientProvider>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
