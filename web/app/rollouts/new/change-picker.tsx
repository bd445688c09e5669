'use client';
import {
  paramSpec,
  ROLLOUT_PARAMS,
  ROLLOUT_TEMPLATES,
  TEMPLATE_SECTIONS,
  type EcuParamKey,
  type RolloutTemplate,
} from '@ampfleet/domain';
import { useTranslations } from 'next-intl';
import { ParamInput } from '../../sites/[siteId]/configuration/param-input';
import { parseRaw, rawOf, type FieldError, type RawValue } from '../../sites/[siteId]/configuration/model';
import { paramName } from '../change-label';
import styles from '../rollouts.module.css';

// Step 1: the ONE change a rollout carries: a parameter value (typed and checked as the Configuration tab
// checks it, against the catalog) or one of the §7.1–§7.4 DLM templates applied to each site's stations.

export type ChangeDraft =
  { kind: 'parameter'; param: EcuParamKey; raw: RawValue } | { kind: 'template'; template: RolloutTemplate };

export const FIRST_DRAFT: ChangeDraft = {
  kind: 'parameter',
  param: 'operatorCurrentLimit',
  raw: rawOf(paramSpec('operatorCurrentLimit'), undefined),
};

/** The change as rollouts.create takes it, or the field error that keeps it from being one. */
export function changeOf(
  draft: ChangeDraft,
): { change: Record<string, unknown> } | { error: FieldError } | { empty: true } {
  if (draft.kind === 'template') return { change: { kind: 'template', template: draft.template } };
  const parsed = parseRaw(paramSpec(draft.param), draft.raw);
  if ('error' in parsed) return { error: parsed.error };
  if (parsed.value === undefined) return { empty: true };
  return { change: { kind: 'parameter', param: draft.param, value: parsed.value } };
}

export function ChangePicker({
  draft,
  onChange,
}: {
  draft: ChangeDraft;
  onChange: (draft: ChangeDraft) => void;
}) {
  const t = useTranslations('rollouts.new');
  const tc = useTranslations('configuration');
  const parsed = changeOf(draft);
  const spec = draft.kind === 'parameter' ? paramSpec(draft.param) : undefined;
  const name = draft.kind === 'parameter' ? paramName(draft.param) : '';
  return (
    <fieldset className={styles.step} data-testid="change-picker">
      <legend>{t('change.legend')}</legend>
      <div className={styles.kinds} role="radiogroup" aria-label={t('change.kind')}>
        <label>
          <input
            type="radio"
            name="kind"
            value="parameter"
            checked={draft.kind === 'parameter'}
            onChange={() => onChange(FIRST_DRAFT)}
          />{' '}
          {t('change.parameter')}
        </label>
        <label>
          <input
            type="radio"
            name="kind"
            value="template"
            checked={draft.kind === 'template'}
            onChange={() => onChange({ kind: 'template', template: 'useCase1' })}
          />{' '}
          {t('change.template')}
        </label>
      </div>
      {draft.kind === 'parameter' && spec ? (
        <div className={styles.fields}>
          <label>
            <span>{t('change.param')}</span>
            <select
              name="param"
              value={draft.param}
              onChange={(e) => {
                const param = e.target.value as EcuParamKey;
                onChange({ kind: 'parameter', param, raw: rawOf(paramSpec(param), undefined) });
              }}
            >
              {ROLLOUT_PARAMS.map((key) => (
                <option key={key} value={key}>
                  {paramName(key)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('change.value')}</span>
            <ParamInput
              id="rollout-value"
              label={name}
              spec={spec}
              version={undefined}
              raw={draft.raw}
              secretSet={false}
              errorId={'error' in parsed ? 'rollout-value-error' : undefined}
              onChange={(raw) => onChange({ ...draft, raw })}
            />
          </label>
          <p className="muted">
            {spec.section} ·{' '}
            {spec.apply === 'saveAndRestart' ? t('change.saveAndRestart') : t('change.runtime')} ·{' '}
            {t(`change.scope.${spec.scope}`)}
          </p>
          {'error' in parsed ? (
            <p role="alert" id="rollout-value-error" data-testid="change-error">
              {tc(`errors.${parsed.error.code}`, { field: name, ...parsed.error.values })}
            </p>
          ) : null}
        </div>
      ) : draft.kind === 'template' ? (
        <div className={styles.fields}>
          <label>
            <span>{t('change.templateName')}</span>
            <select
              name="template"
              value={draft.template}
              onChange={(e) => onChange({ kind: 'template', template: e.target.value as RolloutTemplate })}
            >
              {ROLLOUT_TEMPLATES.map((x) => (
                <option key={x} value={x}>
                  {TEMPLATE_SECTIONS[x]} · {t(`templates.${x}`)}
                </option>
              ))}
            </select>
          </label>
          <p className="muted">{t('change.templateNote')}</p>
        </div>
      ) : null}
    </fieldset>
  );
}
