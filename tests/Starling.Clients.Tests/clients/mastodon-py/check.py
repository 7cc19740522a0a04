"""Drives a running Starling server with Mastodon.py, Debian's python3-mastodon, as an app written with it would.

Run by Starling.Clients.Tests with Debian's /usr/bin/python3; by hand against any server:

    STARLING_URL=http://127.0.0.1:5000 STARLING_USERNAME=alice STARLING_EMAIL=alice@example.com \
    STARLING_PASSWORD=... STARLING_OTHER_USERNAME=bob STARLING_OTHER_EMAIL=bob@example.com \
    STARLING_OTHER_PASSWORD=... /usr/bin/python3 check.py

STARLING_INSTANCE_TITLE, when set, is the instance name the server must report.
STARLING_CLIENT_STEPS=all also runs the steps in NOT_YET_RUN; a list of names ("register_app password_login") runs only those.

Prints "plan: ..." (the steps it runs), "pending: ..." for each step it leaves out, "ok: <step>" after each step,
and on the first failure "FAILED: <step>: <why>" and exits 1. Steps run in order and share one State.
"""

import base64
import importlib.metadata
import os
import sys
import threading
import time
import traceback
import uuid

import mastodon
import requests
from mastodon import Mastodon, StreamListener

SCOPES = ["read", "write", "follow", "push"]

# Written, but not yet run: each waits for the endpoints named beside it. Delete a line when they land.
NOT_YET_RUN = {
}


def show_request(response, *args, **kwargs):
    """Every request Mastodon.py makes is shown with its answer's status, so a failed step shows what the server said."""
    request = response.request
    print(f"  > {request.method} {request.path_url} -> {response.status_code}", flush=True)


SESSION = requests.Session()
SESSION.hooks["response"].append(show_request)


class StepFailed(Exception):
    """A check inside a step did not hold; the message says what was expected and what came back."""


class State:
    """What the steps learn and pass on: the app, the two users' clients and accounts, the posts made."""

    def __init__(self):
        self.url = require_env("STARLING_URL").rstrip("/")
        self.username = require_env("STARLING_USERNAME")
        self.email = require_env("STARLING_EMAIL")
        self.password = require_env("STARLING_PASSWORD")
        self.other_username = require_env("STARLING_OTHER_USERNAME")
        self.other_password = require_env("STARLING_OTHER_PASSWORD")
        self.instance_title = os.environ.get("STARLING_INSTANCE_TITLE")
        self.run_tag = uuid.uuid4().hex[:8]
        self.client_id = None
        self.client_secret = None
        self.me = None
        self.other = None
        self.me_account = None
        self.other_account = None
        self.statuses = {}

    def need(self, attribute, step):
        value = getattr(self, attribute)
        if value is None:
            raise StepFailed(f"needs what step '{step}' makes; run that step first")
        return value

    def client(self, access_token=None):
        return Mastodon(client_id=self.client_id, client_secret=self.client_secret, access_token=access_token,
                        api_base_url=self.url, request_timeout=30, session=SESSION)


def require_env(name):
    value = os.environ.get(name)
    if not value:
        print(f"FAILED: setup: the environment variable {name} is not set", flush=True)
        sys.exit(2)
    return value


def expect(condition, message):
    if not condition:
        raise StepFailed(message)


# ---- Steps (one small function each; the order of STEPS below is the order they run in) ----

def instance_v1(state):
    anonymous = Mastodon(api_base_url=state.url, version_check_mode="none", request_timeout=30, session=SESSION)
    instance = anonymous.instance()
    expected_domain = state.url.split("://", 1)[1]
    expect(instance["uri"] == expected_domain, f"uri is {instance['uri']!r}, expected {expected_domain!r}")
    expect("Starling" in instance["version"], f"version {instance['version']!r} does not name Starling")
    if state.instance_title:
        expect(instance["title"] == state.instance_title, f"title is {instance['title']!r}, expected {state.instance_title!r}")
    expect(instance["urls"]["streaming_api"].startswith("ws"), f"urls.streaming_api is {instance['urls']['streaming_api']!r}")


def version_detection(state):
    # Mastodon.py reads the version once to decide which methods the server supports.
    detecting = Mastodon(api_base_url=state.url, version_check_mode="created", request_timeout=30, session=SESSION)
    expect(detecting.version_check_worked, "Mastodon.py could not read the server's version")
    expect(detecting.verify_minimum_version("4.0.0", cached=True),
           f"Mastodon.py read version {detecting.mastodon_major}.{detecting.mastodon_minor}.{detecting.mastodon_patch}, expected 4.x")


def register_app(state):
    state.client_id, state.client_secret = Mastodon.create_app(
        f"Starling check (Mastodon.py {state.run_tag})", scopes=SCOPES, api_base_url=state.url, request_timeout=30, session=SESSION)
    expect(state.client_id and state.client_secret, "the app came back without a client id or secret")


def password_login(state):
    state.need("client_id", "register_app")
    me = state.client()
    # Mastodon.py checks that the token's scopes cover the ones asked for; the username stands where the email may.
    token = me.log_in(state.username, state.password, scopes=SCOPES)
    expect(token, "no access token came back")
    state.me = me


def verify_credentials(state):
    account = state.need("me", "password_login").account_verify_credentials()
    expect(account["username"] == state.username, f"username is {account['username']!r}, expected {state.username!r}")
    expect(account["acct"] == state.username, f"acct is {account['acct']!r}, expected {state.username!r}")
    # Mastodon.py turns numeric string ids into ints; ids that are not numeric would stay strings.
    expect(isinstance(account["id"], int), f"the account id {account['id']!r} is not a numeric string")
    expect("source" in account, "verify_credentials has no source")
    state.me_account = account


def other_login(state):
    state.need("client_id", "register_app")
    other = state.client()
    other.log_in(state.other_username, state.other_password, scopes=SCOPES)
    state.other = other
    state.other_account = other.account_verify_credentials()


def post_with_content_warning(state):
    me = state.need("me", "password_login")
    text = f"Hello from Mastodon.py #starlingcheck {state.run_tag}"
    status = me.status_post(text, spoiler_text="A content warning", visibility="public")
    expect(status["spoiler_text"] == "A content warning", f"spoiler_text is {status['spoiler_text']!r}")
    expect(state.run_tag in status["content"], "the content does not hold the text posted")
    expect(me.status(status["id"])["id"] == status["id"], "the post cannot be read back")
    state.statuses["first"] = status


def poll(state):
    me = state.need("me", "password_login")
    other = state.need("other", "other_login")
    status = me.status_post("Which one?", poll=me.make_poll(["this", "that"], expires_in=3600))
    expect(status["poll"] is not None and len(status["poll"]["options"]) == 2, "the post has no poll with two options")
    other.poll_vote(status["poll"]["id"], [1])
    votes = me.poll(status["poll"]["id"])
    expect(votes["votes_count"] == 1, f"votes_count is {votes['votes_count']}, expected 1")


def home_timeline_pages(state):
    me = state.need("me", "password_login")
    posted = [me.status_post(f"Page item {n} {state.run_tag}")["id"] for n in range(5)]
    first = me.timeline_home(limit=2)
    expect([s["id"] for s in first] == posted[-1:-3:-1], "the first page is not the two newest posts")
    second = me.fetch_next(first)
    expect(second is not None, "the first page has no next link")
    expect([s["id"] for s in second] == posted[-3:-5:-1], "the next page is not the two posts after them")
    back = me.fetch_previous(second)
    expect(back is not None and [s["id"] for s in back] == [s["id"] for s in first], "the prev link does not lead back")


def public_timeline(state):
    me = state.need("me", "password_login")
    first = state.statuses.get("first") or me.status_post(f"Public {state.run_tag}")
    expect(any(s["id"] == first["id"] for s in me.timeline_public(limit=40)), "the post is not on the public timeline")


def follow(state):
    other = state.need("other", "other_login")
    me_account = state.need("me_account", "verify_credentials")
    relationship = other.account_follow(me_account["id"])
    expect(relationship["following"], "the follow did not take")
    expect(other.account_relationships(me_account["id"])[0]["following"], "relationships do not show the follow")


def favourite(state):
    other = state.need("other", "other_login")
    status = state.statuses.get("first") or raise_missing("post_with_content_warning")
    favourited = other.status_favourite(status["id"])
    expect(favourited["favourited"] and favourited["favourites_count"] == 1, "the favourite did not count")


def boost(state):
    other = state.need("other", "other_login")
    status = state.statuses.get("first") or raise_missing("post_with_content_warning")
    reblog = other.status_reblog(status["id"])
    expect(reblog["reblog"]["id"] == status["id"], "the boost does not wrap the post")


def notifications(state):
    me = state.need("me", "password_login")
    # Notifications are written by a background job; wait until all three have arrived.
    kinds = wait_for(lambda _: {n["type"] for n in me.notifications(limit=30)} >= {"follow", "favourite", "reblog"},
                     lambda: {n["type"] for n in me.notifications(limit=30)})
    only_follows = me.notifications(types=["follow"])
    expect(only_follows and all(n["type"] == "follow" for n in only_follows), f"types[]=follow gave {kinds}")


def lists(state):
    me = state.need("me", "password_login")
    other_account = state.need("other_account", "other_login")
    me.account_follow(other_account["id"])
    created = me.list_create(f"Friends {state.run_tag}")
    me.list_accounts_add(created["id"], [other_account["id"]])
    members = me.list_accounts(created["id"])
    expect([a["id"] for a in members] == [other_account["id"]], "the list does not hold the account added")
    me.timeline_list(created["id"])
    me.list_delete(created["id"])
    expect(all(l["id"] != created["id"] for l in me.lists()), "the deleted list is still there")


def filters(state):
    me = state.need("me", "password_login")
    created = me.filter_create(f"spoiler{state.run_tag}", ["home"], whole_word=True)
    expect(any(f["id"] == created["id"] for f in me.filters()), "the filter is not listed")
    me.filter_delete(created["id"])


def search(state):
    me = state.need("me", "password_login")
    found = me.search_v2(state.other_username, resolve=False)
    expect(any(a["username"] == state.other_username for a in found["accounts"]), "search does not find the other account")
    tags = me.search_v2("#starlingcheck", resolve=False)
    expect(any(t["name"] == "starlingcheck" for t in tags["hashtags"]), "search does not find the hashtag")


# The smallest PNG there is: one transparent pixel.
PIXEL_PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")


def media(state):
    me = state.need("me", "password_login")
    uploaded = me.media_post(PIXEL_PNG, mime_type="image/png", description=f"A pixel {state.run_tag}", focus=(0.0, 0.5), synchronous=True)
    expect(uploaded["type"] == "image" and uploaded["url"], "the upload has no URL once ready")
    expect(uploaded["meta"]["focus"]["y"] == 0.5, "the focal point was not kept")
    described = me.media_update(uploaded["id"], description="One pixel")
    expect(described["description"] == "One pixel", "the description did not change")
    served = SESSION.get(uploaded["url"], timeout=30)
    expect(served.status_code == 200 and served.headers.get("Content-Type") == "image/png",
           f"the file is not served as a PNG ({served.status_code} {served.headers.get('Content-Type')})")


def bookmarks(state):
    me = state.need("me", "password_login")
    status = state.statuses.get("first") or raise_missing("post_with_content_warning")
    me.status_bookmark(status["id"])
    expect(any(s["id"] == status["id"] for s in me.bookmarks()), "the bookmark is not listed")
    me.status_unbookmark(status["id"])


def streaming(state):
    me = state.need("me", "password_login")
    other = state.need("other", "other_login")
    listener = CollectingListener()
    handle = me.stream_user(listener, run_async=True)
    posted = set()

    def post_now_and_then(attempt):
        # Nothing tells the client when the server has taken the subscription: post again now and then until one arrives.
        if attempt % 10 == 0:
            status = me.status_post(f"Streamed {state.run_tag} {attempt}")
            other.status_favourite(status["id"])
            posted.add(status["id"])
        return any(listener.saw("update", ident) for ident in posted) and listener.saw("notification")

    try:
        wait_for(post_now_and_then, lambda: listener.events)
    finally:
        handle.close()


def delete(state):
    me = state.need("me", "password_login")
    status = state.statuses.get("first") or raise_missing("post_with_content_warning")
    deleted = me.status_delete(status["id"])
    expect("text" in deleted, "the delete reply has no source text for delete-and-redraft")
    try:
        me.status(status["id"])
    except mastodon.MastodonNotFoundError:
        return
    raise StepFailed("the deleted post can still be read")


STEPS = [
    instance_v1,
    version_detection,
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
    search,
    media,
    bookmarks,
    streaming,
    delete,
]


# ---- Helpers ----

class CollectingListener(StreamListener):
    def __init__(self):
        super().__init__()
        self.events = []
        self._lock = threading.Lock()

    def on_update(self, status):
        with self._lock:
            self.events.append(("update", status["id"]))

    def on_notification(self, notification):
        with self._lock:
            self.events.append(("notification", notification["id"]))

    def saw(self, kind, ident=None):
        with self._lock:
            return any(k == kind and (ident is None or i == ident) for k, i in self.events)


def wait_for(condition, describe, attempts=100):
    """Polls for work the server finishes in the background; the bound only stops a check that would never end.
    The condition is given the attempt number, so it can act again now and then."""
    for attempt in range(attempts):
        if condition(attempt):
            return describe()
        time.sleep(0.1)
    raise StepFailed(f"still not there after {attempts} tries: {describe()}")


def raise_missing(step):
    raise StepFailed(f"needs the post that step '{step}' makes; run that step first")


def selected_steps():
    choice = os.environ.get("STARLING_CLIENT_STEPS", "").split()
    known = {step.__name__ for step in STEPS}
    unknown = [name for name in choice if name not in known and name != "all"]
    if unknown:
        print(f"FAILED: setup: unknown steps {unknown}; the steps are {sorted(known)}", flush=True)
        sys.exit(2)
    if choice == ["all"]:
        return STEPS
    if choice:
        return [step for step in STEPS if step.__name__ in choice]
    return [step for step in STEPS if step.__name__ not in NOT_YET_RUN]


def describe_error(error):
    if isinstance(error, StepFailed):
        return str(error)
    return f"{type(error).__name__}: {error}"


def main():
    state = State()
    steps = selected_steps()
    print(f"Mastodon.py {importlib.metadata.version('Mastodon.py')} against {state.url}")
    print("plan: " + " ".join(step.__name__ for step in steps))
    for step in STEPS:
        if step not in steps:
            print(f"pending: {step.__name__} (waits for {NOT_YET_RUN.get(step.__name__, 'nothing; not selected')})")
    sys.stdout.flush()
    for step in steps:
        try:
            step(state)
        except Exception as error:  # noqa: BLE001 - every failure, from the client or from a check, ends the run the same way
            if not isinstance(error, StepFailed):
                traceback.print_exc(file=sys.stdout)
            print(f"FAILED: {step.__name__}: {describe_error(error)}", flush=True)
            return 1
        print(f"ok: {step.__name__}", flush=True)
    print(f"Mastodon.py: {len(steps)} steps ok, {len(STEPS) - len(steps)} pending", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
