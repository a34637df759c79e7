// The generated TypeScript client, compiled by tests/e2e/test_generated_clients.py, used as a
// JustIn backend would: register a user, ask for an action, upload its outcome, request an
// update with a callback, then poll the update until it and its callback are settled.
// Usage: node justin_client.mjs DIST BASE_URL TOKEN CALLBACK_URL; prints what it saw as JSON.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, baseUrl, token, callbackUrl] = process.argv.slice(2);
const load = (file) => import(pathToFileURL(join(dist, file)).href);
const { createClient } = await load('client/index.js');
const sdk = await load('index.js');

const client = createClient({ baseUrl, auth: token });
const call = async (operation, options) => {
  const { data, error, response } = await operation({ client, ...options });
  if (error !== undefined) throw new Error(`${response?.status}: ${JSON.stringify(error)}`);
  return { status: response.status, body: data };
};

const user = `ts-${Date.now().toString(36)}`;
const timestamp = '2025-01-01T12:00:00Z';
const context = { temperature: 21.5 };
const added = await call(sdk.justinAddUser, { body: { user_id: user } });
const action = await call(sdk.justinAction, {
  body: { user_id: user, timestamp, decision_idx: 0, context },
});
const uploaded = await call(sdk.justinUploadData, {
  body: {
    user_id: user,
    timestamp,
    decision_idx: 0,
    data: {
      context,
      action: action.body.action,
      action_prob: action.body.action_prob,
      outcome: { clicks: 3 },
    },
  },
});
const update = await call(sdk.justinRequestUpdate, { body: { callback_url: callbackUrl } });

// Polled until settled, for at most 60 s: the trainer fits, then calls back.
const settled = (s) => s.status !== 'processing' && s.callback_status !== null;
const deadline = Date.now() + 60_000;
let status;
do {
  if (status !== undefined) await new Promise((resolve) => setTimeout(resolve, 100));
  status = await call(sdk.justinGetUpdate, { path: { update_id: update.body.update_id } });
} while (!settled(status.body) && Date.now() < deadline);

console.log(JSON.stringify({ user, added, action, uploaded, update, status }));
