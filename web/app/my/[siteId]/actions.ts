'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { serverCaller } from '../../../server/caller';

/**
 * Pause or resume charging at a charge point (the dashboard's form). Input is checked by the
 * procedures (dashboard.pause / dashboard.resume: zod, tenancy); any failure comes back as a notice.
 */
export async function setPaused(form: FormData): Promise<void> {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  const siteId = text('siteId');
  const target = { siteId, chargePointId: text('chargePointId') };
  const page = `/my/${encodeURIComponent(siteId)}`;
  let ok = true;
  try {
    const caller = await serverCaller();
    if (text('action') === 'resume') await caller.dashboard.resume(target);
    else await caller.dashboard.pause(target);
  } catch {
    ok = false;
  }
  if (!ok) redirect(`${page}?notice=actionFailed`);
  revalidatePath(page);
}
