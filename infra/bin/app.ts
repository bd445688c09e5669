import { Annotations, App } from 'aws-cdk-lib';
import { AmpfleetStack, defaultBuildDir, prepareConsoleAsset } from '../lib/index';

// Entry of the CDK app: `npm run synth` (or `npx cdk synth -c stage=prod`). Stage defaults to dev.
const app = new App();
const stageContext: unknown = app.node.tryGetContext('stage');
const stage = typeof stageContext === 'string' ? stageContext : 'dev';

const consoleAsset = prepareConsoleAsset(defaultBuildDir);
if (consoleAsset.placeholder && stage === 'prod') {
  throw new Error('prod needs the console build: run `npm run build:web` (Next output: standalone) first');
}
const stack = new AmpfleetStack(app, `ampfleet-${stage}`, { stage, consoleAssetDir: consoleAsset.assetDir });
if (consoleAsset.placeholder) {
  Annotations.of(stack).addWarningV2(
    'ampfleet:console-placeholder',
    'no console build (web/.next/standalone): the console function answers 503 until you build and synthesize again',
  );
}
app.synth();
