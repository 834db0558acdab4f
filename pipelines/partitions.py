"""Sources as Dagster partitions.

Dynamic, so a steward's new source YAML becomes a partition without a code change or a reload:
the source sensor (pipelines/sensors.py) and ``siharvest run`` add every source found by the
loader to the instance.
"""

from collections.abc import Iterable

from dagster import DagsterInstance, DynamicPartitionsDefinition

# The partitions' name as a str: SOURCES.name is typed Optional (a definition may have none).
SOURCES_NAME = "sources"
SOURCES = DynamicPartitionsDefinition(name=SOURCES_NAME)


def ensure_source_partitions(instance: DagsterInstance, names: Iterable[str]) -> list[str]:
    """Add the sources that are not partitions yet; return the ones added."""
    known = set(instance.get_dynamic_partitions(SOURCES_NAME))
    missing = sorted(set(names) - known)
    if missing:
        instance.add_dynamic_partitions(SOURCES_NAME, missing)
    return missing
