'use client';
import { DEFAULT_TIME_ZONE, FIRMWARE_VERSIONS, UseCase } from '@ampfleet/domain';
import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { z } from 'zod';
import { formText } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';

const IssueList = z.array(z.object({ path: z.string(), message: z.string() }));
type Issue = z.infer<typeof IssueList>[number];
type Mode = 'template' | 'import';

/** Which form field a request path belongs to (template mode); undefined: shown in the list. */
const FIELD_OF: Record<string, string> = {
  'site.id': 'id',
  'site.name': 'name',
  'site.address': 'address',
  'site.timeZone': 'timeZone',
  'template.useCase': 'useCase',
  'template.option': 'option',
  'template.firmware': 'firmware',
  'template.backend': 'backend',
  'template.supplyLine': 'supplyLine',
  'template.main': 'main',
};

function templateRequest(f: FormData) {
  const useCase = formText(f, 'useCase');
  const optional = (name: string) => {
    const value = formText(f, name).trim();
    return value === '' ? {} : { [name]: value };
  };
  return {
    from: 'template',
    template: {
      useCase,
      ...(useCase === 'use-case-4' && { option: formText(f, 'option') }),
      firmware: formText(f, 'firmware'),
      backend: formText(f, 'backend'),
      ...optional('supplyLine'),
      ...optional('main'),
    },
    site: {
      id: formText(f, 'id').trim(),
      name: formText(f, 'name'),
      ...(formText(f, 'address').trim() !== '' && { address: formText(f, 'address') }),
      timeZone: formText(f, 'timeZone').trim(),
    },
  };
}

/** `timeZones`: the server's IANA list (passed in, so the server and the browser render the same options). */
export function NewSiteForm({ timeZones }: { timeZones: readonly string[] }) {
  const t = useTranslations('onboarding.newSite');
  const trpc = useTRPC();
  const create = useMutation(trpc.sites.create.mutationOptions());
  const [mode, setMode] = useState<Mode>('template');
  const [useCase, setUseCase] = useState<string>('use-case-4');
  const [json, setJson] = useState('');
  const [jsonError, setJsonError] = useState<string | undefined>();

  // BAD_REQUEST from the use case carries its field issues (server/trpc.ts errorFormatter).
  const errorData = create.error?.data as { issues?: unknown; code?: string } | null | undefined;
  const issues: Issue[] = IssueList.safeParse(errorData?.issues).data ?? [];
  const fieldIssue = (field: string) =>
    mode === 'template' ? issues.find((i) => FIELD_OF[i.path] === field) : undefined;
  const listed = mode === 'template' ? issues.filter((i) => FIELD_OF[i.path] === undefined) : issues;
  const invalid = (field: string) => (fieldIssue(field) ? { 'aria-invalid': true as const } : {});
  const errorOf = (field: string) => {
    const issue = fieldIssue(field);
    return issue ? (
      <span className="field-error" data-error-for={field}>
        {issue.message}
      </span>
    ) : null;
  };

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setJsonError(undefined);
    if (mode === 'template') {
      create.mutate(templateRequest(new FormData(e.currentTarget)));
      return;
    }
    let site: unknown;
    try {
      site = JSON.parse(json);
    } catch (err) {
      create.reset();
      setJsonError((err as Error).message);
      return;
    }
    create.mutate({ from: 'import', site });
  };
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0];
    if (file) setJson(await file.text());
  };

  const created = create.data;
  const code = errorData?.code;
  return (
    <div className="new-site">
      <form className="stack card" onSubmit={onSubmit} noValidate data-testid="new-site-form">
        <fieldset>
          <legend>{t('from')}</legend>
          <div className="choice">
            {(['template', 'import'] as const).map((m) => (
              <label key={m}>
                <input
                  type="radio"
                  name="mode"
                  value={m}
                  checked={mode === m}
                  onChange={() => {
                    setMode(m);
                    create.reset();
                  }}
                />
                {m === 'template' ? t('fromTemplate') : t('fromImport')}
              </label>
            ))}
          </div>
        </fieldset>
        {mode === 'template' ? (
          <>
            <fieldset>
              <legend>{t('template')}</legend>
              <label>
                {t('template')}
                <select
                  name="useCase"
                  value={useCase}
                  onChange={(e) => setUseCase(e.currentTarget.value)}
                  {...invalid('useCase')}
                >
                  {UseCase.options.map((u) => (
                    <option key={u} value={u}>
                      {t(`templates.${u}`)}
                    </option>
                  ))}
                </select>
                {errorOf('useCase')}
              </label>
              {useCase === 'use-case-4' ? (
                <label>
                  {t('option')}
                  <select name="option" defaultValue="2" {...invalid('option')}>
                    {(['1', '2'] as const).map((o) => (
                      <option key={o} value={o}>
                        {t(`options.${o}`)}
                      </option>
                    ))}
                  </select>
                  {errorOf('option')}
                </label>
              ) : null}
              <div className="row-2">
                <label>
                  {t('firmware')}
                  <select name="firmware" defaultValue="4.61" {...invalid('firmware')}>
                    {FIRMWARE_VERSIONS.map((v) => (
                      <option key={v} value={v}>
                        {v}
                      </option>
                    ))}
                  </select>
                  {errorOf('firmware')}
                </label>
                <label>
                  {t('backend')}
                  <select name="backend" defaultValue="localInternet" {...invalid('backend')}>
                    {(['localInternet', 'sim'] as const).map((b) => (
                      <option key={b} value={b}>
                        {t(`backends.${b}`)}
                      </option>
                    ))}
                  </select>
                  {errorOf('backend')}
                </label>
                <label>
                  {t('supplyLine')} <span className="hint">{t('optional')}</span>
                  <input name="supplyLine" inputMode="numeric" {...invalid('supplyLine')} />
                  {errorOf('supplyLine')}
                </label>
                <label>
                  {t('main')} <span className="hint">{t('optional')}</span>
                  <input name="main" inputMode="numeric" {...invalid('main')} />
                  {errorOf('main')}
                </label>
              </div>
            </fieldset>
            <fieldset>
              <legend>{t('site')}</legend>
              <div className="row-2">
                <label>
                  {t('siteId')}
                  <input name="id" autoComplete="off" {...invalid('id')} />
                  <span className="hint">{t('siteIdHint')}</span>
                  {errorOf('id')}
                </label>
                <label>
                  {t('name')}
                  <input name="name" {...invalid('name')} />
                  {errorOf('name')}
                </label>
                <label>
                  {t('address')} <span className="hint">{t('optional')}</span>
                  <input name="address" {...invalid('address')} />
                  {errorOf('address')}
                </label>
                <label>
                  {t('timeZone')}
                  <input
                    name="timeZone"
                    defaultValue={DEFAULT_TIME_ZONE}
                    list="time-zones"
                    {...invalid('timeZone')}
                  />
                  {errorOf('timeZone')}
                </label>
              </div>
              <datalist id="time-zones">
                {timeZones.map((zone) => (
                  <option key={zone} value={zone} />
                ))}
              </datalist>
            </fieldset>
          </>
        ) : (
          <fieldset>
            <legend>{t('json')}</legend>
            <label>
              {t('file')}
              <input type="file" accept="application/json,.json" onChange={(e) => void onFile(e)} />
            </label>
            <label>
              {t('json')}
              <textarea
                name="json"
                value={json}
                onChange={(e) => setJson(e.currentTarget.value)}
                spellCheck={false}
                aria-invalid={issues.length > 0 || jsonError !== undefined}
              />
              <span className="hint">{t('jsonHint')}</span>
            </label>
          </fieldset>
        )}
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? t('creating') : t('submit')}
        </button>
        {jsonError ? (
          <p role="alert" className="alert">
            {t('notJson', { error: jsonError })}
          </p>
        ) : null}
        {create.error ? (
          <div role="alert" className="alert" data-testid="create-error">
            {issues.length > 0 ? (
              <>
                {t('invalid')}
                <ul className="issues">
                  {(listed.length > 0 ? listed : issues).map((i) => (
                    <li key={`${i.path}:${i.message}`} data-path={i.path}>
                      <code>{i.path}</code>: {i.message}
                    </li>
                  ))}
                </ul>
              </>
            ) : code === 'CONFLICT' ? (
              t('conflict', { message: create.error.message })
            ) : (
              t('failed', { message: create.error.message })
            )}
          </div>
        ) : null}
      </form>
      {created ? (
        <section className="card" role="status" data-testid="created">
          <p>
            {t('created', {
              siteId: created.siteId,
              errors: created.findings.errors,
              warnings: created.findings.warnings,
            })}
          </p>
          <p className="site-actions">
            <a className="button-link" href={`/sites/${encodeURIComponent(created.siteId)}`}>
              {t('openSite')}
            </a>
            <a
              className="button-link"
              href={`/sites/${encodeURIComponent(created.siteId)}/commissioning`}
              data-testid="open-sheet"
            >
              {t('openSheet')}
            </a>
          </p>
        </section>
      ) : null}
    </div>
  );
}
