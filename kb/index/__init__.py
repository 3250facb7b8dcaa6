"""The full-text index: provisions and practice as Whoosh documents with Danish analysis
(`compound` splits compound words), and the query service behind `kb search`.
"""
