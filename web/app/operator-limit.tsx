'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../lib/trpc';

// On a site card: send the DLM master's operator limit (§7.1) and follow the command to its result.
// The edge agent refuses a value above the master's EVSE Sub-Distribution Limit; the status says so.
const POLL_MS = 1000;

export function OperatorLimitControl({
  siteId,
  chargePointIds,
}: {
  siteId: string;
  chargePointIds: string[];
}) {
  const trpc = useTRPC();
  const t = useTranslations('site.operatorLimit');
  const [chargePointId, setChargePointId] = useState(chargePointIds[0] ?? '');
  const [amps, setAmps] = useState('16');
  const send = useMutation(trpc.commands.send.mutationOptions());
  const commandId = send.data?.commandId;
  const status = useQuery({
    ...trpc.commands.get.queryOptions({ siteId, commandId: commandId ?? '' }),
    enabled: commandId !== undefined,
    refetchInterval: (q) => (q.state.data?.status === 'pending' ? POLL_MS : false),
  });
  const shown = status.data ?? send.data;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate({ siteId, chargePointId, command: { kind: 'setOperatorLimit', amps: Number(amps) } });
  };
  // The detail comes from the edge agent or the charge point, in their (English) words.
  const statusText = send.isError
    ? t('notSent', { message: send.error.message })
    : shown
      ? shown.detail
        ? t('statusWithDetail', { status: t(`status.${shown.status}`), detail: shown.detail })
        : t(`status.${shown.status}`)
      : '';
  return (
    <form className="operator-limit" onSubmit={submit} data-testid="operator-limit">
      <label>
        {t('master')}{' '}
        <select value={chargePointId} onChange={(e) => setChargePointId(e.target.value)} name="chargePointId">
          {chargePointIds.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
      <label title={t('parameter')}>
        {t('limit')}{' '}
        <input
          name="amps"
          type="number"
          min={0}
          max={2000}
          step={1}
          value={amps}
          onChange={(e) => setAmps(e.target.value)}
          aria-label={t('limitAria')}
        />{' '}
        A
      </label>
      <button type="submit" disabled={send.isPending}>
        {t('set')}
      </button>
      <span data-testid="operator-limit-status" className="muted" role="status">
        {statusText}
      </span>
    </form>
  );
}
