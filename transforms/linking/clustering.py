"""Linked records -> initiatives, strongest links first, never across a veto.

A plain union of every link chains look-alikes together: a page about SI PLUS (2021-2023)
that states no period links to the project's pages and to its 2024-2028 successor's, and
the two projects would become one. So links are taken in order of score, and two groups are
joined only when no record of one has a veto (``scoring.veto``) against a record of the
other. A group remembers the distinct profiles (period, acronyms, countries) of its records,
which is all a veto reads. Among links of equal score, those between records with more links
go first: a page that only mentions the project joins the group its many true pages form,
instead of a chance group of such pages forming first around a record that then vetoes
the join.
"""

from __future__ import annotations

import hashlib
from array import array

from transforms.linking.features import Features
from transforms.linking.scoring import veto

# Distinct profiles kept per group; a larger group is compared on its first ones only.
MAX_PROFILES = 64


class UnionFind:
    """Groups of record indexes; a group's root is its smallest index (its first record_id)."""

    def __init__(self, size: int):
        self.parent = array("q", range(size))

    def root(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.root(i), self.root(j)
        self.parent[max(a, b)] = min(a, b)


# What a veto reads of a record (``scoring.veto``); the file path stores just these.
PROFILE_FIELDS = ("start", "end", "acronyms", "primary", "countries")


def _profile(item: Features) -> tuple[object, ...]:
    return tuple(getattr(item, name) for name in PROFILE_FIELDS)


class Clusters:
    """A union-find whose joins are refused when the two groups hold a vetoed pair."""

    def __init__(self, size: int):
        self.groups = UnionFind(size)
        self._profiles: dict[int, dict[tuple[object, ...], Features]] = {}

    def root(self, i: int) -> int:
        return self.groups.root(i)

    def _members(self, root: int, item: Features) -> dict[tuple[object, ...], Features]:
        found = self._profiles.get(root)
        if found is None:  # a record not linked before: a group of its own
            found = self._profiles[root] = {_profile(item): item}
        return found

    def join(self, i: int, a: Features, j: int, b: Features) -> str | None:
        """Join the groups of records i and j; the reason when a veto keeps them apart."""
        root_a, root_b = self.groups.root(i), self.groups.root(j)
        if root_a == root_b:
            return None
        left = self._members(root_a, a)
        right = self._members(root_b, b)
        for x in left.values():
            for y in right.values():
                reason = veto(x, y)
                if reason:
                    return f"kept apart: {reason}"
        self.groups.union(i, j)
        root = self.groups.root(i)
        merged = left if len(left) >= len(right) else right
        for profile, item in (right if merged is left else left).items():
            if len(merged) >= MAX_PROFILES:
                break
            merged.setdefault(profile, item)
        self._profiles.pop(root_a, None)
        self._profiles.pop(root_b, None)
        self._profiles[root] = merged
        return None


def initiative_id(first_record_id: str) -> str:
    # Named after its smallest member record ID: the same input always gives the same IDs,
    # and unrelated new records never rename an existing initiative.
    return "ini_" + hashlib.sha256(first_record_id.encode()).hexdigest()[:12]
