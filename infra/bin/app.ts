import { App } from 'aws-cdk-lib';
import { AmpfleetStack } from '../lib/index';

// Entry of the CDK app: `npm run synth` (or `npx cdk synth -c stage=prod`). Stage defaults to dev.
const app = new App();
const stageContext: unknown = app.node.tryGetContext('stage');
const stage = typeof stageContext === 'string' ? stageContext : 'dev';

new AmpfleetStack(app, `ampfleet-${stage}`, { stage });
app.synth();
