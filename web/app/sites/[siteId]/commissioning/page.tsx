import { SiteId } from '@ampfleet/domain';
import { TRPCError } from '@trpc/server';
import { getTranslations } from 'next-intl/server';
import { serverCaller } from '../../../../server/caller';
import '../../onboarding.css';
import { PrintButton } from './print-button';

export const dynamic = 'force-dynamic';

// The installer's commissioning sheet (issue #12 point 6): per ECU the settings to enter in its web
// interface, laid out like the manual's tables. A server page over `sites.commissioning`; printing is the
// browser's (onboarding.css @media print: no console frame, one A4 page per ECU) — and its "Save as PDF"
// is the PDF. Secret rows print a placeholder, never a value (the procedure has none to give).

export default async function CommissioningPage({ params }: { params: Promise<{ siteId: string }> }) {
  const { siteId: raw } = await params;
  const t = await getTranslations('onboarding.sheet');
  const parsed = SiteId.safeParse(decodeURIComponent(raw));
  if (!parsed.success) return <p role="alert">{(await getTranslations('site'))('badSiteId')}</p>;
  const siteId = parsed.data;
  const caller = await serverCaller();
  const sheet = await caller.sites.commissioning({ siteId }).catch((err: unknown) => {
    if (err instanceof TRPCError) return err;
    throw err;
  });
  if (sheet instanceof TRPCError) return <p role="alert">{sheet.message}</p>;
  return (
    <article className="sheet" data-testid="commissioning-sheet">
      <p className="crumbs no-print">
        <a href="/sites">{(await getTranslations('onboarding.newSite'))('crumbs')}</a> /{' '}
        <a href={`/sites/${encodeURIComponent(siteId)}`}>{siteId}</a> / <span>{t('title')}</span>
      </p>
      <header className="sheet-head">
        <h1>
          {t('title')} — {sheet.name}
        </h1>
        <dl className="sheet-facts">
          <dt>{t('site')}</dt>
          <dd>
            <code>{sheet.siteId}</code>
          </dd>
          {sheet.address ? (
            <>
              <dt>{t('address')}</dt>
              <dd>{sheet.address}</dd>
            </>
          ) : null}
          <dt>{t('timeZone')}</dt>
          <dd>{sheet.timeZone}</dd>
        </dl>
        {sheet.version !== undefined ? (
          <p className="muted">{t('generated', { version: sheet.version })}</p>
        ) : null}
        <p className="muted">{t('intro')}</p>
        <div className="no-print sheet-actions">
          <PrintButton label={t('print')} />
          <span className="muted">{t('printHint')}</span>
        </div>
      </header>
      {sheet.ecus.length === 0 ? <p>{t('empty')}</p> : null}
      {sheet.ecus.map((ecu) => (
        <section key={ecu.chargePointId} className="sheet-ecu" data-ecu={ecu.chargePointId}>
          <h2>{t('ecu', { chargePointId: ecu.chargePointId })}</h2>
          <table className="sheet-table sheet-ident">
            <tbody>
              <tr>
                <th scope="row">{t('station')}</th>
                <td>
                  {ecu.stationName ? `${ecu.stationName} · ` : ''}
                  <code>{ecu.stationId}</code>
                </td>
                <th scope="row">{t('model')}</th>
                <td>{ecu.model}</td>
              </tr>
              <tr>
                <th scope="row">{t('position')}</th>
                <td>{t(`positions.${ecu.position}`)}</td>
                <th scope="row">{t('firmware')}</th>
                <td>
                  {ecu.firmware}
                  <div className="muted">
                    {ecu.catalogVersion
                      ? t('namesOf', { version: ecu.catalogVersion })
                      : t('unknownFirmware')}
                  </div>
                </td>
              </tr>
              <tr>
                <th scope="row">{t('stationSerial')}</th>
                <td>{ecu.stationSerial ?? '—'}</td>
                <th scope="row">{t('controllerSerial')}</th>
                <td>{ecu.controllerSerial ?? '—'}</td>
              </tr>
              <tr>
                <th scope="row">{t('meterSerial')}</th>
                <td>{ecu.meterSerial ?? '—'}</td>
                <th scope="row">{t('lan')}</th>
                <td>
                  {ecu.lanId}
                  {ecu.port !== undefined ? ` · port ${ecu.port}` : ''}
                </td>
              </tr>
              <tr>
                <th scope="row">
                  {t('credentials')}: {t('user')}
                </th>
                <td>{ecu.operatorUser ?? '—'}</td>
                <th scope="row">{t('password')}</th>
                <td data-secret="operatorPassword">
                  <span className="placeholder">{t('setOnSite')}</span>
                </td>
              </tr>
            </tbody>
          </table>
          {ecu.groups.map((group) => (
            <div key={group.id} className="sheet-group" data-group={group.id}>
              <h3>{t(`groups.${group.id}`)}</h3>
              <table className="sheet-table">
                <thead>
                  <tr>
                    <th scope="col">{t('parameter')}</th>
                    <th scope="col">{t('value')}</th>
                    <th scope="col">{t('menu')}</th>
                    <th scope="col">{t('section')}</th>
                    <th scope="col" className="check" aria-label="✓">
                      ✓
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {group.rows.map((row) => (
                    <tr key={row.key} data-param={row.key}>
                      <td>{row.name}</td>
                      <td className="value">
                        {row.secret ? (
                          <span className="placeholder" data-secret={row.key}>
                            {row.secretSet ? t('setOnSite') : t('notSet')}
                          </span>
                        ) : (
                          <>
                            <strong>{row.value}</strong>
                            {row.unit && !row.name.includes(`[${row.unit}]`) ? ` ${row.unit}` : ''}
                          </>
                        )}
                      </td>
                      <td>
                        {row.menu}
                        <div className="muted">{row.saveAndRestart ? t('restart') : t('runtime')}</div>
                      </td>
                      <td>{row.section}</td>
                      <td className="check" />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
          {ecu.notInFirmware.length > 0 ? (
            <p className="muted">{t('notInFirmware', { keys: ecu.notInFirmware.join(', ') })}</p>
          ) : null}
          <p className="sheet-sign">
            {t('checked')}: ____________________ &nbsp; {t('date')}: ____________
          </p>
        </section>
      ))}
    </article>
  );
}
