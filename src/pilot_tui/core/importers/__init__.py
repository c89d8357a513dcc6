"""Importing CRM exports (Salesforce, HubSpot, Pipedrive, any CSV with a mapping).

Entry points live in ``run``: ``prepare_import`` (read, recognise, check, plan — writes nothing
to the database) and ``apply_import`` (one transaction for the run); the mapping file in
``mapping``. This package imports nothing itself so that the CLI can list presets without
loading pandas (the app's first frame stays fast).
"""
