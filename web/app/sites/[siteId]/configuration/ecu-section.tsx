'use client';
import { SECRET_MASK, type FirmwareVersion, type Site } from '@ampfleet/domain';
import { useTranslations } from 'next-intl';
import styles from './configuration.module.css';
import {
  ecuAnchor,
  ecuParamGroups,
  fieldKey,
  formatValue,
  paramAnchor,
  rawOf,
  type Edits,
  type FieldError,
  type FieldRef,
  type ParamRow,
  type RawValue,
} from './model';
import { ParamInput } from './param-input';

// One ECU of a station: its parameters under its own firmware's names, in the web interface's two
// menus, each marked Runtime or Save & Restart; a parameter its firmware lacks is 'not applicable'.

type Ecu = Site['stations'][number]['ecus'][number];

interface Props {
  stationId: string;
  ecu: Ecu;
  edits: Edits;
  errors: Record<string, FieldError>;
  /** Field keys to highlight (the Audit tab's link target). */
  highlight: string | undefined;
  open: boolean;
  onEdit: (ref: FieldRef, raw: RawValue) => void;
}

export function EcuSection({ stationId, ecu, edits, errors, highlight, open, onEdit }: Props) {
  const t = useTranslations('configuration');
  const { version, groups } = ecuParamGroups(ecu);
  const changed = Object.values(edits).filter(
    (e) => e.ref.stationId === stationId && e.ref.chargePointId === ecu.chargePointId,
  ).length;
  return (
    <details
      className={styles.ecu}
      id={ecuAnchor(stationId, ecu.chargePointId)}
      open={open}
      data-ecu={ecu.chargePointId}
    >
      <summary>
        <strong>{ecu.chargePointId}</strong>{' '}
        <span className="muted">
          {version
            ? t('ecu.firmware', { firmware: ecu.firmware, version })
            : t('ecu.firmwareUnknown', { firmware: ecu.firmware })}
        </span>
        {changed > 0 ? <span className="badge warn"> {t('ecu.changed', { count: changed })}</span> : null}
      </summary>
      {groups.map((group) => (
        <div key={group.menu} className="table-scroll">
          <h4 className={styles.menu}>{t(`menu.${group.menu}`)}</h4>
          <table className={styles.params}>
            <thead>
              <tr>
                <th>{t('column.parameter')}</th>
                <th>{t('column.value')}</th>
                <th>{t('column.applies')}</th>
                <th>{t('column.section')}</th>
              </tr>
            </thead>
            <tbody>
              {group.rows.map((row) => (
                <ParamRowView
                  key={row.key}
                  ref_={{ stationId, chargePointId: ecu.chargePointId, key: row.key }}
                  row={row}
                  version={version}
                  edits={edits}
                  errors={errors}
                  highlight={highlight}
                  onEdit={onEdit}
                />
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </details>
  );
}

function ParamRowView({
  ref_,
  row,
  version,
  edits,
  errors,
  highlight,
  onEdit,
}: {
  ref_: FieldRef;
  row: ParamRow;
  version: FirmwareVersion | undefined;
  edits: Edits;
  errors: Record<string, FieldError>;
  highlight: string | undefined;
  onEdit: (ref: FieldRef, raw: RawValue) => void;
}) {
  const t = useTranslations('configuration');
  const key = fieldKey(ref_);
  const anchor = paramAnchor(ref_);
  const edit = edits[key];
  const error = errors[key];
  const name = row.name ?? row.spec.names['4.61'] ?? row.key;
  const label = `${name} (${ref_.chargePointId})`;
  const errorId = error ? `${anchor}:error` : undefined;
  const classes = [
    edit ? styles.edited : '',
    error ? styles.invalid : '',
    highlight === anchor ? styles.highlight : '',
    row.applicable ? '' : styles.notApplicable,
  ].join(' ');
  return (
    <tr id={anchor} className={classes} data-param={row.key} data-edited={edit ? 'true' : undefined}>
      <th scope="row" className={styles.name}>
        {name}
        {edit ? <span className={styles.editedMark}> · {t('edited')}</span> : null}
      </th>
      <td className={styles.value}>
        {row.applicable ? (
          <>
            <ParamInput
              id={`${anchor}:input`}
              label={label}
              spec={row.spec}
              version={version}
              raw={edit?.raw ?? rawOf(row.spec, row.value)}
              secretSet={row.value === SECRET_MASK}
              errorId={errorId}
              onChange={(raw) => onEdit(ref_, raw)}
            />
            {error ? (
              <div id={errorId} role="alert" className={styles.error} data-testid="field-error">
                {t(`errors.${error.code}`, { field: label, ...error.values })}
              </div>
            ) : row.value === undefined &&
              !row.secret &&
              !edit &&
              ![undefined, ''].includes(row.spec.default as string) ? (
              <div className="muted">{t('defaultHint', { value: defaultText(row, version, t) })}</div>
            ) : null}
          </>
        ) : (
          <span className="muted" data-testid="not-applicable">
            {row.value === undefined
              ? t('notApplicable', { version: version ?? '' })
              : t('notApplicableSet', { version: version ?? '', value: formatValue(row.value) })}
          </span>
        )}
      </td>
      <td>
        <span className={`badge ${row.spec.apply === 'runtime' ? 'ok' : 'warn'}`} data-apply={row.spec.apply}>
          {t(`apply.${row.spec.apply}`)}
        </span>
      </td>
      <td className="muted">{row.spec.section}</td>
    </tr>
  );
}

/** The catalog's default as the field would show it: an option's label, On/Off, or the value. */
function defaultText(
  row: ParamRow,
  version: FirmwareVersion | undefined,
  t: ReturnType<typeof useTranslations<'configuration'>>,
): string {
  const spec = row.spec;
  if (spec.type === 'enum') {
    const option = spec.options.find((o) => o.value === spec.default);
    return (version && option?.labels[version]) ?? option?.labels['4.61'] ?? String(spec.default);
  }
  if (spec.type === 'bool') return t(spec.default ? 'bool.true' : 'bool.false');
  return formatValue(spec.default);
}
