"""Schemathesis hooks for Roster's SCIM API (loaded by scripts/fuzz/run.sh via SCHEMATHESIS_HOOKS).

The OpenAPI document describes filters, attribute paths and PATCH paths as plain strings and
`schemas` as any array of strings, which is honest (that is what the wire carries) but means that
data generated from it alone almost never gets past Roster's first check: a random string is not
a filter, and a random `schemas` array lacks the core URN. These hooks mix in, for part of the
generated cases, values built from the SCIM grammar (RFC 7644 §3.4.2.2 filters, §3.10 attribute
paths, §3.5.2 PATCH operations) over the attributes Roster knows, so the campaign reaches the
filter → MongoDB translation, the in-memory re-check, sorting, projection and the PATCH engine.
The rest stays as Schemathesis generated it. Nothing here changes what a response must look like.
"""

from __future__ import annotations

import json
import random
import uuid
from typing import Any

import schemathesis
from hypothesis import strategies as st

USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
SEARCH_URN = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
BULK_URN = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"

# Multi-valued complex attributes and their sub-attributes (value filters, PATCH value paths).
USER_MULTI = {
    "emails": ["value", "type", "primary", "display"],
    "phoneNumbers": ["value", "type", "primary"],
    "addresses": ["formatted", "streetAddress", "locality", "country", "type", "primary"],
    "roles": ["value", "type", "primary"],
    "entitlements": ["value", "primary"],
    "ims": ["value", "type"],
    "photos": ["value", "type"],
    "x509Certificates": ["value"],
    "groups": ["value", "display", "type"],
}
GROUP_MULTI = {"members": ["value", "type", "display", "$ref"]}

USER_ATTRS = [
    "id",
    "userName",
    "externalId",
    "displayName",
    "nickName",
    "title",
    "userType",
    "locale",
    "timezone",
    "active",
    "password",
    "profileUrl",
    "name",
    "name.givenName",
    "name.familyName",
    "name.formatted",
    "meta.created",
    "meta.lastModified",
    "meta.version",
    "meta.resourceType",
    "schemas",
    f"{USER_URN}:userName",
    f"{USER_URN}:name.givenName",
    f"{ENTERPRISE_URN}:employeeNumber",
    f"{ENTERPRISE_URN}:department",
    f"{ENTERPRISE_URN}:manager",
    f"{ENTERPRISE_URN}:manager.value",
    f"{ENTERPRISE_URN}:manager.displayName",
    ENTERPRISE_URN,
    "nosuchattr",
    "name.nosuch",
] + [f"{m}.{s}" for m, subs in USER_MULTI.items() for s in subs] + list(USER_MULTI)
GROUP_ATTRS = [
    "id",
    "displayName",
    "externalId",
    "members",
    "meta.created",
    "meta.lastModified",
    "meta.version",
    f"{GROUP_URN}:displayName",
    f"{GROUP_URN}:members.value",
    "userName",
    "nosuchattr",
] + [f"members.{s}" for s in GROUP_MULTI["members"]]

OPERATORS = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]

# Keep generated text printable-ish but with everything that is special to a regex, JSON or URL.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list('abcXYZ019 @._-*+?^$()[]{}|\\/"\'%&=,:;~`!#<>')),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=24,
)


def random_case(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from([word, word.upper(), word.capitalize()])


def filter_values() -> st.SearchStrategy[str]:
    return st.one_of(
        TEXT.map(lambda s: json.dumps(s, ensure_ascii=False)),
        TEXT.map(json.dumps),
        st.sampled_from(
            [
                "true",
                "false",
                "null",
                "True",
                '"2026-01-01T00:00:00Z"',
                '"2026-13-45T99:99:99Z"',
                '"not a date"',
                '""',
                "0",
                "-1",
                "1.5",
                "1e400",
                "-0",
                "9007199254740993",
                '"\\u0000"',
                '"a\\"b"',
                "bare",
            ]
        ),
        st.integers().map(str),
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
    )


def filters(attrs: list[str], multi: dict[str, list[str]]) -> st.SearchStrategy[str]:
    values = filter_values()
    compare = st.builds(
        lambda a, op, v: f"{a} {op} {v}", st.sampled_from(attrs), st.sampled_from(OPERATORS).flatmap(random_case), values
    )
    present = st.builds(lambda a, pr: f"{a} {pr}", st.sampled_from(attrs), random_case("pr"))

    def sub_filter(subs: list[str]) -> st.SearchStrategy[str]:
        sub_compare = st.builds(
            lambda a, op, v: f"{a} {op} {v}", st.sampled_from(subs), st.sampled_from(OPERATORS), values
        )
        sub_present = st.sampled_from(subs).map(lambda a: f"{a} pr")
        leaf = st.one_of(sub_compare, sub_present)
        return st.one_of(
            leaf,
            st.builds(lambda a, j, b: f"{a} {j} {b}", leaf, st.sampled_from(["and", "or"]), leaf),
            leaf.map(lambda a: f"not ({a})"),
        )

    value_path = st.sampled_from(sorted(multi)).flatmap(
        lambda m: st.one_of(
            sub_filter(multi[m]).map(lambda inner: f"{m}[{inner}]"),
            # Entra's non-RFC form: emails[type eq "work"].value eq "x"
            st.builds(
                lambda inner, sub, v: f"{m}[{inner}].{sub} eq {v}",
                sub_filter(multi[m]),
                st.sampled_from(multi[m]),
                values,
            ),
        )
    )
    leaf = st.one_of(compare, compare, present, value_path)
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.builds(lambda a, j, b: f"{a} {j} {b}", inner, st.sampled_from(["and", "or"]).flatmap(random_case), inner),
            inner.map(lambda a: f"({a})"),
            st.builds(lambda n, a: f"{n} ({a})", random_case("not"), inner),
        ),
        max_leaves=6,
    )


# Paging edge cases: below 1, 32/53-bit limits, the 15-digit cap of the ingress parser.
PAGE_NUMBERS = st.one_of(
    st.sampled_from([0, 1, 2, -1, 1000, 1001, 2**31 - 1, 2**31, 2**53, 10**15 - 1, 10**15, -(10**15)]),
    st.integers(min_value=-5, max_value=50),
)


def unique_names(original: Any) -> st.SearchStrategy[Any]:
    """Generated userNames/displayNames repeat ("", "0"), so most creates would be 409s; keep the
    generated text and append a fresh suffix to most of them so the write path gets exercised."""
    if not isinstance(original, str):
        return st.just(original)
    fresh = st.just(None).map(lambda _: f"{original}-{uuid.uuid4().hex[:12]}")
    return st.one_of(fresh, fresh, fresh, st.just(original))


def attribute_lists(attrs: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(attrs), min_size=1, max_size=4).map(",".join)


def resource_of(path: str) -> str | None:
    if path.startswith("/Users"):
        return "User"
    if path.startswith("/Groups"):
        return "Group"
    return None


def attrs_of(resource: str) -> tuple[list[str], dict[str, list[str]]]:
    return (USER_ATTRS, USER_MULTI) if resource == "User" else (GROUP_ATTRS, GROUP_MULTI)


def steer(strategy: st.SearchStrategy[Any], original: Any) -> st.SearchStrategy[Any]:
    """Two cases in three get the grammar-built value, the rest keep what Schemathesis made."""
    return st.one_of(strategy, strategy, st.just(original))


@schemathesis.hook
def flatmap_query(context: Any, query: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    operation = context.operation
    resource = resource_of(operation.path) if operation is not None else None
    if resource is None or not isinstance(query, dict):
        return st.just(query)
    attrs, multi = attrs_of(resource)
    return st.fixed_dictionaries(
        {
            **{key: st.just(value) for key, value in query.items()},
            **({"filter": steer(filters(attrs, multi), query["filter"])} if "filter" in query else {}),
            **({"sortBy": steer(st.sampled_from(attrs), query["sortBy"])} if "sortBy" in query else {}),
            **({"attributes": steer(attribute_lists(attrs), query["attributes"])} if "attributes" in query else {}),
            **(
                {"excludedAttributes": steer(attribute_lists(attrs), query["excludedAttributes"])}
                if "excludedAttributes" in query
                else {}
            ),
            **({"startIndex": steer(PAGE_NUMBERS, query["startIndex"])} if "startIndex" in query else {}),
            **({"count": steer(PAGE_NUMBERS, query["count"])} if "count" in query else {}),
        }
    )


def patch_paths(attrs: list[str], multi: dict[str, list[str]]) -> st.SearchStrategy[str]:
    values = filter_values()
    value_filter = st.sampled_from(sorted(multi)).flatmap(
        lambda m: st.builds(
            lambda sub, op, v, tail: f"{m}[{sub} {op} {v}]{tail}",
            st.sampled_from(multi[m]),
            st.sampled_from(["eq", "ne", "co", "sw"]),
            values,
            st.one_of(st.just(""), st.sampled_from(multi[m]).map(lambda s: f".{s}")),
        )
    )
    return st.one_of(st.sampled_from(attrs), st.sampled_from(attrs), value_filter)


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=8,
)


# Ids of resources this run created (recorded by `after_call`), so that writes and reads by id
# reach real resources outside the stateful phase too, and Group members name real Users.
CREATED: dict[str, list[str]] = {"User": [], "Group": []}
MAX_REMEMBERED = 500


def known_id(resource: str) -> st.SearchStrategy[str]:
    """A remembered id of `resource` (drawn at random: the list grows while the run goes on)."""
    ids = CREATED[resource]
    return st.just(None).map(lambda _: random.choice(ids) if ids else str(uuid.uuid4()))


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    resource = resource_of(case.operation.path)
    if resource is None or case.method.upper() != "POST" or response.status_code != 201:
        return
    try:
        created = response.json().get("id")
    except Exception:  # noqa: BLE001 - a malformed body is the response checks' business
        return
    if isinstance(created, str):
        ids = CREATED[resource]
        ids.append(created)
        del ids[:-MAX_REMEMBERED]


@schemathesis.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    operation = context.operation
    resource = resource_of(operation.path) if operation is not None else None
    if resource is None or not isinstance(path_parameters, dict) or "id" not in path_parameters:
        return st.just(path_parameters)
    return st.one_of(
        known_id(resource).map(lambda id_: {**path_parameters, "id": id_}),
        known_id(resource).map(lambda id_: {**path_parameters, "id": id_}),
        st.just(path_parameters),
    )


def patch_values(attrs: list[str]) -> st.SearchStrategy[Any]:
    complex_value = st.fixed_dictionaries(
        {},
        optional={
            "value": st.one_of(TEXT, st.uuids().map(str), known_id("User"), known_id("Group")),
            "type": st.sampled_from(["work", "home", "User", "Group", ""]),
            "primary": st.one_of(st.booleans(), st.sampled_from(["True", "false", "yes"])),
            "display": TEXT,
        },
    )
    return st.one_of(
        TEXT,
        st.booleans(),
        st.sampled_from(["True", "False", "", "2026-01-01T00:00:00Z"]),
        st.lists(complex_value, max_size=3),
        complex_value,
        st.dictionaries(st.sampled_from(attrs), JSON_VALUES, max_size=4),
        JSON_VALUES,
    )


NO_VALUE = object()  # an operation without a "value" key (remove, or a malformed add)


def patch_operations(resource: str) -> st.SearchStrategy[list[dict[str, Any]]]:
    attrs, multi = attrs_of(resource)
    op = st.sampled_from(["add", "replace", "remove"]).flatmap(random_case)
    operation = st.builds(
        lambda o, path, value: {
            "op": o,
            **({"path": path} if path is not None else {}),
            **({"value": value} if value is not NO_VALUE else {}),
        },
        op,
        st.one_of(st.none(), patch_paths(attrs, multi)),
        st.one_of(st.just(NO_VALUE), patch_values(attrs), patch_values(attrs), patch_values(attrs)),
    )
    return st.lists(operation, min_size=1, max_size=4)


REQUIRED_URN = {
    ("POST", "/Users"): USER_URN,
    ("PUT", "/Users/{id}"): USER_URN,
    ("POST", "/Groups"): GROUP_URN,
    ("PUT", "/Groups/{id}"): GROUP_URN,
    ("PATCH", "/Users/{id}"): PATCH_URN,
    ("PATCH", "/Groups/{id}"): PATCH_URN,
    ("POST", "/Users/.search"): SEARCH_URN,
    ("POST", "/Groups/.search"): SEARCH_URN,
    ("POST", "/Bulk"): BULK_URN,
}


@schemathesis.hook
def flatmap_body(context: Any, body: Any) -> st.SearchStrategy[Any]:
    operation = context.operation
    if operation is None or not isinstance(body, dict):
        return st.just(body)
    key = (operation.method.upper(), operation.path)
    urn = REQUIRED_URN.get(key)
    resource = resource_of(operation.path)
    strategies: dict[str, st.SearchStrategy[Any]] = {k: st.just(v) for k, v in body.items()}
    schemas = body.get("schemas")
    if urn is not None and isinstance(schemas, list) and urn not in schemas:
        strategies["schemas"] = steer(st.just([urn, *schemas]), schemas)
    if key[0] == "PATCH" and resource is not None and isinstance(body.get("Operations"), list):
        strategies["Operations"] = steer(patch_operations(resource), body["Operations"])
    if key in (("POST", "/Users"), ("PUT", "/Users/{id}")) and "userName" in body:
        strategies["userName"] = unique_names(body["userName"])
    if key in (("POST", "/Groups"), ("PUT", "/Groups/{id}")) and "displayName" in body:
        strategies["displayName"] = unique_names(body["displayName"])
    if key in (("POST", "/Groups"), ("PUT", "/Groups/{id}")) and isinstance(body.get("members"), list):
        real_members = st.lists(
            st.fixed_dictionaries({"value": st.one_of(known_id("User"), known_id("Group"))}), max_size=5
        )
        strategies["members"] = steer(real_members, body["members"])
    if key[1].endswith("/.search") and resource is not None:
        attrs, multi = attrs_of(resource)
        if "filter" in body:
            strategies["filter"] = steer(filters(attrs, multi), body["filter"])
        if "sortBy" in body:
            strategies["sortBy"] = steer(st.sampled_from(attrs), body["sortBy"])
        for name in ("startIndex", "count"):
            if name in body:
                strategies[name] = steer(PAGE_NUMBERS, body[name])
    return st.fixed_dictionaries(strategies)
