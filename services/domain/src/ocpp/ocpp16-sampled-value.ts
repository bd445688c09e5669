// The values OCPP 1.6's SampledValue allows (MeterValues and StopTransaction's transactionData), with the
// errata applied (2025-04: accept both 'Celsius' and the schema's 'Celcius'). Data, one place: the meter
// reading checks units against it, and the tests generate every schema-valid frame from it.

export const OCPP16_MEASURANDS = [
  'Energy.Active.Export.Register',
  'Energy.Active.Import.Register',
  'Energy.Reactive.Export.Register',
  'Energy.Reactive.Import.Register',
  'Energy.Active.Export.Interval',
  'Energy.Active.Import.Interval',
  'Energy.Reactive.Export.Interval',
  'Energy.Reactive.Import.Interval',
  'Power.Active.Export',
  'Power.Active.Import',
  'Power.Offered',
  'Power.Reactive.Export',
  'Power.Reactive.Import',
  'Power.Factor',
  'Current.Import',
  'Current.Export',
  'Current.Offered',
  'Voltage',
  'Frequency',
  'Temperature',
  'SoC',
  'RPM',
] as const;
export const OCPP16_PHASES = [
  'L1',
  'L2',
  'L3',
  'N',
  'L1-N',
  'L2-N',
  'L3-N',
  'L1-L2',
  'L2-L3',
  'L3-L1',
] as const;
export const OCPP16_UNITS = [
  ...['Wh', 'kWh', 'varh', 'kvarh', 'W', 'kW', 'VA', 'kVA', 'var', 'kvar', 'A', 'V', 'K'],
  ...['Celcius', 'Celsius', 'Fahrenheit', 'Percent'],
] as const;
export const OCPP16_LOCATIONS = ['Cable', 'EV', 'Inlet', 'Outlet', 'Body'] as const;
export const OCPP16_CONTEXTS = [
  'Interruption.Begin',
  'Interruption.End',
  'Sample.Clock',
  'Sample.Periodic',
  'Transaction.Begin',
  'Transaction.End',
  'Trigger',
  'Other',
] as const;
export const OCPP16_FORMATS = ['Raw', 'SignedData'] as const;
