"""The action-planning table and the shared rules: columns, kinds, cover fields, lists, where
things sit in the workbook.

In: nothing (data and pure functions). Out: what every later stage reads its columns from.

The table itself is in table.py; its names are re-exported here, so `schema.Key` reads as the
schema's key, wherever it is defined.
"""

from actionbook.schema.table import (
    ACTION_GROUP,
    BARRIERS_GROUP,
    COLUMNS,
    COMMUNICATION_GROUP,
    COMPONENTS,
    COVER_FIELDS,
    DEFAULT_CLOSED_STATUSES,
    DEFAULT_LISTS,
    GOOD_PLAN,
    KPI_GROUP,
    PROGRESS_GROUP,
    PROVENANCE,
    RESOURCES_GROUP,
    RESPONSIBILITY_GROUP,
    SCHEMA_VERSION,
    SDGS,
    TEMPLATE_ID,
    TIMEFRAME_GROUP,
    Column,
    CoverField,
    Key,
    Kind,
    action_keys,
    column,
    cost_keys,
    cover_field,
    cover_keys,
    groups,
    keys_of,
    required_columns,
)

__all__ = [
    "ACTION_GROUP",
    "BARRIERS_GROUP",
    "COLUMNS",
    "COMMUNICATION_GROUP",
    "COMPONENTS",
    "COVER_FIELDS",
    "Column",
    "CoverField",
    "DEFAULT_CLOSED_STATUSES",
    "DEFAULT_LISTS",
    "GOOD_PLAN",
    "KPI_GROUP",
    "Key",
    "Kind",
    "PROGRESS_GROUP",
    "PROVENANCE",
    "RESOURCES_GROUP",
    "RESPONSIBILITY_GROUP",
    "SCHEMA_VERSION",
    "SDGS",
    "TEMPLATE_ID",
    "TIMEFRAME_GROUP",
    "action_keys",
    "column",
    "cover_field",
    "cost_keys",
    "cover_keys",
    "groups",
    "keys_of",
    "required_columns",
]
