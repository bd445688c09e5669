import { CfnParameter, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

// The stack's one IoT data-plane endpoint parameter: everything that publishes commands (the console,
// the load-control function) reads the same one.
export function iotDataEndpointParameter(scope: Construct): CfnParameter {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild('IotDataEndpoint');
  if (existing instanceof CfnParameter) return existing;
  return new CfnParameter(stack, 'IotDataEndpoint', {
    type: 'String',
    description:
      'https://<prefix>-ats.iot.<region>.amazonaws.com (aws iot describe-endpoint --endpoint-type iot:Data-ATS)',
    allowedPattern: '^https://.+$',
  });
}
