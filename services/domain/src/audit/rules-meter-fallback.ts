import type { AuditRule } from './rule';
import { defineRule } from './rule';
import { ecuLabel, paramTarget } from './site-index';
import { fallbackEffect } from './meter-fallback';
import { DIRECT_MEASUREMENT_MAX_A, PAC2200_ARTICLES } from './rules-meter';
import { formatTriplet } from './values';

// §7.4.1 fallback semantics (firmware help text, see meter-fallback.ts) and meter hardware.

export const meterFallbackRules: AuditRule[] = [
  defineRule(
    {
      id: 'meter.fallback-effect',
      severity: 'info',
      target: 'parameter',
      section: '§7.4.1',
      source: 'stated',
      title: 'What the configured External Load Fallback does when the meter fails',
    },
    (index, report) => {
      for (const net of index.dlmNetworks)
        for (const m of net.masters) {
          const effect = m.cfg.externalMeterSupport === true ? fallbackEffect(m.cfg) : undefined;
          if (!effect || !m.cfg.externalLoadFallback) continue;
          const outcome = effect.stopsCharging
            ? 'EVs get no current: charging stops until the meter is back (safe). Note: the table in §7.4.1 claims the opposite for 9999.'
            : `EVs get at most ${formatTriplet(effect.evBudget)} while the meter is out.`;
          report(
            paramTarget(m, 'externalLoadFallback'),
            `If the external meter of ${ecuLabel(m)} fails, the ECU assumes ${formatTriplet(m.cfg.externalLoadFallback)} as the meter reading (firmware help text): ${outcome}${effect.stopsCharging ? '' : ' To stop charging on meter failure instead, set the fallback to the Main Distribution Limit or higher (e.g. 9999).'}`,
          );
        }
    },
  ),
  defineRule(
    {
      id: 'meter.fallback-zero',
      severity: 'warning',
      target: 'parameter',
      section: '§7.4.1',
      source: 'stated',
      title: 'A fallback of 0 ignores other loads when the meter fails',
    },
    (index, report) => {
      for (const net of index.dlmNetworks)
        for (const m of net.masters) {
          const effect = m.cfg.externalMeterSupport === true ? fallbackEffect(m.cfg) : undefined;
          if (effect?.assumesNoOtherLoad)
            report(
              paramTarget(m, 'externalLoadFallback'),
              `${ecuLabel(m)} has an External Load Fallback of 0 A on some phase. The firmware takes the fallback as the meter reading, so a failed meter counts as no other load and EVs may take ${formatTriplet(effect.evBudget)} while other consumers draw too; the main fuse may trip. (The manual's table says 0 stops charging; the firmware help text says otherwise.) Set a fallback of the expected other load, or 9999 to stop charging.`,
            );
        }
    },
  ),
  defineRule(
    {
      id: 'meter.direct-range',
      severity: 'warning',
      target: 'site',
      section: '§7.4',
      source: 'stated',
      title: `A direct-measuring meter is for up to ${DIRECT_MEASUREMENT_MAX_A} A`,
    },
    (index, report) => {
      const main = index.site.mainConnection.ratingA;
      const maxA = Math.max(main.l1, main.l2, main.l3);
      for (const meter of index.site.meters)
        if (meter.measurement === 'direct' && maxA > DIRECT_MEASUREMENT_MAX_A)
          report(
            { kind: 'site', meterId: meter.id },
            `Meter ${meter.id} measures directly (up to ${DIRECT_MEASUREMENT_MAX_A} A) but the main connection is rated ${formatTriplet(main)}. Use the transducer (5 A) variant, e.g. 7KM2200-2EA30-1JA1, or a Phoenix EEM-MB371 with Rogowski coils.`,
          );
    },
  ),
  defineRule(
    {
      id: 'meter.article-compatible',
      severity: 'warning',
      target: 'site',
      section: '§7.4',
      source: 'stated',
      title: 'A Siemens PAC2200 is one of the compatible articles',
    },
    (index, report) => {
      for (const meter of index.site.meters)
        if (
          meter.model === 'Siemens PAC2200' &&
          meter.articleNumber !== undefined &&
          !PAC2200_ARTICLES.includes(meter.articleNumber.trim().toUpperCase())
        )
          report(
            { kind: 'site', meterId: meter.id },
            `Meter ${meter.id} is article ${meter.articleNumber}, not one the ECU supports. Use ${PAC2200_ARTICLES.join(', ')}.`,
          );
    },
  ),
];
