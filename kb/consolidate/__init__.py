"""Consolidation: an act's text after the instructions of chosen amending §§, computed.

A stage after the store: it reads stored versions and the stored units of amending
acts, and gives units; it never writes. `consolidate` is its one entry point.
"""

from kb.consolidate.build import consolidate, parse_apply
from kb.consolidate.model import Applied, Consolidation, Outcome, Unit

__all__ = ["Applied", "Consolidation", "Outcome", "Unit", "consolidate", "parse_apply"]
