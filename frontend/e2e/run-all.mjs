// `npm run e2e`: every Playwright journey in sequence, each against its own
// fresh target, then one combined "N passed, M failed" line.
import { bundlesJourney } from './bundles.e2e.mjs';
import { deployJourney } from './deploy.e2e.mjs';
import { editingJourney } from './editing.e2e.mjs';
import { credentialsJourney } from './credentials.e2e.mjs';
import { inspectJourney } from './inspect.e2e.mjs';
import { mappingJourney } from './mapping.e2e.mjs';
import { report, runJourney } from './harness.mjs';
import { studioJourney } from './studio.e2e.mjs';
import { subflowJourney } from './subflow.e2e.mjs';
import { teamJourney, teamTarget } from './team.e2e.mjs';
import { usageJourney } from './usage.e2e.mjs';
import { workspaceJourneys } from './workspace.e2e.mjs';

const results = [];
results.push(await runJourney('studio', studioJourney));
results.push(await runJourney('mapping', mappingJourney));
results.push(await runJourney('credentials', credentialsJourney));
results.push(await runJourney('bundles', bundlesJourney));
results.push(await runJourney('deploy', deployJourney));
results.push(await runJourney('editing', editingJourney));
results.push(await runJourney('team', teamJourney, teamTarget));
results.push(await runJourney('usage', usageJourney));
results.push(await runJourney('inspect', inspectJourney));
results.push(await runJourney('subflow', subflowJourney));
for (const [name, journey] of workspaceJourneys) results.push(await runJourney(name, journey));
report(results);
