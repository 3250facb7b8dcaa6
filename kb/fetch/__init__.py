"""Sources fetched from Retsinformation (`kb update`): a polite HTTP client
(`client`), the service's addresses and answers (`service`), and what is new for
the stored acts (`plan`). Nothing here writes the store: what is fetched is
imported by `kb.api.import_sources`, as any file is.
"""
