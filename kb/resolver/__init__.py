"""The resolver: citations read by `kb.citation` looked up in the store.

`resolve` chooses the version and finds each target, `checklist` adds the pamphlet's checklist
warnings, `concepts` resolves a concept's provisions.
"""
