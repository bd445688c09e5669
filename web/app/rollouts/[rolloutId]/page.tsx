import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { RolloutsOnly } from '../guard';
import { RolloutDetail } from './rollout-detail';

export const dynamic = 'force-dynamic';

export default async function RolloutPage({ params }: { params: Promise<{ rolloutId: string }> }) {
  const { rolloutId: raw } = await params;
  const t = await getTranslations('rollouts');
  const rolloutId = z.uuid().safeParse(decodeURIComponent(raw));
  return (
    <RolloutsOnly path={`/rollouts/${encodeURIComponent(raw)}`}>
      <p className="crumbs">
        <a href="/rollouts">{t('title')}</a> / <span>{rolloutId.success ? rolloutId.data : raw}</span>
      </p>
      {rolloutId.success ? <RolloutDetail rolloutId={rolloutId.data} /> : <p role="alert">{t('badId')}</p>}
    </RolloutsOnly>
  );
}
