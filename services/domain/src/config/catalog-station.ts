import type { TripletParam } from './catalog-types';
import { enumParam, sameName } from './catalog-types';

// §3 phase wiring (each ECU) and §9 downgrade input (DLM master; relay only in AMEDIO Professional+* 22).

const eachEcu = { menu: 'Operator', scope: 'eachEcu', apply: 'saveAndRestart' } as const;
const master = { menu: 'Operator', scope: 'dlmMaster', apply: 'saveAndRestart' } as const;
const inputOptions = [
  { value: 'disable', labels: sameName('DISABLE') },
  { value: 'enableOpto1', labels: sameName('ENABLE OPTO 1') },
  { value: 'enableOpto2', labels: sameName('ENABLE OPTO 2') },
] as const;
// Offsets: the firmware help text says 'added ... only negative values are supported', the table says
// 'value by which the charging current is reduced' (example 16). Range allows both; audit explains.
const offset = { ...master, type: 'triplet', min: -2000, max: 2000, unit: 'A' } as const;

export const stationParams = {
  phaseConnection: enumParam({
    ...eachEcu,
    type: 'enum',
    section: '§3.1, §3.3',
    names: sameName('Phase connected to the Charge Point'),
    description: 'Three- or single-phase connection; set on both ECUs of an AMEDIO.',
    options: [
      { value: 'threePhase', labels: sameName('Three-phase system') },
      { value: 'singlePhase', labels: sameName('Single-phase system') },
    ],
    default: 'threePhase',
  }),
  phaseRotation: enumParam({
    ...eachEcu,
    type: 'enum',
    section: '§3.1, §3.2',
    names: sameName('Phase rotation of the Charge Point'),
    description: "Grid phases on the charge point's L1/L2/L3 terminals.",
    options: [
      { value: 'RST', labels: sameName('R/S/T (L1/L2/L3)'), aliases: ['R/S/T', 'L1/L2/L3'] },
      { value: 'STR', labels: sameName('S/T/R (L2/L3/L1)'), aliases: ['S/T/R', 'L2/L3/L1'] },
      { value: 'TRS', labels: sameName('T/R/S (L3/L1/L2)'), aliases: ['T/R/S', 'L3/L1/L2'] },
    ],
    default: 'RST',
  }),
  externalInput1Config: enumParam({
    ...master,
    type: 'enum',
    section: '§9',
    names: sameName('External Input 1 Config'),
    aliases: ['Internal Input 1 Config'],
    description: 'Downgrade input: ENABLE OPTO 2 (OPTO 1 is not assigned).',
    options: inputOptions,
    default: 'disable',
  }),
  externalInput1CurrentOffset: {
    ...offset,
    section: '§9',
    names: sameName('External Input 1 Current Offset (L1/L2/L3) [A]'),
    aliases: ['Ext. Input 1 Current Offset (L1/L2/L3) [A]', 'Internal Input 1 Current Offset (L1/L2/L3) [A]'],
    description: "Offset to 'EVSE Sub-Distribution Limit' while the downgrade input is high.",
    default: { l1: 0, l2: 0, l3: 0 },
  } satisfies TripletParam,
  externalInput2Config: enumParam({
    ...master,
    type: 'enum',
    section: '§8 (Fig. 27), §9',
    names: sameName('External Input 2 Config'),
    aliases: ['Internal Input 2 Config'],
    description: "Adds a configurable offset to 'EVSE Sub-Distribution Limit' based on GPI External Input 2.",
    options: inputOptions,
    default: 'disable',
  }),
  // Implied by 'External Input 2 Config' (an offset per input); the name is assumed by analogy.
  externalInput2CurrentOffset: {
    ...offset,
    section: '§9',
    names: sameName('External Input 2 Current Offset (L1/L2/L3) [A]'),
    aliases: ['Ext. Input 2 Current Offset (L1/L2/L3) [A]', 'Internal Input 2 Current Offset (L1/L2/L3) [A]'],
    description: "Offset to 'EVSE Sub-Distribution Limit' while input 2 is high.",
    default: { l1: 0, l2: 0, l3: 0 },
  } satisfies TripletParam,
};
