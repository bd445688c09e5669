import '../onboarding.css';
import { getTranslations } from 'next-intl/server';

/** The site page's link to the installer's commissioning sheet (issue #12 point 6). */
export async function OnboardingLinks({ siteId }: { siteId: string }) {
  const t = await getTranslations('onboarding.sheet');
  return (
    <p className="site-links">
      <a href={`/sites/${encodeURIComponent(siteId)}/commissioning`} data-testid="commissioning-link">
        {t('link')}
      </a>
    </p>
  );
}
