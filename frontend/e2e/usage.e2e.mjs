// End-to-end journey through the Usage panel in the system Chromium: a
// flow whose script throws for every record is saved, prices and an
// error-rate rule (to a webhook on loopback) are set in the panel, the
// flow is run from the toolbar, and the panel shows its messages and cost
// while the webhook receives the alert.
//
// Target and launcher: see harness.mjs. `npm run e2e` runs every journey.
import http from 'node:http';
import { callApi, fromMore, isMain, report, runJourney, screenshot, step, TIMEOUT } from './harness.mjs';

const FLOW = {
  name: 'Failing orders',
  nodes: [
    { id: 'n1', type: 'core.manual', config: { payloads: '[{"id":1},{"id":2},{"id":3}]' } },
    { id: 'n2', type: 'core.script', config: { code: 'throw new Error("bad order " + msg.id)' } },
    { id: 'n3', type: 'core.debug' },
  ],
  edges: [
    { id: 'e1', from: { node: 'n1', port: 'out' }, to: { node: 'n2', port: 'in' } },
    { id: 'e2', from: { node: 'n2', port: 'out' }, to: { node: 'n3', port: 'in' } },
  ],
  layout: { n1: { x: 0, y: 0 }, n2: { x: 240, y: 0 }, n3: { x: 480, y: 0 } },
};

/** startHook records the alerts POSTed to it. */
function startHook() {
  const alerts = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      alerts.push(JSON.parse(body));
      res.writeHead(204);
      res.end();
    });
  });
  return new Promise((resolve) => {
    srv.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${srv.address().port}/alert`, alerts, close: () => srv.close() }),
    );
  });
}

export async function usageJourney(page, url) {
  const hook = await startHook();
  try {
    let flowId = '';
    await step('open Studio with a flow whose script always throws', async () => {
      await page.goto(url);
      flowId = (await callApi(page, 'SaveFlow', [FLOW])).flow.id;
      await page.reload();
      await page.getByTestId(`flow-${flowId}`).click();
    });
    await step('set prices and an error-rate alert to a webhook in the Usage panel', async () => {
      await fromMore(page, 'open-usage');
      await page.getByTestId('price-run').fill('0.5');
      await page.getByTestId('price-message').fill('0.01');
      await page.getByTestId('usage-add-rule').click();
      await page.getByTestId('usage-panel').getByLabel('Webhook').fill(hook.url);
      await page.getByTestId('usage-save').click();
      await page.getByTestId('usage-saved').waitFor();
      await page.getByTestId('usage-close').click();
    });
    await step('run the flow from the toolbar', async () => {
      await page.getByTestId('run').click();
      await page.getByTestId('run-status').filter({ hasText: /failed|succeeded/ }).waitFor({ timeout: TIMEOUT });
    });
    await step('the Usage panel shows the run, its messages and cost, and the fired alert', async () => {
      const deadline = Date.now() + TIMEOUT;
      while (hook.alerts.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (hook.alerts.length !== 1) throw new Error(`want one alert at the webhook, got ${hook.alerts.length}`);
      if (hook.alerts[0].flowId !== flowId || hook.alerts[0].metric !== 'errorRate') throw new Error(JSON.stringify(hook.alerts[0]));
      await fromMore(page, 'open-usage');
      const summary = page.getByTestId('usage-summary');
      await summary.filter({ hasText: '1 runs' }).waitFor();
      await summary.filter({ hasText: '3 messages' }).waitFor();
      await summary.filter({ hasText: 'cost 0.5300' }).waitFor(); // 1 run × 0.5 + 3 messages × 0.01
      await page.getByTestId('usage-alerts').filter({ hasText: 'errorRate is' }).waitFor();
      await screenshot(page, 'usage.png');
    });
  } finally {
    hook.close();
  }
}

if (isMain(import.meta.url)) report([await runJourney('usage', usageJourney)]);
