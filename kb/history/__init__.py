"""History: how an act changed over time.

`effects` reads what the stored amending acts do to an act, `diff` compares two versions unit by
unit, `catalog` lists the acts and each act's chain of versions.
"""
