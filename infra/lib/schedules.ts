import { scheduledHandlers } from '@ampfleet/domain';
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { Functions } from './functions';

// One EventBridge schedule rule per handler registry entry with a 'schedule' trigger, invoking its
// function with the scheduled event (whose `time` is the run's clock).
export class Schedules extends Construct {
  readonly rules = new Map<string, events.Rule>();

  constructor(scope: Construct, id: string, props: { functions: Functions }) {
    super(scope, id);
    for (const { handlerModule, trigger } of scheduledHandlers) {
      const rule = new events.Rule(this, handlerModule, {
        ruleName: trigger.ruleName,
        description: trigger.description,
        schedule: events.Schedule.rate(Duration.minutes(trigger.everyMinutes)),
      });
      rule.addTarget(
        new targets.LambdaFunction(props.functions.forHandler(handlerModule), { retryAttempts: 0 }),
      );
      this.rules.set(handlerModule, rule);
    }
  }
}
