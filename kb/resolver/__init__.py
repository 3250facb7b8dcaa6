"""The resolver: citations read by `kb.citation` looked up in the store.

`resolve` finds each target (`Resolver`), holding `versions`, which chooses the version a
citation is read against, and `changes`, which says what that version does not include;
`explain` words what exists where a citation finds nothing, `target` is the result type.
`checklist` adds the pamphlet's checklist warnings, `concepts` resolves a concept's provisions.
"""
