import { getTranslations } from 'next-intl/server';
import { RolloutsOnly } from './guard';
import { RolloutList } from './rollout-list';

export const dynamic = 'force-dynamic';

export default async function RolloutsPage() {
  const t = await getTranslations('rollouts');
  return (
    <RolloutsOnly path="/rollouts">
      <h1>{t('title')}</h1>
      <RolloutList />
    </RolloutsOnly>
  );
}
