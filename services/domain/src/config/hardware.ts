import { z } from 'zod';

// Station models of §1 and what their hardware allows: ECU count (AMTRON 1, AMEDIO 2 master/satellite),
// the wireless modem ('+' variants, AMEDIO: master ECU only, §5), the downgrade relay (§9).

export const StationModel = z.enum([
  'AMTRON Professional',
  'AMTRON Professional+',
  'AMEDIO Professional',
  'AMEDIO Professional+',
  'AMEDIO Professional*',
  'AMEDIO Professional+*',
  'AMEDIO Professional+* 22',
  'AMEDIO Professional+* 22 PnC',
]);
export type StationModel = z.infer<typeof StationModel>;

export interface StationHardware {
  family: 'AMTRON' | 'AMEDIO';
  ecuCount: 1 | 2;
  hasModem: boolean;
  hasDowngradeRelay: boolean;
}

export function stationHardware(model: StationModel): StationHardware {
  const family = model.startsWith('AMEDIO') ? 'AMEDIO' : 'AMTRON';
  return {
    family,
    ecuCount: family === 'AMEDIO' ? 2 : 1,
    hasModem: model.includes('+'),
    hasDowngradeRelay: model === 'AMEDIO Professional+* 22' || model === 'AMEDIO Professional+* 22 PnC',
  };
}

/** The AMEDIO runs its master charge point on port 81 and the satellite on 82, behind one IP (§2.3). */
export const AMEDIO_PORTS = { master: 81, satellite: 82 } as const;
