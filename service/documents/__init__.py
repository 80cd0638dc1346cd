"""Documents: template fields and validation, generation with docxtpl, clauses, redlines, previews, PDF, storage.

Pure functions and small classes: no Flask, no database. The service layer of this domain decides what is
stored and who may do what; these modules only check, fill, compare, convert and keep files.
"""
