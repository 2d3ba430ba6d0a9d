"""Malformed storefront objects: one value replaced or removed at a path, for fuzzing."""

import copy


def paths(obj, prefix=()):
    """Every path (a tuple of keys and indexes) to a value of a nested JSON object."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield (*prefix, key)
            yield from paths(value, (*prefix, key))
    elif isinstance(obj, list):
        for index, value in enumerate(obj):
            yield (*prefix, index)
            yield from paths(value, (*prefix, index))


def mutate(obj, path, value, delete=False):
    """A copy of ``obj`` with ``value`` at ``path``, or without the key when ``delete``.

    Raises KeyError, IndexError or TypeError when an earlier mutation removed the path.
    """
    obj = copy.deepcopy(obj)
    parent = obj
    for step in path[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return obj
