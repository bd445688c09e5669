import { channelFilter, handlerRegistry, TopicChannel } from '@ampfleet/domain';
import type { CfnParameter } from 'aws-cdk-lib';
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { Functions } from './functions';

// Handler registry entries with a 'schedule' trigger: an EventBridge rule at the entry's rate invoking
// the handler's function. Scheduled handlers send commands (the rollout runner), so each may publish on
// site command topics only, through the IoT data endpoint the console uses (the stack's IotDataEndpoint).

export interface SchedulesProps {
  functions: Functions;
}

export class Schedules extends Construct {
  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const endpoint = stack.node.tryFindChild('IotDataEndpoint') as CfnParameter | undefined;
    for (const { handlerModule, trigger } of handlerRegistry) {
      if (trigger.kind !== 'schedule') continue;
      const fn = props.functions.forHandler(handlerModule);
      new events.Rule(this, `${handlerModule}-schedule`, {
        description: trigger.description,
        schedule: events.Schedule.rate(Duration.minutes(trigger.rateMinutes)),
        // A tick lost to an error is not retried by EventBridge: the next tick does the same work.
        targets: [new targets.LambdaFunction(fn, { retryAttempts: 0 })],
      });
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['iot:Publish'],
          resources: [
            stack.formatArn({
              service: 'iot',
              resource: 'topic',
              resourceName: channelFilter(TopicChannel.commands).replaceAll('+', '*'),
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          ],
        }),
      );
      if (endpoint) fn.addEnvironment('AMPFLEET_IOT_DATA_ENDPOINT', endpoint.valueAsString);
    }
  }
}
