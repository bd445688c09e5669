// Commissioning data sheet fields (§2.1 Fig. 3 AMEDIO, §2.2 Fig. 5 AMTRON). Not settable parameters:
// they identify the hardware and hold the operator credentials (secrets, never returned).

export interface CommissioningField {
  key: string;
  /** Label on the data sheet; AMEDIO sheets add 'Master' / 'Slave'. */
  label: string;
  appliesTo: 'station' | 'ecu';
  secret: boolean;
  example: string;
  section: string;
}

export const commissioningFields: readonly CommissioningField[] = [
  {
    key: 'serialNumber',
    label: 'Serial Number',
    appliesTo: 'station',
    secret: false,
    example: '140802412.00015',
    section: '§2.1',
  },
  {
    key: 'operatorUser',
    label: 'User Name',
    appliesTo: 'ecu',
    secret: false,
    example: 'operator',
    section: '§2.1',
  },
  {
    key: 'operatorPassword',
    label: 'Password',
    appliesTo: 'ecu',
    secret: true,
    example: '(secret)',
    section: '§2.1',
  },
  {
    key: 'applicationVersion',
    label: 'Application Version',
    appliesTo: 'ecu',
    secret: false,
    example: '4.52-5412-d6a2288f6',
    section: '§2.1',
  },
  {
    key: 'controllerSerial',
    label: 'Controller Serial Number',
    appliesTo: 'ecu',
    secret: false,
    example: '1903523062/B94060045',
    section: '§2.1',
  },
  {
    key: 'meterSerial',
    label: 'Meter Serial Number',
    appliesTo: 'ecu',
    secret: false,
    example: '093609',
    section: '§2.1',
  },
];
