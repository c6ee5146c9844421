"""The preparation steps, in the order automatic preparation proposes
them (:data:`ORDER`). Each is a :class:`~.base.Step`: a name, JSON
parameters, a pure ``apply`` and a ``propose``."""
from __future__ import annotations

from .base import REGISTRY, Step, step_from_dict
from .cells import Choices, CleanSpaces, Dates, Encoding, Numbers, RepairMojibake
from .columns import Coordinates, FilterRows, MapColumns, Municipality, Pivot, Select, Unpivot
from .layout import AsOfColumn, DropEmpty, FillGroups, SplitTables, Stack, TrimRows, UnmergeFill

__all__ = ["AUTOMATIC", "REGISTRY", "Step", "step_from_dict"]

# proposed in this order, each on what the ones before made of the tables;
# filter_rows, pivot, unpivot and select are a person's choice, never proposed
AUTOMATIC: tuple[type[Step], ...] = (
    Encoding, RepairMojibake, TrimRows, SplitTables, UnmergeFill, DropEmpty, CleanSpaces,
    FillGroups, AsOfColumn, Stack, Coordinates, Numbers, Dates, Choices, MapColumns,
    Municipality)
_MANUAL = (FilterRows, Pivot, Unpivot, Select)
