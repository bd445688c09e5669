import { getTranslations } from 'next-intl/server';
import { RolloutsOnly } from '../guard';
import { NewRollout } from './new-rollout';

export const dynamic = 'force-dynamic';

export default async function NewRolloutPage() {
  const t = await getTranslations('rollouts');
  return (
    <RolloutsOnly path="/rollouts/new">
      <p className="crumbs">
        <a href="/rollouts">{t('title')}</a> / <span>{t('new.title')}</span>
      </p>
      <h1>{t('new.title')}</h1>
      <NewRollout />
    </RolloutsOnly>
  );
}
