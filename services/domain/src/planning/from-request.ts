import type { Site } from '../config/site';
import type { TemplateRequest } from './inputs';
import { useCase1, useCase2, useCase3, useCase4, type TemplateOptions } from './templates';

/** The site configuration a template request describes (§7.1–§7.4). */
export function templateSite(request: TemplateRequest): Site {
  const common: TemplateOptions = {
    ...(request.firmware !== undefined && { firmware: request.firmware }),
    ...(request.backend !== undefined && { backend: request.backend }),
    ...(request.addressing !== undefined && { addressing: request.addressing }),
    ...(request.backendUrl !== undefined && { backendUrl: request.backendUrl }),
  };
  switch (request.useCase) {
    case 'use-case-1':
      return useCase1({ ...common, supplyLineA: request.supplyLine, model: request.stations?.[0] });
    case 'use-case-2':
      return useCase2({ ...common, supplyLineA: request.supplyLine, stations: request.stations });
    case 'use-case-3':
      return useCase3({
        ...common,
        mainA: request.main,
        ...(request.stations && {
          lines: [{ ratingA: request.supplyLine ?? 100, stations: request.stations }],
        }),
      });
    case 'use-case-4':
      return useCase4({
        ...common,
        option: request.option ?? 1,
        stations: request.stations,
        mainA: request.main,
        supplyLineA: request.supplyLine,
        fallbackA: request.fallback,
      });
  }
}
