// A real ActivityPub peer built on Fedify, for Starling's federation tests.
//
//   node peer.mjs --port 40123 [--username fedi] [--first-knock rfc9421|draft-cavage-http-signatures-12]
//                 [--log-level debug|info|warning|error]
//
// One actor (a Person) on http://127.0.0.1:<port>, with WebFinger, an inbox that verifies every HTTP signature, outbox,
// followers and following collections, and the notes it posted. Everything it receives is kept in memory. A JSON control
// API under /_control/ lets a test read what arrived and make the actor act (follow, post, like, announce, undo, ...);
// the README beside the test project lists its calls. It also serves files a test hands it (under /media/): the actor's
// avatar and its posts' attachments. When it listens it prints one line:
// READY {"origin":...,"actor":...,"handle":...,"inbox":...}.

import { AsyncLocalStorage } from "node:async_hooks";
import http from "node:http";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    port: { type: "string" },
    username: { type: "string", default: "fedi" },
    "first-knock": { type: "string" },
    "log-level": { type: "string", default: "info" },
  },
});
const port = Number.parseInt(args.port ?? "", 10);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error("usage: node peer.mjs --port <port> [--username fedi] [--first-knock rfc9421|draft-cavage-http-signatures-12]");
  process.exit(2);
}
const firstKnocks = ["rfc9421", "draft-cavage-http-signatures-12"];
if (args["first-knock"] != null && !firstKnocks.includes(args["first-knock"])) {
  console.error(`--first-knock must be one of ${firstKnocks.join(", ")}`);
  process.exit(2);
}
const username = args.username;
const origin = `http://127.0.0.1:${port}`;

// Fedify asks WebFinger about an acct: handle over https, always. Servers under test on loopback speak plain http, so a
// request for https on a loopback host goes out as http instead; nothing else is touched. Installed before Fedify loads.
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.protocol !== "https:" || !isLoopback(url.hostname)) {
    return realFetch(input, init);
  }
  url.protocol = "http:";
  if (!(input instanceof Request)) {
    return realFetch(url, init);
  }
  return realFetch(new Request(url, {
    method: input.method, headers: input.headers, body: input.body, redirect: input.redirect, signal: input.signal,
    duplex: "half",
  }), init);
};

function isLoopback(hostname) {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

const { configure, defaultTextFormatter } = await import("@logtape/logtape");
const { Temporal } = await import("@js-temporal/polyfill");
const {
  createFederation, createExponentialBackoffPolicy, generateCryptoKeyPair, InProcessMessageQueue, MemoryKvStore,
} = await import("@fedify/fedify");
const {
  Accept, Activity, Announce, Audio, Block, Create, Delete, Document, Endpoints, Follow, Image, isActor, Like, Link, Mention,
  Note, Person, PUBLIC_COLLECTION, Reject, Tombstone, Undo, Update, Video,
} = await import("@fedify/vocab");

// Fedify's own log goes to stderr, which the test harness keeps and shows when a test fails.
await configure({
  contextLocalStorage: new AsyncLocalStorage(),
  sinks: { stderr: (record) => process.stderr.write(defaultTextFormatter(record)) },
  loggers: [
    { category: "fedify", sinks: ["stderr"], lowestLevel: args["log-level"] },
    { category: ["logtape", "meta"], sinks: ["stderr"], lowestLevel: "warning" },
  ],
});

// What the peer knows; all of it in memory and gone when the process ends.
const state = {
  received: [], // { type, id, actor, object, objectType, recipient, json, raw, signature }
  deliveries: new Map(), // activity id -> { raw, signature }: the JSON exactly as it was posted, and how it was signed
  failures: [], // { kind, message, activityId?, keyId?, reason? }
  followers: new Map(), // actor id -> { id, inbox, sharedInbox, follow }
  following: new Map(), // actor id -> { id, follow, state: "pending" | "accepted" | "rejected" }
  notes: new Map(), // note id -> { note, create, recipients }
  sent: new Map(), // activity id -> { activity, recipients }
  outbox: [], // Create and Announce activities, newest last
  media: new Map(), // file name -> { name, url, mediaType, body, requests }: files served under /media/
  avatar: null, // the file (of media) that is the actor's icon
  mediaHold: null, // { released, release } while a test holds requests for files
};

const keyPairs = [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5"), await generateCryptoKeyPair("Ed25519")];
const startedAt = Temporal.Now.instant();

const federation = createFederation({
  kv: new MemoryKvStore(),
  // Inbound work and outbound delivery on queues of their own, so a slow delivery never holds up the inbox.
  queue: { inbox: new InProcessMessageQueue(), outbox: new InProcessMessageQueue() },
  origin,
  // The servers under test listen on loopback addresses, which Fedify otherwise refuses to fetch from.
  allowPrivateAddress: true,
  ...(args["first-knock"] ? { firstKnock: args["first-knock"] } : {}),
  // A test waits seconds, not hours: retry queued deliveries quickly, and never hold them back per host.
  outboxRetryPolicy: createExponentialBackoffPolicy({ initialDelay: { milliseconds: 500 }, maxDelay: { seconds: 5 }, maxAttempts: 6 }),
  circuitBreaker: false,
  onOutboxError: (error, activity) => {
    state.failures.push({ kind: "outbox", message: String(error?.message ?? error), activityId: activity?.id?.href ?? null });
  },
});

const actorUri = (ctx) => ctx.getActorUri(username);
const newId = (ctx, kind) => new URL(`${actorUri(ctx).href}#${kind}/${crypto.randomUUID()}`);

federation
  .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
    if (identifier !== username) return null;
    const keys = await ctx.getActorKeyPairs(identifier);
    return new Person({
      id: ctx.getActorUri(identifier),
      preferredUsername: identifier,
      name: "Fedify peer",
      summary: "A test peer built on Fedify.",
      url: ctx.getActorUri(identifier),
      inbox: ctx.getInboxUri(identifier),
      outbox: ctx.getOutboxUri(identifier),
      followers: ctx.getFollowersUri(identifier),
      following: ctx.getFollowingUri(identifier),
      endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
      publicKey: keys[0].cryptographicKey,
      assertionMethods: keys.map((key) => key.multikey),
      manuallyApprovesFollowers: false,
      discoverable: true,
      published: startedAt,
      ...(state.avatar == null ? {} : { icon: new Image({ url: new URL(state.avatar.url), mediaType: state.avatar.mediaType }) }),
    });
  })
  .mapHandle((_ctx, handle) => (handle === username ? username : null))
  .setKeyPairsDispatcher((_ctx, identifier) => (identifier === username ? keyPairs : []));

federation.setObjectDispatcher(Note, "/users/{identifier}/notes/{id}", (ctx, values) =>
  state.notes.get(ctx.getObjectUri(Note, values).href)?.note ?? null);
federation.setObjectDispatcher(Create, "/users/{identifier}/notes/{id}/activity", (ctx, values) =>
  state.notes.get(ctx.getObjectUri(Note, values).href)?.create ?? null);

federation
  .setOutboxDispatcher("/users/{identifier}/outbox", (_ctx, identifier) =>
    identifier === username ? { items: [...state.outbox].reverse() } : null)
  .setCounter((_ctx, identifier) => (identifier === username ? state.outbox.length : null));

federation
  .setFollowersDispatcher("/users/{identifier}/followers", (_ctx, identifier) =>
    identifier === username ? { items: [...state.followers.values()].map(toRecipient) } : null)
  .setCounter((_ctx, identifier) => (identifier === username ? state.followers.size : null));

federation
  .setFollowingDispatcher("/users/{identifier}/following", (_ctx, identifier) =>
    identifier === username
      ? { items: [...state.following.values()].filter((f) => f.state === "accepted").map((f) => new URL(f.id)) }
      : null)
  .setCounter((_ctx, identifier) =>
    identifier === username ? [...state.following.values()].filter((f) => f.state === "accepted").length : null);

federation.setNodeInfoDispatcher("/nodeinfo/2.1", () => ({
  software: { name: "starling-fedify-peer", version: "1.0.0" },
  protocols: ["activitypub"],
  openRegistrations: false,
  usage: { users: { total: 1, activeMonth: 1, activeHalfyear: 1 }, localPosts: state.notes.size, localComments: 0 },
}));

// Each listener does its work first and records the activity last, so a test that sees an activity in the list also
// sees what it caused (a new follower, an Accept on its way).
federation
  .setInboxListeners("/users/{identifier}/inbox", "/inbox")
  .on(Follow, (ctx, follow) => recorded(ctx, follow, () => onFollow(ctx, follow)))
  .on(Accept, (ctx, accept) => recorded(ctx, accept, () => onAnswer(accept, "accepted")))
  .on(Reject, (ctx, reject) => recorded(ctx, reject, () => onAnswer(reject, "rejected")))
  .on(Undo, (ctx, undo) => recorded(ctx, undo, () => onUndo(undo)))
  .on(Delete, (ctx, del) => recorded(ctx, del, () => onDelete(del)))
  .on(Block, (ctx, block) => recorded(ctx, block, () => onBlock(ctx, block)))
  .on(Create, (ctx, activity) => recorded(ctx, activity))
  .on(Update, (ctx, activity) => recorded(ctx, activity))
  .on(Like, (ctx, activity) => recorded(ctx, activity))
  .on(Announce, (ctx, activity) => recorded(ctx, activity))
  // Anything else (Move, Flag, Add, EmojiReact, ...) is kept too, so a test can see what a server sent.
  .on(Activity, (ctx, activity) => recorded(ctx, activity))
  .onError((_ctx, error) => {
    state.failures.push({ kind: "inbox", message: String(error?.stack ?? error) });
  })
  .onUnverifiedActivity((_ctx, activity, reason) => {
    // Only noted, so a test can say why a delivery was refused; the answer stays Fedify's 401.
    state.failures.push({
      kind: "unverified", message: `HTTP signature not verified: ${reason.type}`, reason: reason.type,
      activityId: activity.id?.href ?? null, keyId: reason.keyId?.href ?? null,
    });
  });

async function recorded(ctx, activity, handle) {
  try {
    if (handle) await handle();
  } finally {
    const json = await activity.toJsonLd({ contextLoader: ctx.contextLoader });
    state.received.push({
      type: typeName(json.type),
      id: activity.id?.href ?? null,
      actor: activity.actorId?.href ?? null,
      object: activity.objectId?.href ?? null,
      objectType: json.object != null && typeof json.object === "object" ? typeName(json.object.type) : null,
      recipient: ctx.recipient,
      json,
      raw: state.deliveries.get(activity.id?.href)?.raw ?? null,
      signature: state.deliveries.get(activity.id?.href)?.signature ?? null,
    });
  }
}

function typeName(type) {
  return Array.isArray(type) ? String(type[0]) : type == null ? null : String(type);
}

async function onFollow(ctx, follow) {
  const target = ctx.parseUri(follow.objectId);
  if (target?.type !== "actor" || target.identifier !== username || follow.id == null) return;
  const follower = await follow.getActor(ctx);
  if (follower?.id == null || follower.inboxId == null) return;
  state.followers.set(follower.id.href, {
    id: follower.id.href,
    inbox: follower.inboxId.href,
    sharedInbox: follower.endpoints?.sharedInbox?.href ?? null,
    follow: follow.id.href,
  });
  const accept = new Accept({ id: newId(ctx, "accepts"), actor: actorUri(ctx), object: follow, to: follower.id });
  await ctx.sendActivity({ identifier: username }, follower, accept);
}

function onAnswer(answer, newState) {
  for (const following of state.following.values()) {
    if (following.follow === answer.objectId?.href) following.state = newState;
  }
}

function onUndo(undo) {
  for (const [id, follower] of state.followers) {
    if (follower.follow === undo.objectId?.href && id === undo.actorId?.href) state.followers.delete(id);
  }
}

function onDelete(del) {
  // An account deleted: it follows no one any more.
  if (del.actorId != null && del.objectId?.href === del.actorId.href) state.followers.delete(del.actorId.href);
}

function onBlock(ctx, block) {
  if (block.objectId?.href !== actorUri(ctx).href) return;
  const blocker = block.actorId?.href;
  if (blocker == null) return;
  state.followers.delete(blocker);
  state.following.delete(blocker);
}

function toRecipient(follower) {
  return {
    id: new URL(follower.id),
    inboxId: new URL(follower.inbox),
    endpoints: follower.sharedInbox == null ? null : { sharedInbox: new URL(follower.sharedInbox) },
  };
}

// ---- The control API ---------------------------------------------------------------------------------------------

class ControlError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const control = {
  "GET /_control/health": (ctx) => ({ ready: true, ...identity(ctx) }),
  "GET /_control/activities": (_ctx, query) => ({
    activities: state.received.filter((a) => !query.get("type") || a.type === query.get("type")),
  }),
  "GET /_control/followers": () => ({ followers: [...state.followers.values()] }),
  "GET /_control/following": () => ({ following: [...state.following.values()] }),
  "GET /_control/failures": () => ({ failures: state.failures }),
  "POST /_control/follow": followControl,
  "POST /_control/post": postControl,
  "POST /_control/update": updateControl,
  "POST /_control/like": likeControl,
  "POST /_control/announce": announceControl,
  "POST /_control/undo": undoControl,
  "POST /_control/delete": deleteControl,
  "GET /_control/media": () => ({ media: [...state.media.values()].map(describeMedia) }),
  "POST /_control/media": mediaControl,
  "POST /_control/avatar": avatarControl,
  "POST /_control/media/hold": holdMediaControl,
  "POST /_control/media/release": () => ({ released: releaseMedia() }),
};

function identity(ctx) {
  const actor = actorUri(ctx);
  return { origin, actor: actor.href, handle: `@${username}@${actor.host}`, inbox: ctx.getInboxUri(username).href };
}

async function followControl(ctx, body) {
  const target = await lookupActor(ctx, required(body, "target"));
  const follow = new Follow({ id: newId(ctx, "follows"), actor: actorUri(ctx), object: target.id, to: target.id });
  state.following.set(target.id.href, { id: target.id.href, follow: follow.id.href, state: "pending" });
  await deliver(ctx, follow, [target], body);
  return { follow: follow.id.href, actor: target.id.href };
}

// visibility as Mastodon addresses it: public, unlisted, followers (Mastodon's "private") or direct.
async function postControl(ctx, body) {
  const content = required(body, "content");
  const visibility = body.visibility ?? "public";
  const mentioned = await Promise.all((body.mentions ?? []).map((target) => lookupActor(ctx, target)));
  let replyTarget = null;
  if (body.inReplyTo) {
    const parent = await lookupObject(ctx, body.inReplyTo);
    replyTarget = parent.id;
    if (parent.attributionId != null && !mentioned.some((a) => a.id.href === parent.attributionId.href)) {
      mentioned.push(await lookupActor(ctx, parent.attributionId.href));
    }
  }
  const { to, cc } = audience(ctx, visibility, mentioned.map((a) => a.id));
  const noteId = ctx.getObjectUri(Note, { identifier: username, id: crypto.randomUUID() });
  const published = Temporal.Now.instant();
  if (body.attachments != null && !Array.isArray(body.attachments)) throw new ControlError(400, `"attachments" must be a list.`);
  const attachments = (body.attachments ?? []).map((spec) => attachmentOf(spec));
  const note = new Note({
    id: noteId, attribution: actorUri(ctx), content, replyTarget, published, url: noteId, tos: to, ccs: cc,
    summary: body.summary ?? null, sensitive: body.summary != null,
    tags: mentioned.map((a) => new Mention({ href: a.id, name: `@${a.preferredUsername}@${a.id.host}` })),
    attachments,
  });
  const create = new Create({
    id: new URL(`${noteId.href}/activity`), actor: actorUri(ctx), object: note, published, tos: to, ccs: cc,
  });
  const recipients = audienceRecipients(visibility, mentioned);
  state.notes.set(noteId.href, { note, create, recipients });
  if (visibility === "public" || visibility === "unlisted") state.outbox.push(create);
  await deliver(ctx, create, recipients, body);
  return { note: noteId.href, create: create.id.href };
}

async function updateControl(ctx, body) {
  const posted = ownNote(required(body, "note"));
  const note = posted.note.clone({ content: required(body, "content"), updated: Temporal.Now.instant() });
  posted.note = note;
  posted.create = posted.create.clone({ object: note });
  const update = new Update({ id: newId(ctx, "updates"), actor: actorUri(ctx), object: note, tos: note.toIds, ccs: note.ccIds });
  await deliver(ctx, update, posted.recipients, body);
  return { update: update.id.href, note: note.id.href };
}

async function likeControl(ctx, body) {
  const object = await lookupObject(ctx, required(body, "object"));
  const author = await lookupActor(ctx, authorOf(object));
  const like = new Like({ id: newId(ctx, "likes"), actor: actorUri(ctx), object: object.id, to: author.id });
  await deliver(ctx, like, [author], body);
  return { like: like.id.href };
}

async function announceControl(ctx, body) {
  const object = await lookupObject(ctx, required(body, "object"));
  const author = await lookupActor(ctx, authorOf(object));
  const announce = new Announce({
    id: newId(ctx, "announces"), actor: actorUri(ctx), object: object.id, published: Temporal.Now.instant(),
    to: PUBLIC_COLLECTION, ccs: [author.id, ctx.getFollowersUri(username)],
  });
  state.outbox.push(announce);
  await deliver(ctx, announce, audienceRecipients("public", [author]), body);
  return { announce: announce.id.href };
}

async function undoControl(ctx, body) {
  const id = required(body, "activity");
  const sent = state.sent.get(id);
  if (sent == null) throw new ControlError(404, `No activity ${id} was sent by this peer.`);
  const activity = sent.activity;
  const undo = new Undo({ id: newId(ctx, "undos"), actor: actorUri(ctx), object: activity, tos: activity.toIds, ccs: activity.ccIds });
  await deliver(ctx, undo, sent.recipients, body);
  if (activity instanceof Follow) state.following.delete(activity.objectId.href);
  state.outbox = state.outbox.filter((a) => a.id?.href !== id);
  return { undo: undo.id.href };
}

async function deleteControl(ctx, body) {
  const posted = ownNote(required(body, "note"));
  const noteId = posted.note.id;
  state.notes.delete(noteId.href);
  state.outbox = state.outbox.filter((a) => a.id?.href !== posted.create.id.href);
  const del = new Delete({
    id: newId(ctx, "deletes"), actor: actorUri(ctx), object: new Tombstone({ id: noteId }),
    tos: posted.note.toIds, ccs: posted.note.ccIds,
  });
  await deliver(ctx, del, posted.recipients, body);
  return { delete: del.id.href };
}

// ---- Files ------------------------------------------------------------------------------------------------------------

const attachmentTypes = { Document, Image, Video, Audio };

// One attachment of a post, as Fedify's vocabulary builds it. With url "string" (the default) the url is the file's
// address and the mediaType is on the attachment, as Mastodon writes it; with url "link" the url is a Link that carries
// the mediaType instead, as PeerTube writes it. Fedify's vocabulary has no blurhash or focalPoint, so neither is sent.
function attachmentOf(spec) {
  const file = state.media.get(spec?.media);
  if (file == null) throw new ControlError(400, `No file ${spec?.media}: hand it over with POST /_control/media first.`);
  const type = spec.type ?? "Document";
  const Type = attachmentTypes[type];
  if (Type == null) throw new ControlError(400, `Unknown attachment type ${type}: use ${Object.keys(attachmentTypes).join(", ")}.`);
  const href = new URL(file.url);
  const asLink = spec.url === "link";
  if (!asLink && spec.url != null && spec.url !== "string") throw new ControlError(400, `"url" is "string" or "link", not ${spec.url}.`);
  const values = { url: asLink ? new Link({ href, mediaType: file.mediaType }) : href };
  if (!asLink) values.mediaType = file.mediaType;
  if (spec.name != null) values.name = spec.name;
  if (spec.width != null) values.width = spec.width;
  if (spec.height != null) values.height = spec.height;
  if (spec.duration != null) values.duration = Temporal.Duration.from({ milliseconds: Math.round(spec.duration * 1000) });
  return new Type(values);
}

// A file to serve at /media/<name>: { name, mediaType, data } with the bytes in base64.
function mediaControl(_ctx, body) {
  const name = required(body, "name");
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new ControlError(400, `"name" must be a plain file name, not ${name}.`);
  const mediaType = required(body, "mediaType");
  const data = Buffer.from(required(body, "data"), "base64");
  if (data.length === 0) throw new ControlError(400, `"data" holds no bytes.`);
  const file = { name, url: `${origin}/media/${encodeURIComponent(name)}`, mediaType, body: data, requests: 0 };
  state.media.set(name, file);
  return describeMedia(file);
}

// The actor's icon from now on (those who fetch the actor again see it); no Update is sent.
function avatarControl(_ctx, body) {
  const file = state.media.get(required(body, "media"));
  if (file == null) throw new ControlError(404, `No file ${body.media}: hand it over with POST /_control/media first.`);
  state.avatar = file;
  return { icon: file.url };
}

// Requests for files wait, answered only at POST /_control/media/release, so a test can see what a server shows while
// it is still fetching them. A hold nobody releases ends by itself after a minute, so no fetch waits forever.
function holdMediaControl() {
  if (state.mediaHold == null) {
    let release;
    const released = new Promise((resolve) => { release = resolve; });
    const timer = setTimeout(releaseMedia, 60_000);
    timer.unref();
    state.mediaHold = { released, release: () => { clearTimeout(timer); release(); } };
  }
  return { held: true };
}

function releaseMedia() {
  const hold = state.mediaHold;
  state.mediaHold = null;
  hold?.release();
  return hold != null;
}

function describeMedia(file) {
  return { name: file.name, url: file.url, mediaType: file.mediaType, size: file.body.length, requests: file.requests };
}

async function serveMedia(request, url) {
  const file = state.media.get(decodeURIComponent(url.pathname.slice("/media/".length)));
  if (file == null) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
  file.requests++;
  if (state.mediaHold != null) await state.mediaHold.released;
  return new Response(request.method === "HEAD" ? null : file.body, {
    headers: { "content-type": file.mediaType, "content-length": String(file.body.length) },
  });
}

function audience(ctx, visibility, mentionIds) {
  const followers = ctx.getFollowersUri(username);
  switch (visibility) {
    case "public": return { to: [PUBLIC_COLLECTION], cc: [followers, ...mentionIds] };
    case "unlisted": return { to: [followers], cc: [PUBLIC_COLLECTION, ...mentionIds] };
    case "followers": return { to: [followers], cc: mentionIds };
    case "direct": return { to: mentionIds, cc: [] };
    default: throw new ControlError(400, `Unknown visibility ${visibility}: use public, unlisted, followers or direct.`);
  }
}

// Followers (unless direct) and everyone addressed by name, once each. Kept as actor records so an Undo, Update or
// Delete later reaches exactly those who saw the original, even after they unfollow.
function audienceRecipients(visibility, mentioned) {
  const byId = new Map();
  if (visibility !== "direct") {
    for (const follower of state.followers.values()) byId.set(follower.id, toRecipient(follower));
  }
  for (const actor of mentioned) byId.set(actor.id.href, actor);
  return [...byId.values()];
}

// Delivered at once unless the call asks for the queue, so a refused delivery fails the control call with the answer.
async function deliver(ctx, activity, recipients, body) {
  state.sent.set(activity.id.href, { activity, recipients });
  if (recipients.length === 0) return;
  await ctx.sendActivity({ identifier: username }, recipients, activity, {
    immediate: body.queued !== true,
    preferSharedInbox: body.sharedInbox !== false,
  });
}

async function lookupObject(ctx, target) {
  // Fetches are signed by the actor, as Mastodon and most Fedify servers sign theirs.
  const documentLoader = await ctx.getDocumentLoader({ identifier: username });
  const object = await ctx.lookupObject(target, { documentLoader });
  if (object?.id == null) throw new ControlError(404, `Could not look up ${target}.`);
  return object;
}

async function lookupActor(ctx, target) {
  const actor = await lookupObject(ctx, target);
  if (!isActor(actor)) throw new ControlError(400, `${target} is not an actor.`);
  if (actor.inboxId == null) throw new ControlError(400, `${target} has no inbox.`);
  return actor;
}

function authorOf(object) {
  const author = object.attributionId ?? object.actorId;
  if (author == null) throw new ControlError(400, `${object.id.href} names no author.`);
  return author.href;
}

function ownNote(id) {
  const posted = state.notes.get(id);
  if (posted == null) throw new ControlError(404, `No note ${id} was posted by this peer.`);
  return posted;
}

function required(body, name) {
  const value = body[name];
  if (typeof value !== "string" || value === "") throw new ControlError(400, `"${name}" is required.`);
  return value;
}

async function handleControl(request, url) {
  const action = control[`${request.method} ${url.pathname}`];
  if (action == null) return Response.json({ error: `No control action ${request.method} ${url.pathname}.` }, { status: 404 });
  const ctx = federation.createContext(new URL(origin), undefined);
  try {
    const body = request.method === "POST" ? await request.json() : {};
    return Response.json(await action(ctx, request.method === "POST" ? body : url.searchParams));
  } catch (error) {
    const status = error instanceof ControlError ? error.status : error instanceof SyntaxError ? 400 : 502;
    return Response.json({ error: String(error?.message ?? error) }, { status });
  }
}

// ---- HTTP ---------------------------------------------------------------------------------------------------------

const server = http.createServer(async (req, res) => {
  try {
    const request = await toRequest(req);
    const url = new URL(request.url);
    if (request.method === "POST" && url.pathname.endsWith("/inbox")) await keepDelivery(request.clone());
    const response = url.pathname.startsWith("/_control/")
      ? await handleControl(request, url)
      : url.pathname.startsWith("/media/") && (request.method === "GET" || request.method === "HEAD")
        ? await serveMedia(request, url)
        : await federation.fetch(request, { contextData: undefined });
    res.writeHead(response.status, [...response.headers].flat());
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    process.stderr.write(`request failed: ${error?.stack ?? error}\n`);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end(String(error));
  }
});

async function keepDelivery(request) {
  const header = (name) => request.headers.get(name);
  const scheme = header("signature-input") != null ? "rfc9421"
    : header("signature") != null ? "draft-cavage-http-signatures-12" : null;
  try {
    const json = await request.json();
    if (typeof json?.id !== "string") return;
    state.deliveries.set(json.id, {
      raw: json,
      signature: {
        scheme, signature: header("signature"), signatureInput: header("signature-input"),
        digest: header("digest"), contentDigest: header("content-digest"),
      },
    });
  } catch {
    // Not JSON: Fedify answers it, and there is nothing to keep.
  }
}

async function toRequest(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url, origin), {
    method: req.method, headers, body: hasBody ? Buffer.concat(chunks) : undefined,
  });
}

server.listen(port, "127.0.0.1", () => {
  const ctx = federation.createContext(new URL(origin), undefined);
  process.stdout.write(`READY ${JSON.stringify(identity(ctx))}\n`);
});

process.on("SIGTERM", () => server.close(() => process.exit(0)));
