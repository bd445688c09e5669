import type { BoolParam, IntParam, TripletParam } from './catalog-types';
import { enumParam, sameName } from './catalog-types';

// §7 Dynamic load management and §8 unbalanced load prevention.

const master = { menu: 'Operator', scope: 'dlmMaster', apply: 'saveAndRestart' } as const;
const amps = { type: 'triplet', min: 0, max: 2000, unit: 'A' } as const;

export const dlmParams = {
  dlmMode: enumParam({
    menu: 'Operator',
    scope: 'eachEcu',
    apply: 'saveAndRestart',
    type: 'enum',
    section: '§7.1',
    names: sameName('Dynamic Load Management'),
    description: 'Role in a DLM network; exactly one DLM master per DLM network.',
    // The label of the delivery state ('not configured', §7.1) is assumed.
    options: [
      { value: 'disabled', labels: sameName('Disabled'), aliases: ['Off', 'None'] },
      { value: 'masterWithInternalSlave', labels: sameName('DLM Master (With internal DLM-Slave)') },
      { value: 'masterStandalone', labels: sameName('DLM Master (Standalone)') },
      { value: 'slaveAutoDiscovery', labels: sameName('DLM Slave (Master-Auto-Discovery)') },
    ],
    default: 'disabled',
  }),
  dlmNetworkId: {
    menu: 'Operator',
    scope: 'eachEcu',
    apply: 'saveAndRestart',
    type: 'int',
    min: 0,
    max: 255,
    section: '§7.1, §7.3',
    names: sameName('DLM Network Id'),
    description: 'Distinguishes DLM groupings in one LAN; slaves find the master with the same id.',
    default: 0,
  } satisfies IntParam,
  dlmSampleRate: {
    ...master,
    type: 'int',
    min: 1,
    max: 3600,
    unit: 's',
    section: '§7.1',
    names: sameName('DLM Algorithm Sample Rate'),
    description: 'Minimum period between re-assignments; EVs getting ready are served at once.',
    default: 30,
  } satisfies IntParam,
  evseSubDistributionLimit: {
    ...master,
    ...amps,
    section: '§7.1',
    names: sameName('EVSE Sub-Distribution Limit (L1/L2/L3) [A]'),
    ocppKeys: sameName('EvseSubDistributionLimit'),
    description: 'Overall current limit for DLM available for distribution to EVs (the supply line).',
  } satisfies TripletParam,
  operatorEvseSubDistributionLimit: {
    ...master,
    ...amps,
    apply: 'runtime',
    section: '§7.1',
    names: sameName('Operator EVSE Sub-Distribution Limit (L1/L2/L3) [A]'),
    ocppKeys: sameName('OperatorEvseSubDistributionLimit'),
    description: "≤ 'EVSE Sub-Distribution Limit'; changeable without reboot (e.g. by the backend).",
  } satisfies TripletParam,
  operatorCurrentLimit: {
    menu: 'Operator',
    scope: 'eachEcu',
    apply: 'saveAndRestart',
    type: 'int',
    min: 0,
    max: 80,
    unit: 'A',
    section: '§7.4',
    names: sameName('Operator Current Limit [A]'),
    aliases: ['Operator Current Limit (A)', 'Operator Current Limit'],
    description: 'Maximum charging current of this charge point (set on master and satellite).',
  } satisfies IntParam,
  currentImbalancePrevention: {
    ...master,
    type: 'bool',
    section: '§8',
    names: sameName('Current Imbalance Prevention'),
    description: "DLM will not exceed the 'Current Imbalance Limit' between phases.",
    default: false,
  } satisfies BoolParam,
  currentImbalanceLimit: {
    ...master,
    type: 'int',
    min: 0,
    max: 100,
    unit: 'A',
    section: '§8',
    names: sameName('Current Imbalance Limit'),
    aliases: ['Current Imbalance Limit [A]'],
    description: 'Maximum difference between phase currents (TAB Germany: 20 A).',
    default: 20,
  } satisfies IntParam,
};
