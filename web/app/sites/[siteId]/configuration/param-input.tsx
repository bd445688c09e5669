'use client';
import type { ParamSpec } from '@ampfleet/domain';
import { useTranslations } from 'next-intl';
import type { FirmwareVersion } from '@ampfleet/domain';
import styles from './configuration.module.css';
import type { RawValue, Triplet } from './model';

// One parameter's input, by the catalog's type: a number box (with its unit), three for a per-phase
// value, a list of the options this firmware offers (under its labels), On/Off, text, or a write-only
// password box for a secret (starts empty whatever is stored; typing sets a new one).

interface Props {
  id: string;
  label: string;
  spec: ParamSpec;
  version: FirmwareVersion | undefined;
  raw: RawValue;
  /** The stored secret is set (the field still starts empty). */
  secretSet: boolean;
  errorId: string | undefined;
  onChange: (raw: RawValue) => void;
}

const PHASES = ['l1', 'l2', 'l3'] as const;

export function ParamInput({ id, label, spec, version, raw, secretSet, errorId, onChange }: Props) {
  const t = useTranslations('configuration');
  const common = {
    'aria-invalid': errorId !== undefined,
    ...(errorId !== undefined && { 'aria-describedby': errorId }),
  };
  const text = typeof raw === 'string' ? raw : '';
  switch (spec.type) {
    case 'triplet': {
      const triplet: Triplet = typeof raw === 'string' ? { l1: raw, l2: raw, l3: raw } : raw;
      return (
        <span className={styles.triplet}>
          {PHASES.map((phase) => (
            <input
              key={phase}
              {...(phase === 'l1' && { id })}
              name={`${id}.${phase}`}
              inputMode="numeric"
              aria-label={`${label} ${t('phase', { phase: phase.toUpperCase(), unit: spec.unit })}`}
              value={triplet[phase]}
              onChange={(e) => onChange({ ...triplet, [phase]: e.target.value })}
              {...common}
            />
          ))}
          <span className="muted">{spec.unit}</span>
        </span>
      );
    }
    case 'int':
      return (
        <span className={styles.number}>
          <input
            id={id}
            name={id}
            inputMode="numeric"
            aria-label={label}
            value={text}
            placeholder={spec.default !== undefined ? String(spec.default) : ''}
            onChange={(e) => onChange(e.target.value)}
            {...common}
          />
          {spec.unit && spec.unit !== 'count' ? <span className="muted">{spec.unit}</span> : null}
        </span>
      );
    case 'enum':
      return (
        <select
          id={id}
          name={id}
          aria-label={label}
          value={text}
          onChange={(e) => onChange(e.target.value)}
          {...common}
        >
          <option value="">{t('unset')}</option>
          {spec.options
            .filter((o) => version === undefined || o.labels[version] !== undefined || o.value === text)
            .map((o) => (
              <option key={o.value} value={o.value}>
                {(version && o.labels[version]) ?? o.labels['4.61'] ?? o.value}
              </option>
            ))}
        </select>
      );
    case 'bool':
      return (
        <select
          id={id}
          name={id}
          aria-label={label}
          value={text}
          onChange={(e) => onChange(e.target.value)}
          {...common}
        >
          <option value="">{t('unset')}</option>
          <option value="true">{t('bool.true')}</option>
          <option value="false">{t('bool.false')}</option>
        </select>
      );
    case 'string':
      if (spec.secret)
        return (
          <input
            id={id}
            name={id}
            type="password"
            autoComplete="new-password"
            aria-label={`${label} (${t('secret.label')})`}
            placeholder={secretSet ? t('secret.set') : t('secret.unset')}
            value={text}
            onChange={(e) => onChange(e.target.value)}
            {...common}
          />
        );
      return (
        <input
          id={id}
          name={id}
          aria-label={label}
          value={text}
          maxLength={spec.maxLength + 10}
          onChange={(e) => onChange(e.target.value)}
          {...common}
        />
      );
  }
}
