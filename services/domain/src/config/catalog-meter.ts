import type { BoolParam, TripletParam } from './catalog-types';
import { enumParam, from461, renamedIn461, sameName } from './catalog-types';

// §7.4 Use case 4: external (second) meter on the DLM master.

const master = { menu: 'Operator', scope: 'dlmMaster', apply: 'saveAndRestart' } as const;

export const meterParams = {
  externalMeterSupport: {
    ...master,
    type: 'bool',
    section: '§7.4',
    names: sameName('External Meter Support'),
    description: "Consider additional load measured by a second meter ('Meter configuration (Second)').",
    default: false,
  } satisfies BoolParam,
  mainDistributionLimit: {
    ...master,
    type: 'triplet',
    min: 0,
    max: 9999,
    unit: 'A',
    section: '§7.4.1',
    names: sameName('Main Distribution Limit (L1/L2/L3) [A]'),
    description:
      'Rated current of the main fuse: EVs plus additional loads; typically above the sub-distribution.',
  } satisfies TripletParam,
  externalLoadHeadroom: {
    ...master,
    type: 'triplet',
    min: 0,
    max: 9999,
    unit: 'A',
    section: '§7.4.1',
    names: from461('External Load Headroom (L1/L2/L3) [A]'),
    description: "Safety distance to the 'Main Distribution Limit'. From 4.61.",
    default: { l1: 0, l2: 0, l3: 0 },
  } satisfies TripletParam,
  externalLoadFallback: {
    ...master,
    type: 'triplet',
    min: 0,
    max: 9999,
    unit: 'A',
    section: '§7.4.1',
    names: renamedIn461(
      'External Meter Disconnected Fallback (L1/L2/L3) [A]',
      'External Load Fallback (L1/L2/L3) [A]',
    ),
    description: 'Assumed as the external meter reading when the meter fails (firmware help text).',
  } satisfies TripletParam,
  externalMeterLocation: enumParam({
    ...master,
    type: 'enum',
    section: '§7.4.1, §7.4.2',
    names: sameName('External Meter Location'),
    description: 'Whether the meter measures the charge points too (Including) or external loads only.',
    options: [
      { value: 'excludingEvse', labels: sameName('Excluding EVSE Sub-Distribution') },
      { value: 'includingEvse', labels: sameName('Including EVSE Sub-Distribution') },
    ],
  }),
  secondMeterConfig: enumParam({
    ...master,
    type: 'enum',
    section: '§7.4.1',
    names: sameName('Meter configuration (Second)'),
    description: 'Type of the second meter, used only to manage the current on the grid.',
    // Only the Siemens label is shown in the manual; the 'none' and Phoenix labels are assumed.
    options: [
      { value: 'none', labels: sameName('None') },
      { value: 'siemens7KM2200Tcp', labels: sameName('Modbus Siemens 7KM2200 (TCP)') },
      { value: 'phoenixEemMb371Tcp', labels: sameName('Modbus Phoenix EEM-MB371 (TCP)') },
    ],
    default: 'none',
  }),
};
