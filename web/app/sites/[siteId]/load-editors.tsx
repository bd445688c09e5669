'use client';
import { useTranslations } from 'next-intl';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTRPC } from '../../../lib/trpc';
import type { LoadGetOutput } from '../../../server/routers/load/load.types';
import {
  checkLimits,
  checkPeakCap,
  checkSchedule,
  type EditorIssue,
  type HardwareLimits,
} from './load-editor-checks';
import {
  WEEKDAYS,
  type LoadDimInput,
  type LoadSetLimitsInput,
  type LoadSetPeakCapInput,
  type LoadSetScheduleInput,
  type Weekday,
} from './load-editor-inputs';

// Editors of limits, schedule, dimming and the peak cap: each takes the current values and an
// `onSubmit(input)`; without one (a caller who may not change load) it renders disabled. Every field is checked against the hardware limits before submit (load-editor-checks.ts).

type Phases = { l1: number; l2: number; l3: number };
const PHASES = ['l1', 'l2', 'l3'] as const;

export function hardwareLimitsOf(load: LoadGetOutput): HardwareLimits {
  const networkMaxA: Record<string, number> = {};
  for (const n of load.networks) {
    const sub = n.state?.subDistributionLimit ?? n.configured?.evseSubDistribution;
    if (sub) networkMaxA[n.networkId] = Math.min(sub.l1, sub.l2, sub.l3);
  }
  return { ...(load.mainConnection && { mainConnectionA: load.mainConnection.ratingA }), networkMaxA };
}

function IssueText({ issues, path }: { issues: readonly EditorIssue[]; path: string }) {
  const t = useTranslations('load.editors.error');
  const issue = issues.find((i) => i.path === path || i.path.startsWith(`${path}.`));
  if (!issue) return null;
  return (
    <span className="field-error" role="alert" data-field={issue.path}>
      {issue.max === undefined ? t(issue.key) : t(issue.key, { max: String(issue.max) })}
    </span>
  );
}

function PhaseInputs({
  name,
  value,
  onChange,
  disabled,
}: {
  name: string;
  value: Phases;
  onChange: (v: Phases) => void;
  disabled: boolean;
}) {
  return (
    <span className="phase-inputs">
      {PHASES.map((p) => (
        <input
          key={p}
          type="number"
          name={`${name}.${p}`}
          aria-label={`${name} ${p.toUpperCase()}`}
          min={0}
          step={1}
          value={value[p]}
          disabled={disabled}
          onChange={(e) => onChange({ ...value, [p]: Number(e.target.value) })}
        />
      ))}
    </span>
  );
}

function EditorForm({
  title,
  children,
  disabled,
  onSubmit,
}: {
  title: string;
  children: ReactNode;
  disabled: boolean;
  onSubmit: () => void;
}) {
  const t = useTranslations('load.editors');
  return (
    <form
      className="stack load-editor"
      aria-disabled={disabled}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <fieldset disabled={disabled}>
        <legend>{title}</legend>
        {children}
        <button type="submit">{t('save')}</button>
      </fieldset>
    </form>
  );
}

export function LimitsEditor(props: {
  siteId: string;
  current: LoadSetLimitsInput['limits'];
  hardware: HardwareLimits;
  onSubmit?: (input: LoadSetLimitsInput) => void;
}) {
  const t = useTranslations('load.editors.limits');
  const [limits, setLimits] = useState(props.current);
  const [issues, setIssues] = useState<EditorIssue[]>([]);
  const disabled = props.onSubmit === undefined;
  return (
    <EditorForm
      title={t('title')}
      disabled={disabled}
      onSubmit={() => {
        const found = checkLimits(limits, props.hardware);
        setIssues(found);
        if (found.length === 0) props.onSubmit?.({ siteId: props.siteId, limits });
      }}
    >
      {limits.siteLimitA ? (
        <label>
          {t('siteLimit')}
          <PhaseInputs
            name="limits.siteLimitA"
            value={limits.siteLimitA}
            disabled={disabled}
            onChange={(siteLimitA) => setLimits({ ...limits, siteLimitA })}
          />
          <IssueText issues={issues} path="limits.siteLimitA" />
        </label>
      ) : null}
      {limits.networks.map((n, i) => (
        <label key={n.networkId}>
          {t('networkLimit', { id: n.networkId })}
          {props.hardware.networkMaxA[n.networkId] !== undefined ? (
            <span className="muted">
              {' '}
              ({t('max', { max: `${props.hardware.networkMaxA[n.networkId]} A` })})
            </span>
          ) : null}
          <input
            type="number"
            name={`limits.networks.${i}.maxA`}
            min={0}
            step={1}
            value={n.maxA}
            onChange={(e) =>
              setLimits({
                ...limits,
                networks: limits.networks.map((x, j) =>
                  j === i ? { ...x, maxA: Number(e.target.value) } : x,
                ),
              })
            }
          />
          <IssueText issues={issues} path={`limits.networks.${i}.maxA`} />
        </label>
      ))}
    </EditorForm>
  );
}

type Entry = LoadSetScheduleInput['schedule']['entries'][number];

export function ScheduleEditor(props: {
  siteId: string;
  current: LoadSetScheduleInput['schedule'];
  hardware: HardwareLimits;
  defaultLimitA: Phases;
  onSubmit?: (input: LoadSetScheduleInput) => void;
}) {
  const t = useTranslations('load.editors');
  const [entries, setEntries] = useState<Entry[]>(props.current.entries);
  const [issues, setIssues] = useState<EditorIssue[]>([]);
  const disabled = props.onSubmit === undefined;
  const update = (i: number, e: Partial<Entry>) =>
    setEntries(entries.map((x, j) => (j === i ? { ...x, ...e } : x)));
  return (
    <EditorForm
      title={t('schedule.title')}
      disabled={disabled}
      onSubmit={() => {
        const found = checkSchedule({ entries }, props.hardware);
        setIssues(found);
        if (found.length === 0) props.onSubmit?.({ siteId: props.siteId, schedule: { entries } });
      }}
    >
      {entries.length === 0 ? <p className="muted">{t('schedule.none')}</p> : null}
      {entries.map((e, i) => (
        <div className="schedule-entry" key={i}>
          <span className="weekdays" role="group" aria-label={t('schedule.days')}>
            {WEEKDAYS.map((d: Weekday) => (
              <label key={d} className="weekday">
                <input
                  type="checkbox"
                  checked={e.days.includes(d)}
                  onChange={(x) =>
                    update(i, { days: x.target.checked ? [...e.days, d] : e.days.filter((y) => y !== d) })
                  }
                />
                {t(`weekday.${d}`)}
              </label>
            ))}
          </span>
          <IssueText issues={issues} path={`schedule.entries.${i}.days`} />
          <label>
            {t('schedule.from')}
            <input type="time" value={e.from} onChange={(x) => update(i, { from: x.target.value })} />
          </label>
          <label>
            {t('schedule.to')}
            <input type="time" value={e.to} onChange={(x) => update(i, { to: x.target.value })} />
          </label>
          <IssueText issues={issues} path={`schedule.entries.${i}.to`} />
          <label>
            {t('schedule.limit')}
            <PhaseInputs
              name={`schedule.entries.${i}.siteLimitA`}
              value={e.siteLimitA}
              disabled={disabled}
              onChange={(siteLimitA) => update(i, { siteLimitA })}
            />
          </label>
          <IssueText issues={issues} path={`schedule.entries.${i}.siteLimitA`} />
          <button
            type="button"
            className="secondary"
            onClick={() => setEntries(entries.filter((_, j) => j !== i))}
          >
            {t('schedule.remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="secondary"
        onClick={() =>
          setEntries([
            ...entries,
            {
              days: ['mon', 'tue', 'wed', 'thu', 'fri'],
              from: '17:00',
              to: '20:00',
              siteLimitA: props.defaultLimitA,
            },
          ])
        }
      >
        {t('schedule.add')}
      </button>
    </EditorForm>
  );
}

export function DimmingEditor(props: {
  siteId: string;
  active: boolean;
  onSubmit?: (input: LoadDimInput) => void;
}) {
  const t = useTranslations('load.editors.dimming');
  const [reference, setReference] = useState('');
  const disabled = props.onSubmit === undefined;
  return (
    <EditorForm
      title={t('title')}
      disabled={disabled}
      onSubmit={() =>
        props.onSubmit?.({
          siteId: props.siteId,
          action: props.active ? 'end' : 'start',
          ...(reference.trim() && { reference: reference.trim().slice(0, 100) }),
        })
      }
    >
      <p>
        <span className={`badge ${props.active ? 'warn' : 'ok'}`}>
          {props.active ? t('active') : t('inactive')}
        </span>
      </p>
      <label>
        {t('reference')}
        <input type="text" maxLength={100} value={reference} onChange={(e) => setReference(e.target.value)} />
      </label>
      <p className="muted">{props.active ? t('end') : t('start')}</p>
    </EditorForm>
  );
}

export function PeakCapEditor(props: {
  siteId: string;
  current: number | null;
  hardware: HardwareLimits;
  onSubmit?: (input: LoadSetPeakCapInput) => void;
}) {
  const t = useTranslations('load.editors.peakCap');
  const [value, setValue] = useState(props.current === null ? '' : String(props.current));
  const [issues, setIssues] = useState<EditorIssue[]>([]);
  const disabled = props.onSubmit === undefined;
  return (
    <EditorForm
      title={t('title')}
      disabled={disabled}
      onSubmit={() => {
        const peakCapKw = value.trim() === '' ? null : Number(value.replace(',', '.'));
        const found = checkPeakCap(peakCapKw, props.hardware);
        setIssues(found);
        if (found.length === 0) props.onSubmit?.({ siteId: props.siteId, peakCapKw });
      }}
    >
      <label>
        {t('value')}
        <input
          type="text"
          inputMode="decimal"
          name="peakCapKw"
          placeholder={t('remove')}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <IssueText issues={issues} path="peakCapKw" />
      </label>
    </EditorForm>
  );
}

/**
 * The four editors, wired to load.setLimits / setSchedule / dim / setPeakCap. They start from the
 * settings in force (load.get's `control`), or from the configured limits when none were set; after a
 * save the tab re-reads load.get. People without the right to change load (viewers, site owners) see
 * them disabled — the server refuses them anyway.
 */
export function LoadEditors({
  siteId,
  load,
  canEdit,
}: {
  siteId: string;
  load: LoadGetOutput;
  canEdit: boolean;
}) {
  const t = useTranslations('load.editors');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | undefined>();
  const done = {
    onSuccess: () => {
      setOutcome({ ok: true, text: t('saved') });
      void queryClient.invalidateQueries({ queryKey: trpc.load.get.queryKey({ siteId }) });
    },
    onError: (err: { message: string }) => setOutcome({ ok: false, text: err.message }),
  };
  const setLimits = useMutation(trpc.load.setLimits.mutationOptions(done));
  const setSchedule = useMutation(trpc.load.setSchedule.mutationOptions(done));
  const dim = useMutation(trpc.load.dim.mutationOptions(done));
  const setPeakCap = useMutation(trpc.load.setPeakCap.mutationOptions(done));
  const hardware = hardwareLimitsOf(load);
  const main = load.mainConnection?.ratingA;
  const control = load.control;
  const networks =
    control && control.limits.networks.length > 0
      ? control.limits.networks
      : load.networks.map((n) => ({
          networkId: n.networkId,
          maxA: (() => {
            const op = n.state?.operatorLimit ?? n.configured?.operator;
            return op ? Math.min(op.l1, op.l2, op.l3) : (hardware.networkMaxA[n.networkId] ?? 0);
          })(),
        }));
  const siteLimitA = control?.limits.siteLimitA ?? main;
  const submit = <I,>(run: (input: I) => void) => (canEdit ? (input: I) => run(input) : undefined);
  return (
    <section className="load-editors" data-testid="load-editors" data-wired="true">
      <h3>{t('title')}</h3>
      <p className="muted" data-testid="load-editors-note">
        {canEdit ? t('note') : t('readOnly')}
      </p>
      {outcome ? (
        <p role={outcome.ok ? 'status' : 'alert'} data-testid="load-editors-outcome">
          {outcome.text}
        </p>
      ) : null}
      <div className="load-editor-grid">
        <LimitsEditor
          siteId={siteId}
          current={{ ...(siteLimitA && { siteLimitA }), networks }}
          hardware={hardware}
          onSubmit={submit((input) => setLimits.mutate(input))}
        />
        <ScheduleEditor
          siteId={siteId}
          current={control?.schedule ?? { entries: [] }}
          hardware={hardware}
          defaultLimitA={main ?? { l1: 32, l2: 32, l3: 32 }}
          onSubmit={submit((input) => setSchedule.mutate(input))}
        />
        <DimmingEditor
          siteId={siteId}
          active={control?.dimming.active ?? false}
          onSubmit={submit((input) => dim.mutate(input))}
        />
        <PeakCapEditor
          siteId={siteId}
          current={control?.peakCapKw ?? null}
          hardware={hardware}
          onSubmit={submit((input) => setPeakCap.mutate(input))}
        />
      </div>
    </section>
  );
}
